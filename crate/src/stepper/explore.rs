//! Every interleaving: depth-first search over machine states, with a visited
//! set of state hashes (de-duplication) and partial-order reduction — a step
//! that touches only its own thread's locals and stack commutes with every
//! other thread's steps, so it is taken at once, never as a branch point.

use super::compile::Op;
use super::sched::runnable;
use super::value::Value;
use super::vm::{Machine, Mode};
use serde::Serialize;
use std::collections::HashSet;

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
        Op::UnpackSequence(_) => {
            matches!(top(0), Some(Value::Tuple(_))) && top(0).is_some_and(plain)
        }
        Op::FormatValue(_)
        | Op::UnaryNot
        | Op::UnaryNeg
        | Op::PopJumpIfFalse(_)
        | Op::PopJumpIfTrue(_)
        | Op::JumpIfFalseOrPop(_)
        | Op::JumpIfTrueOrPop(_) => top(0).is_some_and(plain),
        Op::Binary(..) | Op::Compare(_) => top(0).is_some_and(plain) && top(1).is_some_and(plain),
        Op::ForIter(_) => matches!(top(0), Some(Value::RangeIter(..) | Value::TupleIter(..))),
        _ => false,
    }
}

/// Takes local steps (lowest thread first) until none is left.
fn run_local(m: &mut Machine) {
    for _ in 0..100_000 {
        if m.outcome.is_some() {
            return;
        }
        let run = runnable(m);
        match run.into_iter().find(|t| is_local_step(m, *t)) {
            Some(t) => m.step_unchecked(t),
            None => return,
        }
    }
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
        .enumerate()
        .filter(|(i, _)| !m.stderr.contains(&(*i as u32)))
        .map(|(_, (_, t))| t.as_str())
        .collect()
}

/// Explores from `init`. `reduce` turns on de-duplication and partial-order
/// reduction; without it every interleaving is a separate path (naive).
pub fn explore(init: &Machine, state_budget: u32, reduce: bool) -> ExploreResult {
    explore_with(init, state_budget, reduce, reduce)
}

/// Explores with de-duplication and partial-order reduction chosen separately
/// (POR applies in the threads and processes modes only: elsewhere even a local
/// step moves the GIL or asyncio's turn).
///
/// Memory is linear in the states visited: a state on the DFS stack carries no schedule
/// (recording is off); each one pushed adds one parent link (8 bytes), and a witness is
/// rebuilt from the links only when a new ending is found.
pub fn explore_with(init: &Machine, state_budget: u32, dedup: bool, por: bool) -> ExploreResult {
    let reduce = dedup;
    let por = por && matches!(init.mode, Mode::Threads | Mode::Processes);
    let mut start = init.clone();
    start.record_schedule = false;
    if por {
        run_local(&mut start);
    }
    let mut visited: HashSet<u64> = HashSet::new();
    visited.insert(start.state_hash());
    // links[i] = (parent link, thread chosen); the root is link 0.
    let mut links: Vec<(u32, u32)> = vec![(0, u32::MAX)];
    let mut stack = vec![(start, 0u32)];
    let (mut states, mut transitions) = (0u32, 0u32);
    let mut outcomes: Vec<OutcomeRec> = vec![];
    let mut budget_hit = false;
    while let Some((m, link)) = stack.pop() {
        if states >= state_budget {
            budget_hit = true;
            break;
        }
        states += 1;
        if let Some(o) = &m.outcome {
            let globals = final_globals(&m);
            let output = output_text(&m);
            let message = if o.kind == "finished" {
                String::new()
            } else {
                o.message.clone()
            };
            match outcomes.iter_mut().find(|r| {
                r.kind == o.kind
                    && r.globals == globals
                    && r.output == output
                    && r.message == message
            }) {
                Some(r) => r.count += 1,
                None => outcomes.push(OutcomeRec {
                    kind: o.kind.to_string(),
                    globals,
                    output,
                    message,
                    count: 1,
                    witness: witness(init, &links, link, por),
                }),
            }
            continue;
        }
        let run = runnable(&m);
        for &t in run.iter().rev() {
            let mut c = m.clone();
            c.step_unchecked(t);
            transitions += 1;
            if por {
                run_local(&mut c);
            }
            if reduce && !visited.insert(c.state_hash()) {
                continue;
            }
            links.push((link, t));
            stack.push((c, (links.len() - 1) as u32));
        }
    }
    ExploreResult {
        states,
        transitions,
        complete: !budget_hit,
        budget_hit,
        outcomes,
    }
}

/// The schedule that reaches link `at`: the chosen threads from the root, replayed from `init`
/// (with the same local steps in between) while recording.
fn witness(init: &Machine, links: &[(u32, u32)], mut at: u32, por: bool) -> String {
    let mut chosen = vec![];
    while at != 0 {
        let (parent, t) = links[at as usize];
        chosen.push(t);
        at = parent;
    }
    let mut m = init.clone();
    m.record_schedule = true;
    if por {
        run_local(&mut m);
    }
    for t in chosen.into_iter().rev() {
        m.step_unchecked(t);
        if por {
            run_local(&mut m);
        }
    }
    m.schedule
}
