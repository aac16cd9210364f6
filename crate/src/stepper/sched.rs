//! The modes as rules about *which* threads may take the next step, and the
//! built-in schedulers (sequential, seeded random).

use super::vm::{Machine, Mode};

/// Threads the learner may step now, under the machine's mode.
pub fn runnable(m: &Machine) -> Vec<u32> {
    // speed: when the current thread keeps the CPU (under a GIL until its switch point, in
    // asyncio until it awaits, inside an itertools call), only its own readiness matters —
    // not every thread's, which is most of a `gil` step's cost.
    if let Some(c) = m.current.filter(|_| m.outcome.is_none()) {
        if keeps_cpu(m, c) && m.is_live(c) && m.blocker(c).is_none() {
            return vec![c];
        }
    }
    let ready = m.ready();
    let keep_current = |extra: bool| -> Option<Vec<u32>> {
        let c = m.current?;
        (ready.contains(&c) && !m.threads[c as usize].yielded && extra).then(|| vec![c])
    };
    // stdlib: an itertools iterator's next() is one step of CPython's (a C call).
    if let Some(c) = super::vm::stdlib::atomic_holder(m, &ready) {
        return vec![c];
    }
    match m.mode {
        Mode::Threads | Mode::Processes | Mode::Spawn | Mode::Forkserver => ready,
        Mode::Gil => keep_current(m.run_count < m.gil_interval).unwrap_or(ready),
        // run_count is 0 right after an eval-breaker check (vm/modes.rs).
        Mode::GilEval => keep_current(m.run_count != 0).unwrap_or(ready),
        Mode::Asyncio => keep_current(true).unwrap_or(ready),
    }
}

/// Whether the current thread `c`, if ready, is the only one that may step: the rules of
/// [`runnable`] below, without asking who else is ready.
fn keeps_cpu(m: &Machine, c: u32) -> bool {
    if super::vm::stdlib::holds_atomic(m, c) {
        return true;
    }
    let yielded = m.threads.get(c as usize).is_none_or(|t| t.yielded);
    match m.mode {
        Mode::Threads | Mode::Processes | Mode::Spawn | Mode::Forkserver => false,
        Mode::Gil => !yielded && m.run_count < m.gil_interval,
        Mode::GilEval => !yielded && m.run_count != 0,
        Mode::Asyncio => !yielded,
    }
}

/// Why `tid` may not step now, or None if it may.
pub fn why_not(m: &Machine, tid: u32) -> Option<String> {
    if let Some(o) = &m.outcome {
        return Some(format!("the run is over ({})", o.kind));
    }
    let Some(t) = m.threads.get(tid as usize) else {
        return Some(format!("there is no thread {tid}"));
    };
    if !m.is_live(tid) {
        return Some(format!("{} has finished", t.name));
    }
    if let Some(w) = super::snapshot::waiting_for(m, tid) {
        return Some(format!("{} is blocked: it waits for {w}", t.name));
    }
    if !runnable(m).contains(&tid) {
        let c = m
            .current
            .map(|c| m.threads[c as usize].name.to_string())
            .unwrap_or_default();
        return Some(match m.mode {
            Mode::Gil => format!(
                "{c} holds the GIL until it has run {} bytecodes, blocks or sleeps",
                m.gil_interval
            ),
            Mode::GilEval => format!(
                "{c} holds the GIL until its next call or backward jump (where CPython checks its eval breaker), or until it blocks or sleeps"
            ),
            Mode::Asyncio => format!("{c} runs until its next `await` that suspends"),
            _ => format!("{} cannot run now", t.name),
        });
    }
    None
}

/// Steps `tid` if the mode allows; the error says why not.
pub fn step(m: &mut Machine, tid: u32) -> Result<(), String> {
    if let Some(why) = why_not(m, tid) {
        return Err(why);
    }
    m.step_unchecked(tid);
    Ok(())
}

/// Threads one after another in start order: the current thread runs until it
/// blocks or ends, then the next live thread (cyclically, by id) that can run.
pub fn run_sequential(m: &mut Machine, max_steps: u32) -> u32 {
    let mut cur = m.current.unwrap_or(0);
    let mut n = 0;
    while n < max_steps {
        let run = runnable(m);
        if run.is_empty() {
            break;
        }
        if !run.contains(&cur) {
            cur = run.iter().copied().find(|t| *t > cur).unwrap_or(run[0]);
        }
        m.step_unchecked(cur);
        n += 1;
    }
    n
}

/// A small deterministic PRNG (xorshift32).
pub struct Rng(u32);

impl Rng {
    pub fn new(seed: u32) -> Rng {
        Rng(seed.wrapping_mul(2_654_435_761).wrapping_add(0x9e37_79b9) | 1)
    }
    pub fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

/// A seeded random scheduler; returns the number of steps taken.
pub fn run_random(m: &mut Machine, seed: u32, max_steps: u32) -> u32 {
    let mut rng = Rng::new(seed);
    let mut n = 0;
    while n < max_steps {
        let run = runnable(m);
        if run.is_empty() {
            break;
        }
        let t = run[(rng.next_u32() % run.len() as u32) as usize];
        m.step_unchecked(t);
        n += 1;
    }
    n
}

/// Steps `tid` until it reaches another line, blocks, ends or may not run.
pub fn step_line(m: &mut Machine, tid: u32) -> Result<(), String> {
    let start = (
        m.position(tid),
        m.threads.get(tid as usize).map_or(0, |t| t.frames.len()),
    );
    step(m, tid)?;
    for _ in 0..10_000 {
        if why_not(m, tid).is_some() {
            break;
        }
        let now = (m.position(tid), m.threads[tid as usize].frames.len());
        let line_changed = now.0.map(|p| p.0) != start.0.map(|p| p.0) || now.1 != start.1;
        // Stop at the first instruction of a new line (a backward jump to the same line counts as new).
        let at_line_start = now.0.is_some_and(|(_, pc)| {
            let f = m.threads[tid as usize].frames.last().expect("frame");
            let instrs = &m.prog.codes[f.code as usize].instrs;
            pc == 0
                || instrs.get(pc as usize - 1).map(|i| i.line)
                    != instrs.get(pc as usize).map(|i| i.line)
        });
        if line_changed || (at_line_start && now.0.map(|p| p.1) <= start.0.map(|p| p.1)) {
            break;
        }
        m.step_unchecked(tid);
    }
    Ok(())
}

/// Replays a schedule string from a fresh machine; the error names the first bad position.
pub fn replay(init: &Machine, schedule: &str) -> Result<Machine, String> {
    let tids = super::schedule::parse(schedule)?;
    let mut m = init.clone();
    for (i, t) in tids.into_iter().enumerate() {
        step(&mut m, t).map_err(|e| format!("position {}: thread {t}: {e}", i + 1))?;
    }
    Ok(m)
}
