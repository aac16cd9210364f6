//! Partial-order reduction's thread-local steps: which next step touches only its own
//! thread's locals and stack (so it commutes with every other thread's steps), running such
//! steps at once, and thread sets as bit masks.

use super::super::compile::Op;
use super::super::sched::runnable;
use super::super::syntax::ast::{BinOp, CmpOp};
use super::super::value::Value;
use super::super::vm::stdlib::atomic_holder;
use super::super::vm::{objects::int_op, Kind, Machine, MAX_STEPS};

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
            // The VM's own integer arithmetic decides: local exactly when it does not raise
            // (`%` by zero, overflow past 64 bits); `/` makes a float (not plain).
            (Some(Value::Int(a)), Some(Value::Int(b))) => {
                *op != BinOp::Div && int_op(*op, *a, *b).is_ok()
            }
            (Some(Value::Str(_)), Some(Value::Str(_))) => *op == BinOp::Add,
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
    if m.mode.switches_anywhere() {
        return run_local_incremental(m);
    }
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

/// [`run_local_then_runnable`] where a switch may follow any step (there the runnable threads
/// are the ready ones, unless one is inside an itertools call: `sched::runnable`). A thread-local
/// step changes only its own thread, so only its own readiness is asked again — unless the
/// step left nothing ready and the virtual clock jumped (`Machine::check_end`), waking others.
/// (speed: deciding who is ready looks at every thread; this was several of those per step.)
fn run_local_incremental(m: &mut Machine) -> (u64, Option<Vec<u32>>) {
    let mut stepped = 0u64;
    let mut ready = m.ready();
    let mut left = MAX_LOCAL;
    while left > 0 {
        if m.outcome.is_some() {
            break;
        }
        let holder = atomic_holder(m, &ready);
        let local = match holder {
            Some(c) => Some(c).filter(|c| is_local_step(m, *c)),
            None => ready.iter().copied().find(|t| is_local_step(m, *t)),
        };
        let Some(t) = local else {
            return (stepped, Some(holder.map_or(ready, |c| vec![c])));
        };
        let now = m.extras.now;
        // The lowest thread with a local step stays so while it takes them (they change no
        // other thread): its whole run at once.
        left -= run_of(m, t, left);
        stepped |= 1 << t;
        if m.extras.now != now {
            ready = m.ready();
            continue;
        }
        let ok = m.is_live(t) && m.blocker(t).is_none();
        match (ready.binary_search(&t), ok) {
            (Ok(i), false) => {
                ready.remove(i);
            }
            (Err(i), true) => ready.insert(i, t),
            _ => {}
        }
    }
    (stepped, None)
}

/// Local steps taken at once, at most (a run of them may not end: `while True: pass`).
const MAX_LOCAL: u32 = 100_000;

/// A run of local steps longer than this is remembered (`vm/local_runs.rs`): from its step this
/// many on (shorter runs cost less to take than to look up).
const REMEMBER_AFTER: u32 = 64;

/// Takes `t`'s local steps, if its next is one, until its next is not (at most `max`; long runs
/// from memory: [`run_of`]); returns how many.
pub fn local_run(m: &mut Machine, t: u32, max: u32) -> u32 {
    match m.outcome.is_none() && is_local_step(m, t) {
        true => run_of(m, t, max),
        false => 0,
    }
}

/// Takes `t`'s local steps (at least one, at most `max`) until its next one is not local;
/// returns how many. A long run is taken from memory where it was taken before from the same
/// thread part ([`super::super::vm::LocalRuns`]), and remembered where not.
fn run_of(m: &mut Machine, t: u32, max: u32) -> u32 {
    let mut n = 0;
    while n < max && m.outcome.is_none() && (n == 0 || is_local_step(m, t)) {
        if n == REMEMBER_AFTER && rememberable(m, t) {
            return n + remembered_run(m, t, max - n);
        }
        m.step_unchecked(t);
        n += 1;
    }
    n
}

/// Whether a run of `t`'s local steps may be taken from memory: not while a witness is replayed
/// (it records every step's thread), not for an asyncio task (a cancel may reach it before a
/// step), and only where a switch may follow any step (the GIL modes count steps).
fn rememberable(m: &Machine, t: u32) -> bool {
    !m.record_schedule && m.threads[t as usize].kind != Kind::Task && m.mode.switches_anywhere()
}

/// [`run_of`] from memory, or taken and remembered.
fn remembered_run(m: &mut Machine, t: u32, max: u32) -> u32 {
    let from = m.threads.part(t as usize).clone();
    if let Some((to, n)) = m.local_runs.get(&from) {
        if n <= max && m.steps + n < MAX_STEPS {
            m.apply_local_run(t, to, n);
            return n;
        }
    }
    let meter = (m.meter.charged, m.meter.next_check);
    let mut n = 0;
    while n < max && m.outcome.is_none() && is_local_step(m, t) {
        m.step_unchecked(t);
        n += 1;
    }
    // Remembered only if it ended for want of a local step, with nothing charged to the memory
    // meter (a charge may make the machine measure and free unreachable objects: not local).
    let ended = m.outcome.is_none() && !is_local_step(m, t);
    if ended && meter == (m.meter.charged, m.meter.next_check) {
        let to = m.threads.part(t as usize).clone();
        m.local_runs.insert(from, to, n);
    }
    n
}

/// The threads in `ts` as a bit set.
pub fn mask(ts: &[u32]) -> u64 {
    ts.iter().fold(0, |a, t| a | 1 << t)
}
