//! The resumable depth-first search over machine states ([`Dfs`]): the path of nodes, the
//! visited set, forced and local steps taken at once, lassos for cycles, and the report.

use super::super::sched::runnable;
use super::super::search::chain::{run_forced, run_forced_from, Forced};
use super::super::search::endings::Endings;
use super::super::search::lasso;
use super::super::search::por::{Dpor, Tally};
use super::super::vm::Machine;
use super::{mask, run_local, run_local_then_runnable, witness, ExploreResult, StateMap, StateSet};

/// One state on the DFS path: the machine, its parent link, the threads it may step (and how
/// many of them have been tried), and the threads whose steps led into it.
struct Node {
    /// None once its last thread has been tried: that step took the machine (see `run_visited`).
    m: Option<Machine>,
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
    dpor: Option<Box<Racer>>,
    /// Whether the visited-set search runs (off: DPOR alone, for its tests).
    visited_search: bool,
    chain: bool,
    /// Which search's result this is: `dpor` or `visited` (see [`DporUse::Race`]).
    pub reduction: &'static str,
    /// The race: whose turn it is, and the states left in it.
    turn_dpor: bool,
    turn_left: u32,
    /// The visited-set search's turn, in states ([`TURN`]; longer in a test of the race's end).
    visited_turn: u32,
    /// The states DPOR has explored in the race (the whole search's, if it won).
    pub dpor_states: u32,
}

/// States per turn when DPOR races the visited-set search: small, so the search that needs fewer
/// states wins (give or take one turn); a turn costs only a call. DPOR's turns shrink to as
/// little as an eighth of this where it prunes little ([`Dpor::turn`]).
pub const TURN: u32 = 8;

/// Whether a search uses DPOR ([`super::super::search::por`]) where a switch may follow any step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DporUse {
    /// The visited-set search alone.
    Off,
    /// DPOR alone (its tests).
    Only,
    /// Both, a slice each in turn; the first to finish gives the result. DPOR keeps no visited
    /// set, so it wins where few steps conflict (the philosophers: 314 states against 11,625)
    /// and loses where loops and timed waits make paths many more than states (a spin loop, a
    /// producer and a consumer polling): there the visited-set search finishes first. Racing
    /// costs twice the winner's work while DPOR prunes well, less where it does not (its turns
    /// shrink: [`super::super::search::por::Dpor::turn`]), and DPOR stops at
    /// [`super::super::search::por::GIVE_UP`] states, or early where it prunes little (most
    /// steps touch everything, or it explores most threads of every state:
    /// [`super::super::search::por::EXPANDED_MAX`]).
    Race,
}

/// DPOR racing the visited-set search, with its own counters and endings.
struct Racer {
    p: Dpor,
    states: u32,
    transitions: u32,
    budget_hit: bool,
    endings: Endings,
}

impl Racer {
    /// Runs about `n` more states: Some(true) once it finished completely, Some(false) while it
    /// runs on, None when it gave up or ran out of budget.
    fn run(&mut self, n: u32, budget: u32) -> Option<bool> {
        let mut t = Tally {
            states: &mut self.states,
            transitions: &mut self.transitions,
            budget_hit: &mut self.budget_hit,
            endings: &mut self.endings,
            budget,
        };
        match self.p.run(n, &mut t)? {
            true if self.budget_hit => None,
            over => Some(over),
        }
    }
}

impl Dfs {
    pub fn new(init: &Machine, budget: u32, dedup: bool, por: bool) -> Dfs {
        Dfs::new_with(init, budget, dedup, por, Endings::default())
    }

    /// A search whose endings go into `endings` (e.g. one that knows the sequential run's).
    pub fn new_with(init: &Machine, budget: u32, dedup: bool, por: bool, endings: Endings) -> Dfs {
        // explore: forced steps taken at once (search/chain.rs); DPOR only if chosen (search/por.rs)
        let dpor = match dedup && por {
            true => DporUse::Race,
            false => DporUse::Off,
        };
        Dfs::new_opts(init, budget, dedup, por, (dedup, dpor), endings)
    }

    /// `new_with`, choosing whether forced steps are taken at once and whether DPOR is used
    /// where a switch may follow any step (`(chain, dpor)`).
    pub fn new_opts(
        init: &Machine,
        budget: u32,
        dedup: bool,
        por: bool,
        (chain, dpor): (bool, DporUse),
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
            visited_search: true,
            chain,
            reduction: "visited",
            turn_dpor: true,
            turn_left: TURN,
            visited_turn: TURN,
            dpor_states: 0,
        };
        if dpor != DporUse::Off && d.por {
            let (mut states, mut transitions, mut budget_hit) = (0, 0, false);
            let mut endings = d.endings.clone();
            let p = Dpor::new(
                init,
                &mut Tally {
                    states: &mut states,
                    transitions: &mut transitions,
                    budget_hit: &mut budget_hit,
                    endings: &mut endings,
                    budget,
                },
            );
            d.dpor = Some(Box::new(Racer {
                p,
                states,
                transitions,
                budget_hit,
                endings,
            }));
            d.visited_search = dpor == DporUse::Race;
        }
        if d.visited_search {
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
            m: Some(m),
            hash,
            link,
            run,
            next: 0,
            stepped,
            forced,
        });
    }

    /// Gives the visited-set search turns of `n` states in the race (tests: a race the
    /// visited-set search leads).
    #[cfg(test)]
    pub(crate) fn set_visited_turn(&mut self, n: u32) {
        self.visited_turn = n.max(1);
    }

    /// Explores up to `max_states` more states; true once the search is over (complete or
    /// out of budget).
    pub fn run(&mut self, max_states: u32) -> bool {
        if self.dpor.is_none() {
            return self.run_visited(max_states);
        }
        // The race (`DporUse::Race`): turns of `TURN` states each (DPOR's shorter where it prunes
        // little), so the faster search is held up by a few turns of the other at most. The turns
        // do not depend on how the caller slices the work (the page and the native bench see the
        // same search).
        let mut left = max_states;
        while left > 0 {
            if !self.visited_search {
                self.turn_dpor = true;
            }
            let n = left.min(self.turn_left);
            left -= n;
            let dpor_turn = self.turn_dpor;
            self.turn_left -= n;
            if self.turn_left == 0 {
                self.turn_dpor = !self.turn_dpor;
                self.turn_left = match (&self.dpor, self.turn_dpor) {
                    (Some(r), true) => r.p.turn(TURN),
                    _ => self.visited_turn,
                };
            }
            if dpor_turn {
                let Some(mut r) = self.dpor.take() else {
                    return self.run_visited(left + n);
                };
                let over = r.run(n, self.budget);
                self.dpor_states = r.states;
                match over {
                    Some(true) => {
                        // DPOR finished first: its result is the search's.
                        (self.states, self.transitions) = (r.states, r.transitions);
                        self.endings = r.endings;
                        self.budget_hit = false;
                        self.path.clear();
                        self.reduction = "dpor";
                        return true;
                    }
                    Some(false) => self.dpor = Some(r),
                    // Gave up after the visited-set search ran out of budget: its result stands.
                    None if self.budget_hit => return true,
                    None if self.visited_search => {} // gave up: the other search goes on alone
                    None => {
                        // DPOR alone gave up: the visited-set search, from the start.
                        self.visited_search = true;
                        self.endings = self.endings.restarted();
                        self.start();
                    }
                }
            } else if self.run_visited(n) {
                if !self.budget_hit || self.dpor.is_none() {
                    self.dpor = None;
                    return true;
                }
                // The visited-set search ran out of budget with DPOR still in the race (its turns
                // are short where it prunes little, `Dpor::turn`, and its states are its own):
                // DPOR runs on alone; if it finishes, its complete result replaces the cut one.
                self.visited_search = false;
            }
        }
        false
    }

    /// The visited-set search: up to `max_states` more states; true once it is over.
    fn run_visited(&mut self, max_states: u32) -> bool {
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
            // The last thread to try here steps the node's own machine: nothing reads it after
            // (a lasso back to this state reads the state that closes it, equal to it), and the
            // parts the step changes are then changed in place, not copied (speed: a copy-on-write
            // machine stepped from a clone copies the thread, its frame and the vectors holding
            // them).
            let mut c = match top.next == top.run.len() {
                true => top.m.take(),
                false => top.m.clone(),
            }
            .expect("a node keeps its machine until its last thread is tried");
            c.step_unchecked(t);
            self.transitions += 1;
            let mut stepped = 1u64 << t;
            let mut run = None;
            if self.por {
                let (s, r) = run_local_then_runnable(&mut c);
                (stepped, run) = (stepped | s, r);
            }
            let forced = match self.chain {
                true => {
                    let f;
                    (f, run) = run_forced_from(&mut c, self.por, run);
                    f
                }
                false => Forced::default(),
            };
            stepped |= forced.stepped;
            let h = c.state_hash();
            if let Some(&depth) = self.on_path.get(&h) {
                if self.dedup {
                    self.lasso(depth as usize, &c, t, stepped, forced);
                }
                continue;
            }
            if self.dedup && !self.visited.insert(h) {
                continue;
            }
            self.links.push((link, t));
            let l = (self.links.len() - 1) as u32;
            self.enter(c, h, l, stepped, forced, run);
        }
        self.dpor = None; // the visited-set search finished first
        true
    }

    /// A step by `t` (then local steps `stepped`) from the top of the path back to the state at
    /// `depth` (`back`: the state it reached, equal to that one): records the lasso.
    fn lasso(&mut self, depth: usize, back: &Machine, t: u32, stepped: u64, forced: Forced) {
        // The program can run forever: DPOR, which keeps no visited set, would follow the cycle
        // on every path until the run's step limit, and its result has no lassos. It leaves the
        // race (it had kept running alone after the visited-set search hit its budget: the
        // book's polite spouses took 6 s for 50,000 states, 0.45 s for 40,000).
        self.dpor = None;
        let loop_nodes = &self.path[depth..];
        let stepped_in_loop = loop_nodes[1..].iter().fold(stepped, |a, n| a | n.stepped);
        let mut enabled: Vec<u64> = loop_nodes.iter().map(|n| mask(&n.run)).collect();
        // explore: the states passed by forced steps inside the loop count too
        enabled.extend(loop_nodes[1..].iter().flat_map(|n| n.forced.enabled()));
        enabled.extend(forced.enabled());
        let start = back;
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
            reduction: self.reduction,
        }
    }
}
