//! Who a thread is: the names CPython gives threads (one counter for `Thread-N` and
//! `Dummy-N`, ` (target)` appended; `Process-N` for processes), daemon flags, `kwargs=`,
//! and the `Thread` / `Process` objects that `current_thread`, `main_thread`,
//! `enumerate` and `current_process` return.

use super::super::value::{Builtin, Value};
use super::clock::TInfo;
use super::threads_extra::truthy;
use super::*;

impl Machine {
    /// The OS thread `tid` runs on: an asyncio task runs on its process's first thread.
    pub(super) fn os_thread(&self, tid: u32) -> u32 {
        match self.threads.get(tid as usize) {
            Some(t) if t.kind == Kind::Task => {
                let p = t.process;
                (0..self.threads.len() as u32)
                    .find(|x| self.threads[*x as usize].process == p)
                    .unwrap_or(0)
            }
            _ => tid,
        }
    }

    pub(super) fn new_name(&mut self, prefix: &str) -> String {
        self.ex().names += 1;
        format!("{prefix}-{}", self.extras.names)
    }

    /// After `threading.Thread(...)` / `multiprocessing.Process(...)` made object `v`: its CPython
    /// name, daemon flag, and `kwargs=` bound into its arguments.
    pub(super) fn thread_info_new(
        &mut self,
        tid: u32,
        b: Builtin,
        v: &Value,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<()> {
        let Value::ThreadObj(o) = *v else {
            return Ok(());
        };
        let target_name = self.target_name(o);
        let name = match kwarg("name") {
            Some(Value::None) | None if b == Builtin::Process => {
                self.ex().process_names += 1;
                format!("Process-{}", self.extras.process_names)
            }
            Some(Value::None) | None => {
                let mut n = self.new_name("Thread");
                if let Some(f) = target_name {
                    n.push_str(&format!(" ({f})"));
                }
                n
            }
            Some(Value::Str(s)) => s.to_string(),
            Some(other) => self.repr(self.threads[tid as usize].process, &other),
        };
        let daemon = match kwarg("daemon") {
            None | Some(Value::None) => self.extras.daemons.contains(&tid),
            Some(d) => truthy(&d),
        };
        self.ex().tinfo.insert(
            o,
            TInfo {
                name: name.into(),
                daemon,
                timer: None,
                cancelled: false,
                dummy: false,
            },
        );
        Ok(())
    }

    /// `kwargs={...}` of a Timer or `_thread.start_new_thread`: the target then runs through the
    /// prelude's `_thread_run`, as `Thread(kwargs=…)` does (see `funcs::thread_target`).
    pub(super) fn bind_kwargs(&mut self, tid: u32, o: u32, kw: &Value) -> R<()> {
        let t = &self.tobjs[o as usize];
        let (target, args) = (t.target.clone(), t.args.clone());
        let p = self.proc(tid) as u32;
        let (target, args) = self.thread_target(p, target, args, Some(kw.clone()))?;
        let t = &mut self.tobjs[o as usize];
        (t.target, t.args) = (target, args);
        Ok(())
    }

    /// The function a thread object will run, for its name: the user's target, not the
    /// prelude's `_thread_run` that calls it with keyword arguments.
    pub(super) fn target_name(&self, o: u32) -> Option<String> {
        let t = &self.tobjs[o as usize];
        let run = self.prog.prelude.get("_thread_run").copied();
        let target = match (&t.target, t.args.first()) {
            (Value::Func(f), Some(real)) if Some(*f) == run => real,
            (other, _) => other,
        };
        match target {
            Value::Func(f) => Some(self.func_name(*f)),
            Value::Closure(c) => Some(self.func_name(c.code)),
            _ => None,
        }
    }

    /// After `start()` made thread `new` for object `o`: a daemon is remembered; a Timer sleeps
    /// its interval first (or, cancelled before it started, ends at once).
    pub(super) fn on_thread_started(&mut self, o: u32, new: u32) {
        let Some(info) = self.extras.tinfo.get(&o).cloned() else {
            return;
        };
        // The page names the thread as CPython does (`Thread-1 (worker)`, `Process-2`); a
        // Thread run as a process in `processes` mode keeps the stepper's `Process-N`.
        let is_process = self.tobjs[o as usize].is_process;
        if is_process || self.threads[new as usize].kind == Kind::Thread {
            self.threads[new as usize].name = info.name.clone();
            if is_process {
                let p = self.threads[new as usize].process as usize;
                self.mems[p].name = info.name.clone();
            }
        }
        if info.daemon {
            self.ex().daemons.insert(new);
        }
        if let Some(ns) = info.timer {
            if info.cancelled {
                self.end_thread(new);
            } else if ns > 0 {
                let at = self.extras.now.saturating_add(ns);
                self.ex().wakes.insert(new, at);
            }
        }
    }

    pub(super) fn end_thread(&mut self, t: u32) {
        let th = &mut self.threads[t as usize];
        th.state = TState::Done;
        th.frames.clear();
        self.ex().wakes.remove(&t);
        self.ex().deadlines.remove(&t);
    }

    /// The `Thread` object of thread `t` (made on first use for the main thread, a process's
    /// main thread and `_thread`'s threads, as CPython makes `_MainThread` / `_DummyThread`).
    pub(super) fn thread_obj_of(&mut self, t: u32) -> Value {
        let t = self.os_thread(t);
        let started_as_thread = self.threads[t as usize].kind == Kind::Thread;
        // A Thread's own object; the main thread of the program or of a process gets a
        // `MainThread` object (target None) on first use.
        let found = self.tobjs.iter().position(|o| {
            o.tid == Some(t) && !o.is_process && (started_as_thread || o.target == Value::None)
        });
        let o = match found {
            Some(o) => o as u32,
            None => {
                self.tobjs.push(TObj {
                    target: Value::None,
                    args: vec![],
                    is_process: false,
                    tid: Some(t),
                });
                let o = (self.tobjs.len() - 1) as u32;
                self.ex().tinfo.insert(
                    o,
                    TInfo {
                        name: "MainThread".into(),
                        daemon: false,
                        timer: None,
                        cancelled: false,
                        dummy: false,
                    },
                );
                o
            }
        };
        if self
            .extras
            .tinfo
            .get(&o)
            .is_some_and(|i| i.dummy && i.name.is_empty())
        {
            let n = self.new_name("Dummy");
            if let Some(i) = self.ex().tinfo.get_mut(&o) {
                i.name = n.into();
            }
        }
        Value::ThreadObj(o)
    }

    /// The process object of `tid`'s process (`MainProcess` made on first use).
    pub(super) fn process_obj_of(&mut self, tid: u32) -> Value {
        let p = self.threads[tid as usize].process;
        let root = (0..self.threads.len() as u32)
            .find(|x| self.threads[*x as usize].process == p)
            .unwrap_or(0);
        if p != 0 {
            if let Some(o) = self.tobjs.iter().position(|o| o.tid == Some(root)) {
                return Value::ThreadObj(o as u32);
            }
        }
        if let Some(o) = self
            .tobjs
            .iter()
            .position(|o| o.is_process && o.tid == Some(root))
        {
            return Value::ThreadObj(o as u32);
        }
        self.tobjs.push(TObj {
            target: Value::None,
            args: vec![],
            is_process: true,
            tid: Some(root),
        });
        let o = (self.tobjs.len() - 1) as u32;
        self.ex().tinfo.insert(
            o,
            TInfo {
                name: "MainProcess".into(),
                daemon: false,
                timer: None,
                cancelled: false,
                dummy: false,
            },
        );
        Value::ThreadObj(o)
    }

    /// The live threads `threading.enumerate()` lists: the main thread, then every started
    /// `Thread` (and named `_thread` thread) still running, in `tid`'s process.
    pub(super) fn live_thread_objs(&mut self, tid: u32) -> Vec<Value> {
        let p = self.threads[tid as usize].process;
        let mut out = vec![];
        for t in 0..self.threads.len() as u32 {
            let th = &self.threads[t as usize];
            if th.process != p || th.state != TState::Live || th.kind == Kind::Task {
                continue;
            }
            let first = out.is_empty();
            let has_obj = self.tobjs.iter().enumerate().any(|(i, o)| {
                o.tid == Some(t)
                    && !self
                        .extras
                        .tinfo
                        .get(&(i as u32))
                        .is_some_and(|x| x.dummy && x.name.is_empty())
            });
            if first || has_obj {
                out.push(self.thread_obj_of(t));
            }
        }
        out
    }
}
