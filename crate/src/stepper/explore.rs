//! Every interleaving: depth-first search over machine states, with a visited
//! set of state hashes (de-duplication) and partial-order reduction — a step
//! that touches only its own thread's locals and stack commutes with every
//! other thread's steps, so it is taken at once, never as a branch point.

use super::compile::Op;
use super::sched::runnable;
use super::search::chain::{run_forced, Forced};
use super::search::endings::Endings;
use super::search::lasso;
use super::search::por::{Dpor, Tally};
use super::syntax::ast::{BinOp, CmpOp};
use super::value::Value;
use super::vm::Machine;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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
    /// Distinct end states with this ending (not schedules).
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
}

#[derive(Clone, Debug)]
pub struct ExploreResult {
    pub states: u32,
    pub transitions: u32,
    pub complete: bool,
    pub budget_hit: bool,
    pub outcomes: Vec<OutcomeRec>,
}

/// A value whose use reads no heap (so an operation on it is thread-local).
fn plain(v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) => true,
        Value::Tuple(xs) => xs.iter().all(plain),
        _ => false,
    }
}

/// Whether `tid`'s next step reads and writes only its own frame (so it commutes with everything).
pub fn is_local_step(m: &Machine, tid: u32) -> bool {
    let t = &m.threads[tid as usize];
    if t.pending.is_some() {
        return false;
    }
    let Some(f) = t.frames.last() else {
        return false;
    };
    let Some(i) = m.prog.codes[f.code as usize].instrs.get(f.pc as usize) else {
        return false;
    };
    let n = f.stack.len();
    let top = |k: usize| {
        if n > k {
            Some(&f.stack[n - 1 - k])
        } else {
            None
        }
    };
    match &i.op {
        Op::LoadConst(_)
        | Op::LoadFast(_)
        | Op::StoreFast(_)
        | Op::Jump(_)
        | Op::PopTop
        | Op::DupTop
        | Op::DupTopTwo
        | Op::RotTwo
        | Op::BuildTuple(_)
        | Op::MakeFunction(_) => true,
        Op::BuildString(_) => true,
        Op::SetupExcept(..) | Op::PopExcept => true, // classes and exceptions: no-ops
        // A step that raises is not local: an uncaught exception ends its thread with a
        // traceback on stderr (output other threads' prints are ordered against), or the run.
        // So only the forms that cannot raise count.
        Op::UnpackSequence(n) => {
            matches!(top(0), Some(Value::Tuple(xs)) if xs.len() == *n as usize)
                && top(0).is_some_and(plain)
        }
        Op::FormatValue(_)
        | Op::UnaryNot
        | Op::PopJumpIfFalse(_)
        | Op::PopJumpIfTrue(_)
        | Op::JumpIfFalseOrPop(_)
        | Op::JumpIfTrueOrPop(_) => top(0).is_some_and(plain),
        Op::UnaryNeg => matches!(top(0), Some(Value::Int(x)) if x.checked_neg().is_some()),
        Op::Binary(op, _) => match (top(1), top(0)) {
            (Some(Value::Int(a)), Some(Value::Int(b))) => match op {
                BinOp::Add => a.checked_add(*b).is_some(),
                BinOp::Sub => a.checked_sub(*b).is_some(),
                BinOp::Mul => a.checked_mul(*b).is_some(),
                _ => false,
            },
            _ => false,
        },
        Op::Compare(c) => match c {
            CmpOp::Eq | CmpOp::Ne | CmpOp::Is | CmpOp::IsNot => {
                top(0).is_some_and(plain) && top(1).is_some_and(plain)
            }
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => matches!(
                (top(1), top(0)),
                (Some(Value::Int(_)), Some(Value::Int(_)))
                    | (Some(Value::Str(_)), Some(Value::Str(_)))
            ),
            CmpOp::In | CmpOp::NotIn => false,
        },
        Op::ForIter(_) => matches!(top(0), Some(Value::RangeIter(..) | Value::TupleIter(..))),
        _ => false,
    }
}

/// Takes local steps (lowest thread first) until none is left; returns the threads that stepped
/// (bit `t` for thread `t`: ids are below 64).
pub fn run_local(m: &mut Machine) -> u64 {
    run_local_then_runnable(m).0
}

/// [`run_local`], and the threads runnable where it stopped (when it stopped for want of a
/// local step: the explorer's next branch point, so it need not ask again).
pub fn run_local_then_runnable(m: &mut Machine) -> (u64, Option<Vec<u32>>) {
    let mut stepped = 0u64;
    for _ in 0..100_000 {
        if m.outcome.is_some() {
            break;
        }
        let run = runnable(m);
        match run.iter().copied().find(|t| is_local_step(m, *t)) {
            Some(t) => {
                m.step_unchecked(t);
                stepped |= 1 << t;
            }
            None => return (stepped, Some(run)),
        }
    }
    (stepped, None)
}

/// The threads in `ts` as a bit set.
pub fn mask(ts: &[u32]) -> u64 {
    ts.iter().fold(0, |a, t| a | 1 << t)
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

/// One state on the DFS path: the machine, its parent link, the threads it may step (and how
/// many of them have been tried), and the threads whose steps led into it.
struct Node {
    m: Machine,
    hash: u64,
    link: u32,
    run: Vec<u32>,
    next: usize,
    /// Threads that stepped on the way in (the chosen one and the local steps after it).
    stepped: u64,
    // explore: stronger reduction — the forced steps on the way in
    forced: Forced,
}

/// Depth-first search over machine states that can stop and resume (the page asks for a
/// slice at a time and shows progress between slices).
///
/// De-duplication keeps a set of state hashes. A step back into a state on the current path
/// closes a cycle: a program that can run forever. Each cycle is a lasso ending — the path to
/// the cycle's first state, then the loop — classified by [`lasso::classify`].
/// Without de-duplication (naive counting) a cycle is cut the same way, so the count stays
/// finite; its lassos are not reported.
///
/// Memory is linear in the states visited: the path holds one machine per depth, and each
/// state adds one parent link (8 bytes); a witness is rebuilt from the links only when a new
/// ending is found.
pub struct Dfs {
    init: Machine,
    budget: u32,
    dedup: bool,
    por: bool,
    visited: StateSet,
    /// Depth on the current path of each state on it.
    on_path: StateMap<u32>,
    /// links[i] = (parent link, thread chosen); the root is link 0.
    links: Vec<(u32, u32)>,
    path: Vec<Node>,
    pub states: u32,
    pub transitions: u32,
    pub budget_hit: bool,
    pub endings: Endings,
    // explore: stronger reduction — DPOR where a switch may follow any step; forced steps elsewhere
    dpor: Option<Box<Dpor>>,
    chain: bool,
}

impl Dfs {
    pub fn new(init: &Machine, budget: u32, dedup: bool, por: bool) -> Dfs {
        Dfs::new_with(init, budget, dedup, por, Endings::default())
    }

    /// A search whose endings go into `endings` (e.g. one that knows the sequential run's).
    pub fn new_with(init: &Machine, budget: u32, dedup: bool, por: bool, endings: Endings) -> Dfs {
        // explore: forced steps taken at once (search/chain.rs); DPOR only if chosen (search/por.rs)
        let dpor = dedup && por && super::search::por::DPOR_DEFAULT;
        Dfs::new_opts(init, budget, dedup, por, (dedup && !dpor, dpor), endings)
    }

    /// `new_with`, choosing whether forced steps are taken at once and whether DPOR is used
    /// where a switch may follow any step (`(chain, dpor)`).
    pub fn new_opts(
        init: &Machine,
        budget: u32,
        dedup: bool,
        por: bool,
        (chain, dpor): (bool, bool),
        endings: Endings,
    ) -> Dfs {
        let por = por && init.mode.switches_anywhere();
        let mut d = Dfs {
            init: init.clone(),
            budget,
            dedup,
            por,
            visited: StateSet::default(),
            on_path: StateMap::default(),
            links: vec![(0, u32::MAX)],
            path: vec![],
            states: 0,
            transitions: 0,
            budget_hit: false,
            endings,
            dpor: None,
            chain,
        };
        if dpor && d.por {
            d.dpor = Some(Box::new(Dpor::new(init, &mut d.tally())));
        } else {
            d.start();
        }
        d
    }

    /// Puts the initial state (after its local and forced steps) on the path.
    fn start(&mut self) {
        let mut start = self.init.clone();
        start.record_schedule = false;
        let stepped = if self.por { run_local(&mut start) } else { 0 };
        let forced = match self.chain {
            true => run_forced(&mut start, self.por),
            false => Forced::default(),
        };
        let h = start.state_hash();
        self.visited.insert(h);
        self.enter(start, h, 0, stepped | forced.stepped, forced, None);
    }

    fn tally(&mut self) -> Tally<'_> {
        Tally {
            states: &mut self.states,
            transitions: &mut self.transitions,
            budget_hit: &mut self.budget_hit,
            endings: &mut self.endings,
            budget: self.budget,
        }
    }

    /// Counts a new state; an ending is recorded, any other state goes on the path (`run`: its
    /// runnable threads, if known).
    fn enter(
        &mut self,
        m: Machine,
        hash: u64,
        link: u32,
        stepped: u64,
        forced: Forced,
        run: Option<Vec<u32>>,
    ) {
        self.states += 1;
        if m.outcome.is_some() {
            let (init, links, por, chain) = (&self.init, &self.links, self.por, self.chain);
            self.endings.add_end(&m, self.states, || {
                (witness(init, links, link, por, chain), None)
            });
            return;
        }
        let run = run.unwrap_or_else(|| runnable(&m));
        self.on_path.insert(hash, self.path.len() as u32);
        self.path.push(Node {
            m,
            hash,
            link,
            run,
            next: 0,
            stepped,
            forced,
        });
    }

    /// Explores up to `max_states` more states; true once the search is over (complete or
    /// out of budget).
    pub fn run(&mut self, max_states: u32) -> bool {
        if let Some(mut p) = self.dpor.take() {
            if let Some(over) = p.run(max_states, &mut self.tally()) {
                self.dpor = Some(p);
                return over;
            }
            // DPOR gave up (search/por.rs): the search with a visited set, from the start.
            self.budget = self.budget.saturating_add(self.states);
            self.endings = self.endings.restarted();
            self.start();
        }
        let stop_at = self.states.saturating_add(max_states);
        while let Some(top) = self.path.last_mut() {
            if top.next >= top.run.len() {
                let done = self.path.pop().expect("a node");
                self.on_path.remove(&done.hash);
                continue;
            }
            if self.states >= self.budget {
                self.budget_hit = true;
                self.path.clear();
                return true;
            }
            if self.states >= stop_at {
                return false;
            }
            let t = top.run[top.next];
            top.next += 1;
            let link = top.link;
            let mut c = top.m.clone();
            c.step_unchecked(t);
            self.transitions += 1;
            let mut stepped = 1u64 << t;
            let mut run = None;
            if self.por {
                let (s, r) = run_local_then_runnable(&mut c);
                (stepped, run) = (stepped | s, r);
            }
            let forced = match self.chain {
                true => run_forced(&mut c, self.por),
                false => Forced::default(),
            };
            stepped |= forced.stepped;
            let h = c.state_hash();
            if let Some(&depth) = self.on_path.get(&h) {
                if self.dedup {
                    self.lasso(depth as usize, t, stepped, forced);
                }
                continue;
            }
            if self.dedup && !self.visited.insert(h) {
                continue;
            }
            self.links.push((link, t));
            let l = (self.links.len() - 1) as u32;
            // run_local's runnable set is stale once forced steps moved the state on.
            let run = if forced.stepped == 0 { run } else { None };
            self.enter(c, h, l, stepped, forced, run);
        }
        true
    }

    /// A step by `t` (then local steps `stepped`) from the top of the path back to the state at
    /// `depth`: records the lasso.
    fn lasso(&mut self, depth: usize, t: u32, stepped: u64, forced: Forced) {
        let loop_nodes = &self.path[depth..];
        let stepped_in_loop = loop_nodes[1..].iter().fold(stepped, |a, n| a | n.stepped);
        let mut enabled: Vec<u64> = loop_nodes.iter().map(|n| mask(&n.run)).collect();
        // explore: the states passed by forced steps inside the loop count too
        enabled.extend(loop_nodes[1..].iter().flat_map(|n| n.forced.enabled()));
        enabled.extend(forced.enabled());
        let start = &self.path[depth].m;
        let (kind, message) = lasso::classify(start, stepped_in_loop, &enabled);
        let (init, links, por, chain) = (&self.init, &self.links, self.por, self.chain);
        let (to_loop, top) = (
            self.path[depth].link,
            self.path.last().map_or(0, |n| n.link),
        );
        self.endings
            .add_lasso(start, kind, message, self.states, || {
                lasso::witness(init, links, to_loop, top, t, por, chain)
            });
    }

    pub fn result(&self) -> ExploreResult {
        ExploreResult {
            states: self.states,
            transitions: self.transitions,
            complete: !self.budget_hit,
            budget_hit: self.budget_hit,
            outcomes: self.endings.list.clone(),
        }
    }
}

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
fn witness(init: &Machine, links: &[(u32, u32)], at: u32, por: bool, chain: bool) -> String {
    replay_chosen_with(init, &chosen(links, at), por, chain).schedule
}
