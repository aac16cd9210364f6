//! Preemption bounding (iterative context bounding, as in Microsoft's CHESS: Musuvathi and
//! Qadeer, PLDI 2007): every schedule with at most P preemptions, for P = 0, 1, 2, …
//!
//! A *preemption* is a switch away from a thread that could have gone on (the thread that took
//! the last step is still runnable under the mode's rules); a switch when the running thread
//! blocks, sleeps or ends is free. A bug that needs few preemptions — most do — is found with a
//! small bound even in a program far too big to explore completely.
//!
//! The search keeps one stack per bound: a step that would exceed the current bound is not
//! dropped but deferred to the stack of the bound it needs, so bound P+1 starts where bound P
//! left off instead of from scratch. States are de-duplicated with the fewest preemptions that
//! reached them. A bound may use at most a quarter of the budget left when it started (the last
//! bound, [`MAX_BOUND`], all of it), so a bound too big to finish still leaves budget for the
//! next: the report says which bounds were explored completely.
//!
//! No partial-order reduction here (it would step other threads in between and blur what counts
//! as a preemption).

use super::super::explore::{chosen, replay_chosen, StateMap};
use super::super::sched::runnable;
use super::super::vm::Machine;
use super::endings::Endings;

/// The highest preemption bound tried.
pub const MAX_BOUND: u32 = 8;
/// A bound below [`MAX_BOUND`] may use 1/SHARE of the budget left when it starts: enough to
/// finish a small bound, little enough that a bound too big to finish (twenty threads without
/// preemptions already have 2^20 states) leaves most of the budget to the next ones.
pub const SHARE: u32 = 4;

pub struct Bounded {
    init: Machine,
    budget: u32,
    /// Fewest preemptions known to reach each state.
    visited: StateMap<u32>,
    /// links[i] = (parent link, thread chosen); the root is link 0.
    links: Vec<(u32, u32)>,
    /// stacks[p]: states reached with p preemptions, not yet expanded (with their link).
    stacks: Vec<Vec<(Machine, u32)>>,
    /// The bound being explored.
    pub bound: u32,
    /// States counted when the current bound started, and how many it may add.
    bound_start: u32,
    slice: u32,
    /// Every bound up to this one was explored completely.
    pub complete_bound: Option<u32>,
    /// A bound was cut short (so no higher one counts as complete).
    cut: bool,
    pub states: u32,
    pub transitions: u32,
    pub budget_hit: bool,
    /// The whole state space was explored (no step was deferred past the last bound).
    pub exhausted: bool,
    pub endings: Endings,
}

impl Bounded {
    pub fn new(init: &Machine, budget: u32, endings: Endings) -> Bounded {
        let mut start = init.clone();
        start.record_schedule = false;
        let mut b = Bounded {
            init: init.clone(),
            budget,
            visited: StateMap::default(),
            links: vec![(0, u32::MAX)],
            stacks: vec![vec![]],
            bound: 0,
            bound_start: 0,
            slice: budget / SHARE,
            complete_bound: None,
            cut: false,
            states: 1,
            transitions: 0,
            budget_hit: false,
            exhausted: false,
            endings,
        };
        b.visited.insert(start.state_hash(), 0);
        if start.outcome.is_some() {
            b.record(&start, 0, 0);
        } else {
            b.stacks[0].push((start, 0));
        }
        b
    }

    /// Records an end state reached with `p` preemptions; an ending known with more preemptions
    /// takes this witness instead (the fewest found so far).
    fn record(&mut self, m: &Machine, link: u32, p: u32) {
        let (init, links) = (&self.init, &self.links);
        let schedule = || replay_chosen(init, &chosen(links, link), false).schedule;
        let i = self
            .endings
            .add_end(m, self.states, || (schedule(), Some(p)));
        if let Some(r) = self.endings.list.get_mut(i) {
            if r.preemptions.is_some_and(|q| q > p) {
                r.preemptions = Some(p);
                r.witness = schedule();
            }
        }
    }

    /// Moves on to the next bound; false when there is none (the search is over).
    fn next_bound(&mut self) -> bool {
        if self.stacks[self.bound as usize].is_empty() && !self.cut {
            self.complete_bound = Some(self.bound);
        } else {
            self.cut = true;
            self.stacks[self.bound as usize].clear();
        }
        let more = self.stacks[self.bound as usize + 1..]
            .iter()
            .any(|s| !s.is_empty());
        if !more {
            self.exhausted = !self.cut;
            return false;
        }
        if self.bound >= MAX_BOUND {
            return false;
        }
        self.bound += 1;
        self.bound_start = self.states;
        let left = self.budget.saturating_sub(self.states);
        self.slice = if self.bound == MAX_BOUND {
            left
        } else {
            left / SHARE
        };
        true
    }

    /// Explores up to `max_states` more states; true once the search is over.
    pub fn run(&mut self, max_states: u32) -> bool {
        let stop_at = self.states.saturating_add(max_states);
        loop {
            if self.states >= self.budget {
                self.budget_hit = true;
                return true;
            }
            if self.states >= stop_at {
                return false;
            }
            let b = self.bound as usize;
            let over_slice = self.states - self.bound_start >= self.slice
                && self.stacks[b + 1..].iter().any(|s| !s.is_empty());
            if self.stacks[b].is_empty() || over_slice {
                if !self.next_bound() {
                    return true;
                }
                continue;
            }
            let (m, link) = self.stacks[b].pop().expect("a state");
            let p = self.bound;
            let run = runnable(&m);
            let cur = m.current.filter(|c| run.contains(c));
            for &t in run.iter().rev() {
                let q = p + u32::from(cur.is_some_and(|c| c != t));
                let mut c = m.clone();
                c.step_unchecked(t);
                self.transitions += 1;
                let h = c.state_hash();
                if self.visited.get(&h).is_some_and(|&seen| seen <= q) {
                    continue;
                }
                self.visited.insert(h, q);
                self.links.push((link, t));
                let l = (self.links.len() - 1) as u32;
                self.states += 1;
                if c.outcome.is_some() {
                    self.record(&c, l, q);
                    continue;
                }
                if self.stacks.len() <= q as usize {
                    self.stacks.resize_with(q as usize + 1, Vec::new);
                }
                self.stacks[q as usize].push((c, l));
            }
        }
    }
}
