//! The three ways to search a program's schedules, behind one resumable driver (the page runs a
//! slice at a time in its worker and shows progress between slices):
//!
//! - `every`: every interleaving ([`super::explore::Dfs`]: de-duplication, partial-order
//!   reduction of thread-local steps, cycles reported as lassos — see [`lasso`]);
//! - `bounded`: every schedule with at most P preemptions, P raised while the budget lasts
//!   ([`bounded`]);
//! - `hunt`: a bug hunt by probabilistic concurrency testing ([`pct`]).
//!
//! The report says which ending first differed from the sequential run's, and after how many
//! states (or runs): the bench's "to the first lost update".

pub mod bounded;
pub mod endings;
pub mod lasso;
pub mod pct;
// explore: stronger reduction (DPOR, footprints, forced steps)
pub mod chain;
pub mod footprint;
pub mod footprint_check;
mod last_access;
pub mod por;
mod por_race;

use super::explore::{explore, Dfs, ExploreReport};
use super::sched::run_sequential;
use super::vm::Machine;
use serde::Serialize;

/// Which search, with its parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Strategy {
    Every,
    Bounded,
    Hunt { depth: u32, seed: u32 },
}

impl Strategy {
    /// `every`, `bounded` or `hunt`; the error lists them.
    pub fn parse(s: &str, depth: u32, seed: u32) -> Result<Strategy, String> {
        match s {
            "every" => Ok(Strategy::Every),
            "bounded" => Ok(Strategy::Bounded),
            "hunt" => Ok(Strategy::Hunt { depth, seed }),
            _ => Err(format!("unknown search `{s}` (every, bounded or hunt)")),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Every => "every",
            Strategy::Bounded => "bounded",
            Strategy::Hunt { .. } => "hunt",
        }
    }
}

enum Engine {
    Every(Box<Dfs>),
    Bounded(Box<bounded::Bounded>),
    Hunt(Box<pct::Pct>),
}

/// A search under way.
pub struct Search {
    init: Machine,
    budget: u32,
    strategy: Strategy,
    engine: Engine,
    pub done: bool,
    /// Ended by [`Search::stop`] before it was over.
    pub stopped: bool,
}

/// What the page shows while a search runs.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub done: bool,
    pub states: u32,
    pub transitions: u32,
    pub endings: u32,
    /// Bounded search: the bound being explored, and the highest explored completely.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_bound: Option<u32>,
    /// Hunt: runs made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<u32>,
}

/// The sequential run's end state (what the program "should" do), for spotting a different one.
fn sequential_end(init: &Machine) -> Machine {
    let mut m = init.clone();
    m.record_schedule = false;
    run_sequential(&mut m, 100_000);
    m
}

impl Search {
    pub fn new(init: &Machine, strategy: Strategy, budget: u32) -> Search {
        let engine = match strategy {
            Strategy::Every => {
                let e = endings::Endings::expecting(&sequential_end(init));
                Engine::Every(Box::new(Dfs::new_with(init, budget, true, true, e)))
            }
            Strategy::Bounded => Engine::Bounded(Box::new(bounded::Bounded::new(
                init,
                budget,
                endings::Endings::expecting(&sequential_end(init)),
            ))),
            Strategy::Hunt { depth, seed } => {
                Engine::Hunt(Box::new(pct::Pct::new(init, depth, seed, budget)))
            }
        };
        Search {
            init: init.clone(),
            budget,
            strategy,
            engine,
            done: false,
            stopped: false,
        }
    }

    /// Ends the search now (its report holds what was found so far, and no naive count).
    pub fn stop(&mut self) {
        self.stopped = !self.done;
        self.done = true;
    }

    /// Runs about `slice` more states (hunt: steps); true once the search is over.
    pub fn run(&mut self, slice: u32) -> bool {
        if !self.done {
            self.done = match &mut self.engine {
                Engine::Every(d) => d.run(slice),
                Engine::Bounded(b) => b.run(slice),
                Engine::Hunt(h) => h.run(slice),
            };
        }
        self.done
    }

    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            done: self.done,
            states: 0,
            transitions: 0,
            endings: 0,
            bound: None,
            complete_bound: None,
            runs: None,
        };
        match &self.engine {
            Engine::Every(d) => {
                (p.states, p.transitions) = (d.states, d.transitions);
                p.endings = d.endings.list.len() as u32;
            }
            Engine::Bounded(b) => {
                (p.states, p.transitions) = (b.states, b.transitions);
                p.endings = b.endings.list.len() as u32;
                p.bound = Some(b.bound);
                p.complete_bound = b.complete_bound;
            }
            Engine::Hunt(h) => {
                (p.states, p.transitions) = (h.steps, h.steps);
                p.endings = h.endings.list.len() as u32;
                p.runs = Some(h.runs);
            }
        }
        p
    }

    /// The report (`ms`: the time spent searching). For `every`, the naive count is made now.
    pub fn report(&self, ms: f64) -> ExploreReport {
        let p = self.progress();
        let (endings, complete, budget_hit) = match &self.engine {
            Engine::Every(d) => (&d.endings, !d.budget_hit && !self.stopped, d.budget_hit),
            Engine::Bounded(b) => (&b.endings, b.exhausted, b.budget_hit),
            Engine::Hunt(h) => (&h.endings, false, h.steps >= self.budget),
        };
        let (naive_states, naive_complete) = if self.strategy == Strategy::Every && !self.stopped {
            // Only a comparison for the learner, so it stops at 100× the reduced count.
            let naive_budget = self.budget.min(p.states.saturating_mul(100).max(1_000));
            let n = explore(&self.init, naive_budget, false);
            (n.states, n.complete)
        } else {
            (0, false)
        };
        ExploreReport {
            states: p.states,
            transitions: p.transitions,
            complete,
            budget_hit,
            naive_states,
            naive_complete,
            ms,
            outcomes: endings.list.clone(),
            search: self.strategy.name(),
            bound: p.bound,
            complete_bound: p.complete_bound,
            runs: p.runs,
            depth: match self.strategy {
                Strategy::Hunt { depth, .. } => Some(depth),
                _ => None,
            },
            first_other: endings.first_other.map(|i| i as u32),
            found_ms: endings.found_ms.clone(),
            reduction: match &self.engine {
                Engine::Every(d) => Some(d.reduction),
                _ => None,
            },
        }
    }
}
