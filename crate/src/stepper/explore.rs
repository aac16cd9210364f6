//! Every interleaving: depth-first search over machine states, with a visited
//! set of state hashes (de-duplication) and partial-order reduction — a step
//! that touches only its own thread's locals and stack commutes with every
//! other thread's steps, so it is taken at once, never as a branch point.

use super::search::chain::run_forced;
use super::vm::Machine;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

mod dfs;
mod local;

pub use dfs::{Dfs, DporUse, TURN};
pub use local::{is_local_step, local_run, mask, run_local, run_local_then_runnable};

/// One ending found by the explorer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeRec {
    /// finished | deadlock | assert | error | budget
    pub kind: String,
    /// The simple-typed globals of the main process (name → Python repr), sorted by name.
    #[serde(serialize_with = "globals_object")]
    pub globals: Vec<(String, String)>,
    pub output: String,
    pub message: String,
    /// Distinct end states with this ending (not schedules); for a run cut at a limit (`budget`,
    /// all such runs one ending: `search/endings.rs`), the runs cut.
    pub count: u32,
    /// The first schedule found that reaches it.
    pub witness: String,
    // explore: bounded search, bug hunts and lassos
    /// A lasso (livelock, starvation): the witness's steps before its loop; the rest is the
    /// loop, which leads back to the state it started from.
    #[serde(rename = "loopFrom", skip_serializing_if = "Option::is_none")]
    pub loop_from: Option<u32>,
    /// Bounded search: the fewest preemptions the witness needs (as far as explored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preemptions: Option<u32>,
    /// States visited (exploring) or runs made (hunting) when it was first found.
    #[serde(rename = "foundAt")]
    pub found_at: u32,
}

fn globals_object<S: serde::Serializer>(g: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(g.iter().map(|(k, v)| (k, v)))
}

/// `stepper.explore()`: the reduced exploration and the naive count beside it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExploreReport {
    pub states: u32,
    pub transitions: u32,
    pub complete: bool,
    pub budget_hit: bool,
    /// The same program without reduction or merging, counted up to 100× `states`
    /// (at least 1,000, at most the budget).
    pub naive_states: u32,
    pub naive_complete: bool,
    /// Milliseconds of the reduced exploration only.
    pub ms: f64,
    pub outcomes: Vec<OutcomeRec>,
    // explore: bounded search and bug hunts (search/)
    /// `every`, `bounded` or `hunt`.
    pub search: &'static str,
    /// Bounded: the last bound explored, and the highest bound explored completely.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_bound: Option<u32>,
    /// Hunt: the runs made, and the bug depth d.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<u32>,
    /// The index in `outcomes` of the first ending found that differs from the sequential run's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_other: Option<u32>,
    // speed
    /// Searches: wall-clock milliseconds from the search's start until each ending in `outcomes`
    /// was first found (what a learner waits for it; slices and pauses included).
    #[serde(rename = "foundMs", skip_serializing_if = "Vec::is_empty")]
    pub found_ms: Vec<f64>,
    /// `every`: which reduction gave the result — `dpor` (dynamic partial-order reduction) or
    /// `visited` (a visited set with thread-local and forced steps merged); see `DporUse::Race`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduction: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub struct ExploreResult {
    pub states: u32,
    pub transitions: u32,
    pub complete: bool,
    pub budget_hit: bool,
    pub outcomes: Vec<OutcomeRec>,
    /// `dpor` or `visited` (see [`ExploreReport::reduction`]).
    pub reduction: &'static str,
}

/// The simple-typed globals of the main process, sorted by name, as Python reprs.
pub fn final_globals(m: &Machine) -> Vec<(String, String)> {
    let fmt = m.fmt(0);
    m.mems[0]
        .globals
        .iter()
        .filter(|(k, v)| !k.starts_with("__") && fmt.is_simple(v))
        .map(|(k, v)| (k.to_string(), m.repr(0, v)))
        .collect()
}

/// What the program printed to stdout (stderr lines — uncaught exceptions in threads — left out).
pub fn output_text(m: &Machine) -> String {
    m.output
        .iter()
        .filter(|(_, _, s)| *s == super::vm::Stream::Out)
        .map(|(_, t, _)| t.as_str())
        .collect()
}

/// Everything printed, in order, each stderr line marked `[stderr] ` — an ending's output:
/// a thread that died with an exception ends differently from one that did not.
pub fn ending_output(m: &Machine) -> String {
    let mut out = String::new();
    for (_, t, s) in &m.output {
        if *s == super::vm::Stream::Out {
            out.push_str(t);
        } else {
            for line in t.split_inclusive('\n') {
                out.push_str("[stderr] ");
                out.push_str(line);
            }
        }
    }
    out
}

/// Explores from `init`. `reduce` turns on de-duplication and partial-order
/// reduction; without it every interleaving is a separate path (naive).
pub fn explore(init: &Machine, state_budget: u32, reduce: bool) -> ExploreResult {
    explore_with(init, state_budget, reduce, reduce)
}

/// Explores with de-duplication and partial-order reduction chosen separately
/// (POR applies in the modes that switch anywhere only: elsewhere even a local
/// step moves the GIL or asyncio's turn).
pub fn explore_with(init: &Machine, state_budget: u32, dedup: bool, por: bool) -> ExploreResult {
    let mut d = Dfs::new(init, state_budget, dedup, por);
    d.run(u32::MAX);
    d.result()
}

/// The hasher for sets and maps keyed by a state hash: the key is already a well-mixed 64-bit
/// hash (`Machine::state_hash`), so hashing it again (SipHash, the default) only costs time.
#[derive(Default)]
pub struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of state hashes.
pub type StateSet = HashSet<u64, BuildHasherDefault<KeyIsHash>>;
/// A map from state hashes.
pub type StateMap<V> = HashMap<u64, V, BuildHasherDefault<KeyIsHash>>;

/// The threads chosen from the root to link `at`, in order.
pub fn chosen(links: &[(u32, u32)], mut at: u32) -> Vec<u32> {
    let mut out = vec![];
    while at != 0 {
        let (parent, t) = links[at as usize];
        out.push(t);
        at = parent;
    }
    out.reverse();
    out
}

/// `chosen` replayed from `init` (with the same local steps in between) while recording.
pub fn replay_chosen(init: &Machine, chosen: &[u32], por: bool) -> Machine {
    replay_chosen_with(init, chosen, por, false)
}

/// `replay_chosen`, with the forced steps after each (`chain`: see `search/chain.rs`).
pub fn replay_chosen_with(init: &Machine, chosen: &[u32], por: bool, chain: bool) -> Machine {
    let mut m = init.clone();
    m.record_schedule = true;
    if por {
        run_local(&mut m);
    }
    if chain {
        run_forced(&mut m, por);
    }
    for &t in chosen {
        m.step_unchecked(t);
        if por {
            run_local(&mut m);
        }
        if chain {
            run_forced(&mut m, por);
        }
    }
    m
}

/// The schedule that reaches link `at`.
pub(super) fn witness(
    init: &Machine,
    links: &[(u32, u32)],
    at: u32,
    por: bool,
    chain: bool,
) -> String {
    replay_chosen_with(init, &chosen(links, at), por, chain).schedule
}
