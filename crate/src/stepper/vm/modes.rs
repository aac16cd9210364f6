//! The Pythons as modes: which real Python each mode models, where it may switch threads, and
//! how its processes start.
//!
//! - `free-threaded` (CPython 3.13t/3.14t, no GIL): a switch may follow any bytecode.
//! - `gil-3.10` (CPython 3.10 and later, with the GIL): the running thread drops the GIL only
//!   where the interpreter checks its *eval breaker*. In CPython 3.12's `Python/bytecodes.c`
//!   that is `CHECK_EVAL_BREAKER()` in `RESUME` (a function's entry, so after every call of a
//!   Python function), at the end of `CALL` and its specialised forms and `CALL_FUNCTION_EX`
//!   (after a call of a C function), and in `JUMP_BACKWARD` (each turn of a loop); 3.14 names
//!   the same check `_CHECK_PERIODIC` in the same three places. `RETURN_VALUE`, loads, stores
//!   and binary operators never check it. So here a switch may follow a `Call`/`CallKw`, a
//!   backward jump and a `WithExit` (CPython calls `__exit__` with `CALL`), plus whenever the
//!   running thread blocks, sleeps or ends. `counter += 1` is one uninterrupted run of
//!   load/add/store; `counter = add(counter, 1)` may switch inside the call.
//! - `gil-3.9` (CPython before 3.10): a switch after every k bytecodes (the old check interval,
//!   an approximation of the 5 ms switch interval), or when the thread blocks, sleeps or ends.
//! - `asyncio`: one thread; a task switches only at an `await` that suspends.
//! - `fork`, `spawn`, `forkserver`: every `Thread` and `Process` is a process; a `fork` child
//!   starts with a copy of its parent's memory, a `spawn`/`forkserver` child re-runs the module
//!   as `__mp_main__` (so code under `if __name__ == "__main__":` does not run again) and then
//!   calls its target with its arguments pickled: copies, except multiprocessing's shared
//!   objects (`Value`, `Lock`, `Queue`), which stay shared.
//!
//! The names `threads`, `gil` and `processes` (before the Pythons were modes) still parse, as
//! `free-threaded`, `gil-3.9` and `fork`: the same rules, so old links replay as they did.

use super::super::value::Value;
use super::*;

/// How a child process starts (`multiprocessing.set_start_method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartMethod {
    Fork,
    Spawn,
    Forkserver,
}

/// The module name a spawned child runs the program under (`__name__` there).
pub const MP_MAIN: &str = "__mp_main__";

/// Every mode name the page offers, in its order.
pub const MODE_NAMES: &[&str] = &[
    "free-threaded",
    "gil-3.10",
    "gil-3.9",
    "asyncio",
    "fork",
    "spawn",
    "forkserver",
];

/// A mode by its name, or by its old name (`threads`, `gil`, `processes`).
pub fn parse(s: &str) -> Option<Mode> {
    Some(match s {
        "free-threaded" | "threads" => Mode::Threads,
        "gil-3.10" => Mode::GilEval,
        "gil-3.9" | "gil" => Mode::Gil,
        "asyncio" => Mode::Asyncio,
        "fork" | "processes" => Mode::Processes,
        "spawn" => Mode::Spawn,
        "forkserver" => Mode::Forkserver,
        _ => return None,
    })
}

pub fn name(m: Mode) -> &'static str {
    match m {
        Mode::Threads => "free-threaded",
        Mode::GilEval => "gil-3.10",
        Mode::Gil => "gil-3.9",
        Mode::Asyncio => "asyncio",
        Mode::Processes => "fork",
        Mode::Spawn => "spawn",
        Mode::Forkserver => "forkserver",
    }
}

impl Mode {
    /// Every `Thread` and `Process` started is a process.
    pub fn is_processes(self) -> bool {
        matches!(self, Mode::Processes | Mode::Spawn | Mode::Forkserver)
    }

    /// A switch may follow any step (so a thread-local step commutes with every other).
    pub fn switches_anywhere(self) -> bool {
        matches!(self, Mode::Threads) || self.is_processes()
    }

    /// How `multiprocessing.Process` starts a child in this mode. The thread modes fork, as
    /// CPython 3.11 on Linux (the Python the test harness runs) does by default.
    pub fn start_method(self) -> StartMethod {
        match self {
            Mode::Spawn => StartMethod::Spawn,
            Mode::Forkserver => StartMethod::Forkserver,
            _ => StartMethod::Fork,
        }
    }
}

/// Whether running `op` at `pc` passes a point where CPython 3.10+ checks its eval breaker.
pub fn checks_eval_breaker(op: &Op, pc: u32) -> bool {
    match op {
        Op::Call(_) | Op::CallKw(..) | Op::WithExit => true,
        Op::Jump(t)
        | Op::PopJumpIfFalse(t)
        | Op::PopJumpIfTrue(t)
        | Op::JumpIfFalseOrPop(t)
        | Op::JumpIfTrueOrPop(t)
        | Op::ForIter(t) => *t <= pc,
        _ => false,
    }
}

use super::super::compile::Op;

impl Machine {
    /// Before `tid` runs its next instruction: under `gil-3.10`, `run_count` becomes 0 when the
    /// instruction passes an eval-breaker check (a switch may follow it) and 1 when it does not.
    pub(super) fn note_eval_breaker(&mut self, tid: u32) {
        if self.mode != Mode::GilEval {
            return;
        }
        let check = self.threads[tid as usize].frames.last().is_some_and(|f| {
            self.prog.codes[f.code as usize]
                .instrs
                .get(f.pc as usize)
                .is_some_and(|i| checks_eval_breaker(&i.op, f.pc))
        });
        self.run_count = u32::from(!check);
    }

    /// Whether `tid` is a spawned child still re-running the module (its bootstrapping phase).
    pub(super) fn bootstrapping(&self, tid: u32) -> bool {
        let t = &self.threads[tid as usize];
        tid != 0 && t.kind == Kind::Process && t.frames.first().is_some_and(|f| f.code == 0)
    }

    /// `Process.start()` under spawn or forkserver: a new process whose memory is a fresh
    /// module (`__name__ == "__mp_main__"`), its arguments pickled into its heap. The child
    /// first runs the module; [`Machine::after_bootstrap`] then calls the target.
    pub(super) fn spawn_process(&mut self, parent: u32, o: u32) -> R<u32> {
        if self.bootstrapping(parent) {
            return rt("RuntimeError: An attempt has been made to start a new process before the current process has finished its bootstrapping phase. (This probably means that you are not using fork to start your child processes and you have forgotten to use the proper idiom in the main module: if __name__ == '__main__': ...)");
        }
        if self.threads.len() >= MAX_THREADS {
            return rt(format!("RuntimeError: can't start new process (ThreadLab's stepper allows at most {MAX_THREADS} threads, tasks and processes per program, the main thread included)"));
        }
        let from = self.proc(parent);
        // multiprocessing: pickled now, unpickled in the child once it has run the module
        // (so an instance finds its class there by name).
        let heap = vec![];
        let args = self.tobjs[o as usize].args.clone();
        let mut copied = Vec::with_capacity(args.len());
        for a in &args {
            copied.push(self.mp_pickle(from, a)?);
        }
        // The child's module globals: the ones a fresh run starts with (Machine::new says
        // which), under the name a spawned child runs the module as.
        let fresh = Machine::new(self.prog.clone(), self.mode, self.gil_interval);
        let mut globals = fresh.mems[0].globals.clone();
        globals.insert(Rc::from("__name__"), Value::Str(MP_MAIN.into()));
        let tid = self.threads.len() as u32;
        let count = self
            .threads
            .iter()
            .filter(|t| t.kind == Kind::Process)
            .count()
            + 1;
        let name: Rc<str> = format!("Process-{count}").into();
        self.mems.push(Memory {
            name: name.clone(),
            globals,
            writers: Shared::default(),
            heap: heap.into(),
        });
        let process = (self.mems.len() - 1) as u32;
        self.threads.push(Thread {
            name,
            kind: Kind::Process,
            process,
            frames: CowVec::new(),
            pending: None,
            state: TState::Live,
            yielded: false,
            result: Value::None,
        });
        self.tobjs[o as usize].args = copied;
        self.push_frame(tid, 0, vec![])?;
        Ok(tid)
    }

    /// Called when `tid`'s last frame has returned: if it was a spawned child's run of the
    /// module, its target starts now (true); otherwise the thread has ended (false).
    pub(super) fn after_bootstrap(&mut self, tid: u32, returned_code: u32) -> bool {
        if tid == 0 || returned_code != 0 || self.threads[tid as usize].kind != Kind::Process {
            return false;
        }
        let Some(o) = self.tobjs.iter().position(|o| o.tid == Some(tid)) else {
            return false;
        };
        let (target, args) = (self.tobjs[o].target.clone(), self.tobjs[o].args.clone());
        let Value::Func(f) = target else {
            return false;
        };
        // multiprocessing: the arguments unpickled in the child
        let args = args
            .into_iter()
            .map(|a| self.mp_unpickle(tid, a))
            .collect::<R<Vec<_>>>();
        if let Err(e) = args.and_then(|args| self.push_frame(tid, f, args)) {
            let t = &mut self.threads[tid as usize];
            t.state = TState::Failed;
            self.outcome = Some(Outcome {
                kind: "error",
                message: format!("{}: {}", t.name, e.msg),
                line: None,
            });
        }
        true
    }
}
