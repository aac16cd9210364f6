//! Runs of thread-local steps, remembered (speed). A thread-local step reads and writes only its
//! own thread's frames (`explore/local.rs`: `is_local_step`), so a run of them from a given
//! thread part always ends in the same part, whatever the other threads are doing. The explorer
//! reaches the same long run again in every branch where another thread's position differs:
//! the book's prime checkers loop 10,000 times between prints, and exploring them replayed that
//! loop — some 80,000 steps — in each of thousands of states. Remembered, the run is replayed
//! by putting its last part in place ([`Machine::apply_local_run`]).

use super::{CowVec, Machine, Shared, Thread, MAX_STEPS};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// At most this many runs are remembered per program (each holds two thread parts).
const MAX_RUNS: usize = 10_000;

/// A run: the thread part it started from, the one it ended in, and its steps.
type Run = (Shared<Thread>, Shared<Thread>, u32);

/// The runs remembered for one program, shared by every copy of its machine.
#[derive(Clone, Default)]
pub struct LocalRuns(Rc<RefCell<HashMap<u64, Run>>>);

impl fmt::Debug for LocalRuns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LocalRuns({})", self.0.borrow().len())
    }
}

impl LocalRuns {
    /// The run that starts from `part`, if remembered (the part compared, not only its hash).
    pub fn get(&self, part: &Shared<Thread>) -> Option<(Shared<Thread>, u32)> {
        let runs = self.0.borrow();
        let (from, to, n) = runs.get(&part.digest())?;
        (from == part).then(|| (to.clone(), *n))
    }

    /// Remembers a run of `n` steps from `from` to `to`.
    pub fn insert(&self, from: Shared<Thread>, to: Shared<Thread>, n: u32) {
        let mut runs = self.0.borrow_mut();
        if runs.len() < MAX_RUNS {
            runs.insert(from.digest(), (from, to, n));
        }
    }
}

impl Machine {
    /// Thread `tid`'s part becomes `part`, as `n` thread-local steps left it: what
    /// `step_unchecked` does `n` times — the part (frames, `yielded`), the step count, whose turn
    /// it is — and the end-of-step checks once (before the last step `tid` could run, so they
    /// found nothing). Only where a switch may follow any step (no GIL count) and the run stays
    /// under the step limit; the caller ([`super::super::explore::run_local`]) makes sure.
    pub fn apply_local_run(&mut self, tid: u32, part: Shared<Thread>, n: u32) {
        debug_assert!(self.mode.switches_anywhere() && self.steps + n < MAX_STEPS);
        if self.current != Some(tid) {
            self.current = Some(tid);
            self.run_count = 0;
        }
        self.run_count += n;
        self.steps += n;
        let threads: &mut CowVec<Thread> = &mut self.threads;
        threads.set_part(tid as usize, part);
        self.check_end();
        self.main_exit_outcome();
    }
}
