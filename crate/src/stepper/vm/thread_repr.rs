//! `repr()` of a `threading.Thread` object, in CPython's shape:
//! `<Thread(Thread-1 (worker), started 140000000000001)>`, `<_MainThread(MainThread, started
//! 140000000000000)>`, `<Timer(Thread-2, initial)>`, `<Thread(Thread-3, stopped daemon 140…3)>`.
//!
//! CPython's `Thread.__repr__` is `<ClassName(name, status)>` with status `initial`, `started`
//! or `stopped`, then ` daemon`, then the ident once the thread has one. CPython's ident is the
//! OS thread's address (`pthread_self()`, e.g. 140536042280640), different on every run; the
//! stepper's is `IDENT_BASE + thread id` (140000000000000 for the main thread, …001 for the
//! first thread started: see `clock::IDENT_BASE`), what `threading.get_ident()` and `t.ident`
//! return here, so a run's output replays exactly and the harness prints the same.

use super::clock::IDENT_BASE;
use super::*;

impl Machine {
    /// The repr of thread object `t` (a `Thread`, `Timer` or the main thread; not a `Process`).
    pub(super) fn thread_repr(&self, t: u32) -> String {
        let o = &self.tobjs[t as usize];
        let info = self.extras.tinfo.get(&t);
        let name = info.map_or_else(|| "Thread".into(), |i| i.name.to_string());
        let class = match (o.tid, info) {
            (_, Some(i)) if i.timer.is_some() => "Timer",
            (_, Some(i)) if i.dummy => "_DummyThread",
            (Some(tid), _) if self.threads[tid as usize].kind != Kind::Thread => "_MainThread",
            _ => "Thread",
        };
        let mut status = match o.tid {
            None => "initial",
            Some(tid) if self.threads[tid as usize].state == TState::Live => "started",
            Some(_) => "stopped",
        }
        .to_string();
        if info.is_some_and(|i| i.daemon) {
            status.push_str(" daemon");
        }
        if let Some(tid) = o.tid {
            status.push_str(&format!(" {}", IDENT_BASE + tid as i64));
        }
        format!("<{class}({name}, {status})>")
    }
}
