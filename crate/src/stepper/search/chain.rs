//! Forced steps taken at once: a state where exactly one thread may run (under a GIL while the
//! running thread keeps it, in asyncio until the running task awaits, or when every other
//! thread is blocked) offers no choice, so the explorer steps on without storing it. Only the
//! states with a choice (and the endings) are states of the search.
//!
//! A run of forced steps that never ends (one thread spinning alone) stops after [`CAP`] steps
//! and becomes a state, so a cycle of forced steps still closes on the search path (as a
//! lasso) after at most its length in such states.

use super::super::explore::run_local_then_runnable;
use super::super::sched::runnable;
use super::super::vm::Machine;

/// The most forced steps taken at once.
pub const CAP: u32 = 1_000;

/// What a run of forced steps passed through (for classifying a lasso through it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Forced {
    /// The threads that stepped.
    pub stepped: u64,
    /// The threads runnable in every state passed (intersection) and in any (union).
    pub all: u64,
    pub any: u64,
}

impl Default for Forced {
    fn default() -> Forced {
        Forced {
            stepped: 0,
            all: u64::MAX,
            any: 0,
        }
    }
}

impl Forced {
    /// The runnable sets to add to a lasso's states (none if no forced step was taken).
    pub fn enabled(&self) -> Vec<u64> {
        match self.stepped {
            0 => vec![],
            _ => vec![self.all, self.any],
        }
    }
}

/// Takes forced steps (after each, the local steps if `por`) until a state offers a choice,
/// the run ends or [`CAP`] steps were taken.
pub fn run_forced(m: &mut Machine, por: bool) -> Forced {
    run_forced_from(m, por, None).0
}

/// [`run_forced`] where the runnable threads of `m` may be known already (`run`); also returns
/// the runnable threads where it stopped, if it stopped at a choice.
pub fn run_forced_from(
    m: &mut Machine,
    por: bool,
    mut known: Option<Vec<u32>>,
) -> (Forced, Option<Vec<u32>>) {
    let mut f = Forced::default();
    for _ in 0..CAP {
        if m.outcome.is_some() {
            break;
        }
        let run = known.take().unwrap_or_else(|| runnable(m));
        let [t] = run[..] else {
            return (f, Some(run));
        };
        f.all &= 1 << t;
        f.any |= 1 << t;
        f.stepped |= 1 << t;
        m.step_unchecked(t);
        if por {
            let (s, r) = run_local_then_runnable(m);
            f.stepped |= s;
            known = r;
        }
    }
    (f, None)
}
