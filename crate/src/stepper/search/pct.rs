//! The bug hunt: probabilistic concurrency testing (PCT; Burckhardt, Kothari, Musuvathi and
//! Nagarakatte, ASPLOS 2010). Each run gives every thread a random priority and always runs the
//! highest-priority thread that can run; at d − 1 random steps (the *change points*, drawn from
//! 1..k, k the length of a run) the running thread drops below every other. A bug of depth d —
//! one that needs d ordering constraints, a lost update needs 2 — is then found by each run with
//! probability at least 1/(n·k^(d−1)) for n threads, whatever the program; in practice far more
//! often. A thread created during a run gets a random priority then.
//!
//! Runs go on until one ends differently from the sequential run (the "bug"), or the step
//! budget (the exploration's state budget) or [`MAX_RUNS`] is spent. Every run's schedule is
//! recorded, so each ending's witness replays exactly; the seed makes the hunt repeatable.

use super::super::sched::{run_sequential, runnable, Rng};
use super::super::vm::Machine;
use super::endings::Endings;

/// The most runs one hunt makes.
pub const MAX_RUNS: u32 = 100_000;

pub struct Pct {
    init: Machine,
    pub depth: u32,
    /// The estimated steps in a run (the longest seen so far).
    k: u32,
    rng: Rng,
    budget: u32,
    pub runs: u32,
    pub steps: u32,
    pub done: bool,
    pub endings: Endings,
}

impl Pct {
    /// A hunt with bug depth `depth` (at least 1), seeded by `seed`.
    pub fn new(init: &Machine, depth: u32, seed: u32, budget: u32) -> Pct {
        let mut seq = init.clone();
        seq.record_schedule = false;
        let k = run_sequential(&mut seq, 100_000).max(1);
        Pct {
            init: init.clone(),
            depth: depth.clamp(1, 10),
            k,
            rng: Rng::new(seed),
            budget,
            runs: 0,
            steps: 0,
            done: false,
            endings: Endings::expecting(&seq),
        }
    }

    /// One PCT run; records its ending.
    fn one_run(&mut self) {
        let mut m = self.init.clone();
        m.record_schedule = true;
        let d = self.depth as u64;
        // Initial priorities are at least d·64 (distinct: the low bits are the thread id);
        // change point j (1-based) lowers the running thread to j, below all of them.
        let changes: Vec<u32> = (1..self.depth)
            .map(|_| 1 + self.rng.next_u32() % self.k)
            .collect();
        let mut prio: Vec<u64> = vec![];
        let cap = self.k.saturating_mul(4).max(1000);
        let mut step = 0u32;
        while m.outcome.is_none() && step < cap {
            while prio.len() < m.threads.len() {
                let t = prio.len() as u64;
                prio.push((d + u64::from(self.rng.next_u32())) * 64 + t);
            }
            let run = runnable(&m);
            let Some(&t) = run.iter().max_by_key(|t| prio[**t as usize]) else {
                break;
            };
            m.step_unchecked(t);
            step += 1;
            for (j, &c) in changes.iter().enumerate() {
                if c == step {
                    prio[t as usize] = j as u64 + 1;
                }
            }
        }
        self.k = self.k.max(step);
        self.runs += 1;
        self.steps = self.steps.saturating_add(step);
        let runs = self.runs;
        if m.outcome.is_some() {
            let w = m.schedule.clone();
            self.endings.add_end(&m, runs, || (w, None));
        } else {
            let w = m.schedule.clone();
            self.endings.add_other(
                &m,
                "budget",
                format!("a run did not end within {cap} steps (a livelock, or a thread starved by the priorities? explore every interleaving to find the loop)"),
                runs,
                || w,
            );
        }
    }

    /// Makes runs until about `max_steps` more steps are taken; true once the hunt is over.
    pub fn run(&mut self, max_steps: u32) -> bool {
        let stop_at = self.steps.saturating_add(max_steps);
        while !self.done && self.steps < stop_at {
            self.one_run();
            if self.endings.first_other.is_some()
                || self.steps >= self.budget
                || self.runs >= MAX_RUNS
            {
                self.done = true;
            }
        }
        self.done
    }
}
