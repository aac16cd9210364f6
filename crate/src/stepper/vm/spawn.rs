//! Starting threads and processes: a new thread shares its process's memory; a process
//! starts with a copy (a fork) in which only multiprocessing's objects stay shared.

use super::super::value::{Builtin, HeapObj, QueueKind, SyncObj, Value};
use super::modes::StartMethod;
use super::*;
use std::collections::BTreeMap;
use std::rc::Rc;

impl Machine {
    pub(super) fn new_thread(
        &mut self,
        parent: u32,
        kind: Kind,
        frame_func: u32,
        args: Vec<Value>,
        copy_memory: bool,
    ) -> R<u32> {
        if self.threads.len() >= MAX_THREADS {
            return rt(format!("RuntimeError: can't start new thread (ThreadLab's stepper allows at most {MAX_THREADS} threads, tasks and processes per program, the main thread included)"));
        }
        let tid = self.threads.len() as u32;
        let count = self.threads.iter().filter(|t| t.kind == kind).count() + 1;
        let name = match kind {
            Kind::Thread => format!("Thread-{count}"),
            Kind::Process => format!("Process-{count}"),
            Kind::Task => format!("Task-{count}"),
            Kind::Main => "MainThread".into(),
        };
        let mut process = self.threads[parent as usize].process;
        let mut args = args;
        if copy_memory {
            let mut m = self.mems[process as usize].clone();
            m.name = name.as_str().into();
            m.writers.clear();
            // A fork copies threading's objects too (in their current state);
            // only multiprocessing's are shared between processes.
            let shared = self.process_shared_syncs();
            let mut map = BTreeMap::new();
            for i in 0..self.syncs.len() as u32 {
                if !shared.contains(&i) {
                    map.insert(i, (self.syncs.len() + map.len()) as u32);
                }
            }
            let copies: Vec<SyncObj> = map
                .keys()
                .map(|i| match &self.syncs[*i as usize] {
                    SyncObj::Condition { lock, .. } => SyncObj::Condition {
                        lock: *map.get(lock).unwrap_or(lock),
                        waiters: vec![],
                    },
                    other => other.clone(),
                })
                .collect();
            self.syncs.extend(copies);
            // clock
            self.fork_extras(&map);
            for v in m.globals.values_mut() {
                *v = remap(v, &map);
            }
            for o in &mut m.heap {
                match o {
                    HeapObj::List(xs) => xs.iter_mut().for_each(|x| *x = remap(x, &map)),
                    HeapObj::Dict(kv) => kv.iter_mut().for_each(|(k, x)| {
                        *k = remap(k, &map);
                        *x = remap(x, &map);
                    }),
                    // classes and exceptions
                    HeapObj::Instance { attrs, .. } => {
                        attrs.iter_mut().for_each(|(_, x)| *x = remap(x, &map))
                    }
                    HeapObj::Class(c) => c.attrs.iter_mut().for_each(|(_, x)| *x = remap(x, &map)),
                    // functions
                    other => super::stmts::remap_heap(other, &|v| remap(v, &map)),
                }
            }
            args = args.iter().map(|a| remap(a, &map)).collect();
            self.mems.push(m);
            process = (self.mems.len() - 1) as u32;
        }
        self.threads.push(Thread {
            name: name.into(),
            kind,
            process,
            frames: CowVec::new(),
            pending: None,
            state: TState::Live,
            yielded: false,
            result: Value::None,
        });
        if let Err(e) = self.push_frame(tid, frame_func, args) {
            self.threads.pop();
            if copy_memory {
                self.mems.pop();
            }
            return Err(e);
        }
        Ok(tid)
    }

    /// Sync objects shared by all processes: multiprocessing's Lock, Queue, Value (and its lock).
    pub(super) fn process_shared_syncs(&self) -> Vec<u32> {
        let mut out = vec![];
        for (i, s) in self.syncs.iter().enumerate() {
            match s {
                SyncObj::Lock { mp: true, .. }
                | SyncObj::Queue {
                    kind: QueueKind::Process,
                    ..
                } => out.push(i as u32),
                SyncObj::MpValue { lock, .. } | SyncObj::MpArray { lock, .. } => {
                    out.push(i as u32);
                    out.push(*lock);
                }
                // multiprocessing: a Pipe end and its queues
                SyncObj::Conn { rx, tx, .. } => {
                    out.push(i as u32);
                    out.extend(rx.iter().chain(tx.iter()));
                }
                _ => {}
            }
        }
        out
    }

    /// `threading.Thread(target=…, args=…)` / `multiprocessing.Process(…)`, before `start()`.
    pub(super) fn make_thread_obj(
        &mut self,
        b: Builtin,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
        kwarg: &dyn Fn(&str) -> Option<Value>,
        p: u32,
    ) -> R<Value> {
        use Builtin as B;
        Ok({
            if !args.is_empty() {
                return rt("TypeError: ThreadLab's Thread/Process take keyword arguments only: target=…, args=(…)");
            }
            for (k, _) in kw {
                if !matches!(&**k, "target" | "args" | "name" | "daemon" | "kwargs") {
                    return rt(format!("TypeError: Thread() got an unexpected keyword argument '{k}' in ThreadLab's subset"));
                }
            }
            let target = kwarg("target").unwrap_or(Value::None);
            if !Machine::callable(&target) && !self.has_call_dunder(&target) {
                return rt(format!(
                    "TypeError: '{}' object is not callable",
                    type_name(&target)
                ));
            }
            let targs = match kwarg("args") {
                None => vec![],
                Some(Value::Tuple(t)) => t.to_vec(),
                Some(Value::List(id)) => list_items(&self.mems[p as usize].heap, id),
                Some(v) => {
                    return rt(format!(
                        "TypeError: args= must be a tuple, not {}",
                        type_name(&v)
                    ))
                }
            };
            // functions: a closure, a decorated function or kwargs= run through the prelude.
            let (target, targs) = self.thread_target(p, target, targs, kwarg("kwargs"))?;
            self.tobjs.push(TObj {
                target,
                args: targs,
                is_process: b == B::Process,
                tid: None,
            });
            Value::ThreadObj((self.tobjs.len() - 1) as u32)
        })
    }

    /// `start`, `join` (which runs only once the thread has ended) and `is_alive`.
    pub(super) fn call_thread_method(
        &mut self,
        tid: u32,
        o: u32,
        name: &str,
        no_kw: &dyn Fn(&str) -> R<()>,
    ) -> R<Done> {
        let v = {
            no_kw(name)?;
            match name {
                "start" => {
                    let t = self.tobjs[o as usize].clone();
                    if t.tid.is_some() {
                        return rt("RuntimeError: threads can only be started once");
                    }
                    // classes and exceptions: a bound method, or a subclass's run()
                    let p = self.proc(tid);
                    let Some((f, targs)) = self.thread_entry(p, &t) else {
                        return rt("TypeError: target is not a function");
                    };
                    let shown = self.thread_display_name(p, &t);
                    if self.prog.codes[f as usize].is_async {
                        return rt("TypeError: a thread's target must not be an async function");
                    }
                    // multiprocessing: a pool's result handler is a thread of the parent in every mode.
                    let as_process = t.is_process
                        || (self.mode.is_processes() && !self.mp_handler_target(&t.target));
                    let kind = if as_process {
                        Kind::Process
                    } else {
                        Kind::Thread
                    };
                    let new = if as_process && self.mode.start_method() != StartMethod::Fork {
                        if !matches!(t.target, Value::Func(_)) {
                            return rt("NotImplementedError: ThreadLab's stepper starts a Process subclass or a method target only with the fork start method (choose the fork mode)");
                        }
                        self.spawn_process(tid, o)?
                    } else {
                        self.new_thread(tid, kind, f, targs, as_process)?
                    };
                    self.tobjs[o as usize].tid = Some(new);
                    if let Some(n) = shown {
                        self.threads[new as usize].name = n;
                    }
                    // clock
                    self.on_thread_started(o, new);
                    Value::None
                }
                "join" => {
                    if self.tobjs[o as usize].tid.is_none() {
                        return rt("RuntimeError: cannot join thread before it is started");
                    }
                    Value::None
                }
                "is_alive" => {
                    Value::Bool(self.tobjs[o as usize].tid.is_some_and(|t| self.is_live(t)))
                }
                _ => return rt(format!("AttributeError: Thread has no method '{name}'")),
            }
        };
        Ok(Done::Value(v))
    }
}

/// `v` with sync object ids replaced per `map` (a process's copies).
pub(super) fn remap(v: &Value, map: &BTreeMap<u32, u32>) -> Value {
    match v {
        Value::Sync(s) => Value::Sync(*map.get(s).unwrap_or(s)),
        Value::Tuple(xs) => Value::Tuple(xs.iter().map(|x| remap(x, map)).collect()),
        Value::Method(m) => Value::Method(Rc::new((remap(&m.0, map), m.1.clone()))),
        // functions
        Value::Closure(c) => Value::Closure(Rc::new(super::super::value::Closure {
            code: c.code,
            defaults: c.defaults.iter().map(|x| remap(x, map)).collect(),
            kwdefaults: c
                .kwdefaults
                .iter()
                .map(|x| x.as_ref().map(|x| remap(x, map)))
                .collect(),
            cells: c.cells.clone(),
        })),
        // classes and exceptions
        Value::Bound(b) => Value::Bound(Rc::new((remap(&b.0, map), remap(&b.1, map)))),
        other => other.clone(),
    }
}

/// Values that may go through a multiprocessing.Queue (no references into one process's heap).
pub(super) fn crosses_processes(v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) => true,
        Value::Tuple(xs) => xs.iter().all(crosses_processes),
        // multiprocessing: pickled (vm/mp_pickle.rs)
        Value::Parcel(_) | Value::Float(_) | Value::Func(_) | Value::Builtin(_) => true,
        _ => false,
    }
}
