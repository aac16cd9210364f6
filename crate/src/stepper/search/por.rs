//! Dynamic partial-order reduction with sleep sets: every ending of every interleaving, exploring
//! only one order of steps that commute.
//!
//! The algorithm is Flanagan and Godefroid's DPOR ("Dynamic partial-order reduction for model
//! checking software", POPL 2005, Fig. 3 with sleep sets as in its §4), the one loom and Nidhugg
//! build on. A depth-first search keeps its path; each state on it has a *backtrack set* (the
//! threads still to try there), a *done* set and a *sleep set* (Godefroid 1996: threads whose
//! step from here is already covered by an order explored before). On entering a state, for
//! every thread `p`, the explorer finds the last step on the path that conflicts with `p`'s next
//! step ([`footprint`]) and does not happen before `p`'s last step (vector clocks over the path);
//! there both orders matter, so `p` (or, if `p` could not run there, every thread that could)
//! joins that state's backtrack set. A state starts with one thread in its backtrack set.
//!
//! A *transition* is one thread's step followed by its own thread-local steps (they touch only
//! its frame, so they commute with everything; taking them at once keeps the path short).
//! A transition that ends the run while other threads live (an internal error, a step over its
//! cost cap, the run's step budget) disables every other thread: its footprint would be
//! "everything". DPOR gives up when it meets one ([`ends_others`]; the visited-set search racing
//! it answers). One that ends the run as `finished` or `deadlock`, or with the main thread's
//! error once the others have ended, needs nothing more: no other thread could run after it
//! either, and each one it stopped, it stopped through a conflict its footprint already shows
//! (a lock taken, a thread ended).
//!
//! **Successors are computed when explored** (speed: a state's footprints are read from each
//! thread's next instruction, [`footprint::next_step`]; running every runnable thread's transition
//! to look for a run-ending one cost a transition per runnable thread where DPOR explores about
//! one: five philosophers have 1.6 runnable threads per state, and took 194 → 145 ms natively).
//! That stays sound: whether a transition ends
//! the run depends only on its thread and on what its footprint reads, so if one can end the run
//! from a reachable state, the search — which explores every order of the steps it reads from —
//! runs it with the same thread state and the same values read, meets it and gives up. A search
//! that meets none has seen only transitions whose footprints were right, and is complete.
//!
//! **Cycles.** The search is stateless (no visited set: DPOR's backtrack analysis needs the
//! steps that follow a state, and a visited state's were explored in another context). A step
//! back into a state on the current path closes a cycle: it is reported as a lasso
//! ([`super::lasso`]) and not followed. The cycle proviso (Peled's C3): every state on the
//! cycle is then fully expanded (all its threads join the backtrack set and its sleep set is
//! cleared), so no step that the cut would hide from the race analysis is lost.
//!
//! The tests compare the endings (kind, output, globals, message) with unreduced search on
//! random programs (`tests/por.rs`).

use super::super::explore::{chosen, is_local_step, local_run, mask, StateMap, StateSet};
use super::super::sched::runnable;
use super::super::vm::Machine;
use super::endings::Endings;
use super::footprint::{self, Fp};
use super::lasso;
use super::last_access::LastAccess;

/// One transition: `tid`'s step, then its thread-local steps.
pub fn transition(m: &mut Machine, tid: u32) {
    m.step_unchecked(tid);
    // Its local steps change no other thread and leave it ready, so whether it may take them
    // (no other thread holding the CPU inside an itertools call) is asked once (speed: it was
    // asked before each one, looking at every thread).
    if m.outcome.is_none() && is_local_step(m, tid) && runnable(m).contains(&tid) {
        local_run(m, tid, 100_000);
    }
}

/// `threads` replayed as transitions from `init`, recording the schedule.
pub fn replay(init: &Machine, threads: &[u32]) -> Machine {
    let mut m = init.clone();
    m.record_schedule = true;
    for &t in threads {
        transition(&mut m, t);
    }
    m
}

pub use super::por_race::{BLIND_AFTER, EXPANDED_MAX, GIVE_UP, TURN_GROWS, TURN_SHRINKS};

/// Explores with DPOR alone where the mode switches anywhere (else as `explore`).
pub fn explore_dpor(init: &Machine, budget: u32) -> super::super::explore::ExploreResult {
    use super::super::explore::{Dfs, DporUse};
    let mut d = Dfs::new_opts(
        init,
        budget,
        true,
        true,
        (false, DporUse::Only),
        Endings::default(),
    );
    d.run(u32::MAX);
    d.result()
}

fn bit(t: u32) -> u64 {
    1 << t
}

/// Whether `c`, just reached by a transition of `t`, is the end of a run that other threads had
/// not finished: an outcome other than `finished` and `deadlock`, with another thread still live.
pub fn ends_others(c: &Machine, t: u32) -> bool {
    c.outcome
        .as_ref()
        .is_some_and(|o| !matches!(o.kind, "finished" | "deadlock"))
        && (0..c.threads.len() as u32).any(|u| u != t && c.is_live(u))
}

/// A state on the path.
struct Node {
    m: Machine,
    hash: u64,
    link: u32,
    /// Threads that may step here.
    run: u64,
    /// Each thread's next transition's footprint (dead threads: ALL, never used).
    fps: Vec<Fp>,
    backtrack: u64,
    done: u64,
    sleep: u64,
    /// The transition into this state: its thread and footprint.
    by: u32,
    fp_in: Fp,
    /// That transition's vector clock (entry `t`: the depth of `t`'s last transition before it).
    clock: Vec<u32>,
    /// Per thread, the vector clock of its last transition (or of the one that started it).
    tclock: Vec<Vec<u32>>,
    /// [`LastAccess`]'s mark from recording the transition into this state.
    last_mark: usize,
}

/// The DPOR search (see the module doc); it fills the counters of [`super::super::explore::Dfs`].
pub struct Dpor {
    init: Machine,
    path: Vec<Node>,
    /// Per footprint bit, the last transitions on the path that touched it.
    last: LastAccess,
    on_path: StateMap<u32>,
    links: Vec<(u32, u32)>,
    /// End states reached (a stateless search reaches one by many paths; each counts once).
    ends: StateSet,
    /// Steps that could run in the states pushed, and how many of them touch everything.
    steps_seen: u32,
    steps_all: u32,
    /// Over the states finished (popped): their runnable threads, and those explored from them.
    finished_run: u32,
    finished_done: u32,
}

/// The counters and endings a search reports.
pub struct Tally<'a> {
    pub states: &'a mut u32,
    pub transitions: &'a mut u32,
    pub budget_hit: &'a mut bool,
    pub endings: &'a mut Endings,
    pub budget: u32,
}

fn join(a: &mut Vec<u32>, b: &[u32]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    for (x, y) in a.iter_mut().zip(b) {
        *x = (*x).max(*y);
    }
}

impl Dpor {
    pub fn new(init: &Machine, t: &mut Tally) -> Dpor {
        let mut m = init.clone();
        m.record_schedule = false;
        let mut d = Dpor {
            init: m.clone(),
            path: vec![],
            last: LastAccess::default(),
            on_path: StateMap::default(),
            links: vec![(0, u32::MAX)],
            ends: StateSet::default(),
            steps_seen: 0,
            steps_all: 0,
            finished_run: 0,
            finished_done: 0,
        };
        *t.states += 1;
        if m.outcome.is_some() {
            t.endings.add_end(&m, 1, || (String::new(), None));
            return d;
        }
        let h = m.state_hash();
        let n = m.threads.len();
        d.push(
            m,
            h,
            0,
            u32::MAX,
            Fp::ALL,
            vec![0; n],
            vec![vec![0; n]; n],
            0,
        );
        d
    }

    /// Puts a new state on the path: footprints, the race analysis, the first thread to try.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        m: Machine,
        hash: u64,
        link: u32,
        by: u32,
        fp_in: Fp,
        clock: Vec<u32>,
        tclock: Vec<Vec<u32>>,
        sleep: u64,
    ) {
        let run = mask(&runnable(&m));
        let nt = m.threads.len();
        let mut fps = vec![Fp::ALL; nt];
        for t in 0..nt as u32 {
            if !m.is_live(t) {
                continue;
            }
            let fp = footprint::next_step(&m, t);
            // Debug builds check every runnable thread's footprint against what its transition
            // writes (release builds run only the transitions explored).
            #[cfg(debug_assertions)]
            if run & bit(t) != 0 {
                let mut c = m.clone();
                transition(&mut c, t);
                if let Some(e) = super::footprint_check::unexpected_write(&m, &c, t, fp) {
                    let op = m.threads[t as usize].frames.last().map(|f| {
                        let st = &f.stack[f.stack.len().saturating_sub(2)..];
                        format!(
                            "{:?} {st:?}",
                            m.prog.codes[f.code as usize].instrs[f.pc as usize].op
                        )
                    });
                    panic!("footprint of thread {t} ({op:?}) misses a write: {e}");
                }
            }
            fps[t as usize] = fp;
            if run & bit(t) != 0 {
                self.steps_seen += 1;
                self.steps_all += (fp == Fp::ALL) as u32;
            }
        }
        // The race analysis: for each thread's next step, the last conflicting step on the
        // path that does not happen before it.
        let depth = self.path.len();
        let last_mark = match depth {
            0 => 0, // the initial state: no transition into it
            _ => self.last.push(depth as u32, by, fp_in),
        };
        // Transition i leads into state i; the last one into the state being pushed.
        let at = |path: &[Node], i: usize| match i == depth {
            true => (by, fp_in),
            false => (path[i].by, path[i].fp_in),
        };
        for q in 0..nt as u32 {
            if !m.is_live(q) {
                continue;
            }
            let (g, cq) = (fps[q as usize], &tclock[q as usize]);
            let i = self.last.last_race(q, g, cq, |i| at(&self.path, i));
            #[cfg(debug_assertions)]
            {
                // The scan of the path it replaces (speed: that was O(depth) per thread).
                let scan = (1..=depth).rev().find(|&i| {
                    let (ni_by, ni_fp) = at(&self.path, i);
                    ni_by != q
                        && ni_fp.conflicts(g)
                        && ni_fp.co_enabled(g)
                        && cq.get(ni_by as usize).copied().unwrap_or(0) < i as u32
                });
                debug_assert_eq!(
                    i,
                    scan.unwrap_or(0),
                    "LastAccess finds the race a scan finds"
                );
            }
            if i > 0 {
                let pre = &mut self.path[i - 1];
                pre.backtrack |= if pre.run & bit(q) != 0 {
                    bit(q)
                } else {
                    pre.run
                };
            }
        }
        #[cfg(debug_assertions)]
        if std::env::var("POR_DEBUG").is_ok() {
            let pos = |t: u32| m.position(t).map_or(0, |p| p.1);
            let ops: Vec<String> = (0..nt as u32)
                .filter(|t| m.is_live(*t))
                .map(|t| {
                    format!(
                        "t{t}@{} {:x}/{:x}",
                        pos(t),
                        fps[t as usize].r,
                        fps[t as usize].w
                    )
                })
                .collect();
            eprintln!(
                "{}{by} sleep={sleep:b} {}",
                " ".repeat(self.path.len()),
                ops.join(" ")
            );
        }
        let awake = run & !sleep;
        let first = if by != u32::MAX && awake & bit(by) != 0 {
            bit(by)
        } else {
            awake & awake.wrapping_neg()
        };
        self.on_path.insert(hash, self.path.len() as u32);
        self.path.push(Node {
            m,
            hash,
            link,
            run,
            fps,
            backtrack: first,
            done: 0,
            sleep,
            by,
            fp_in,
            clock,
            tclock,
            last_mark,
        });
    }

    /// Its next turn in the race, in states, out of a full turn of `full` ([`super::por_race::turn`]).
    pub fn turn(&self, full: u32) -> u32 {
        super::por_race::turn(self.finished_run, self.finished_done, full)
    }

    /// Explores up to `max_states` more states; true once the search is over, None when it
    /// gives up (after [`GIVE_UP`] states, or early where it prunes little: [`BLIND_AFTER`],
    /// [`EXPANDED_MAX`]; the caller then searches with a visited set).
    pub fn run(&mut self, max_states: u32, t: &mut Tally) -> Option<bool> {
        let stop_at = t.states.saturating_add(max_states);
        while let Some(top) = self.path.last_mut() {
            let cand = top.backtrack & top.run & !top.done & !top.sleep;
            if cand == 0 {
                let done = self.path.pop().expect("a node");
                self.last.pop(done.last_mark);
                self.finished_run += done.run.count_ones();
                self.finished_done += done.done.count_ones();
                self.on_path.remove(&done.hash);
                continue;
            }
            if *t.states >= GIVE_UP.min(t.budget / 2).max(1_000) {
                return None;
            }
            if self.steps_seen >= BLIND_AFTER && self.steps_all > self.steps_seen / 2 {
                return None;
            }
            let (a, b) = EXPANDED_MAX;
            if self.finished_run >= BLIND_AFTER && self.finished_done * b > self.finished_run * a {
                return None;
            }
            if *t.states >= t.budget {
                *t.budget_hit = true;
                self.path.clear();
                return Some(true);
            }
            if *t.states >= stop_at {
                return Some(false);
            }
            let p = cand.trailing_zeros();
            top.done |= bit(p);
            let fp = top.fps[p as usize];
            let mut child_sleep = 0;
            for q in 0..64u32 {
                if top.sleep & bit(q) != 0 && !top.fps[q as usize].conflicts(fp) {
                    child_sleep |= bit(q);
                }
            }
            top.sleep |= bit(p);
            let mut c = top.m.clone();
            transition(&mut c, p);
            let link = top.link;
            *t.transitions += 1;
            if c.outcome.as_ref().is_some_and(|o| o.kind == "budget") {
                // A run cut at its step budget: where the cut falls depends on every thread's
                // steps (one shared count), which no footprint shows — DPOR cannot say which
                // cuts exist, so it gives up and the visited-set search answers.
                return None;
            }
            if fp != Fp::ALL && ends_others(&c, p) {
                // A step that ends the run while other threads live conflicts with all of
                // theirs, which its footprint did not say (see the module doc).
                return None;
            }
            let h = c.state_hash();
            if c.outcome.is_some() {
                *t.states += 1;
                if !self.ends.insert(h) {
                    continue;
                }
                self.links.push((link, p));
                let l = (self.links.len() - 1) as u32;
                let (init, links) = (&self.init, &self.links);
                t.endings.add_end(&c, *t.states, || {
                    (replay(init, &chosen(links, l)).schedule, None)
                });
                continue;
            }
            if let Some(&d) = self.on_path.get(&h) {
                self.cycle(d as usize, p, t);
                continue;
            }
            *t.states += 1;
            self.links.push((link, p));
            let l = (self.links.len() - 1) as u32;
            let depth = self.path.len() as u32; // the new node's
            let top = self.path.last().expect("a node");
            let nt = c.threads.len();
            let mut clock = top.tclock[p as usize].clone();
            clock.resize(nt, 0);
            for n in &self.path[1..] {
                if n.by != p && n.fp_in.conflicts(fp) {
                    join(&mut clock, &n.clock);
                }
            }
            clock[p as usize] = depth;
            let mut tclock = top.tclock.clone();
            for tc in tclock.iter_mut() {
                tc.resize(nt, 0);
            }
            tclock[p as usize] = clock.clone();
            while tclock.len() < nt {
                tclock.push(clock.clone()); // a thread it started
            }
            self.push(c, h, l, p, fp, clock, tclock, child_sleep);
        }
        Some(true)
    }

    /// A step by `p` from the top of the path back to the state at `depth`: a lasso, and the
    /// cycle proviso (every state on the cycle fully expanded).
    fn cycle(&mut self, depth: usize, p: u32, t: &mut Tally) {
        let nodes = &self.path[depth..];
        let stepped = nodes[1..].iter().fold(bit(p), |a, n| a | bit(n.by));
        let enabled: Vec<u64> = nodes.iter().map(|n| n.run).collect();
        let start = &self.path[depth].m;
        let (kind, message) = lasso::classify(start, stepped, &enabled);
        let (init, links) = (&self.init, &self.links);
        let to_loop = self.path[depth].link;
        let top = self.path.last().map_or(0, |n| n.link);
        t.endings.add_lasso(start, kind, message, *t.states, || {
            let prefix = chosen(links, to_loop);
            let mut all = chosen(links, top);
            all.push(p);
            let before = replay(init, &prefix);
            let whole = replay(init, &all);
            (whole.schedule, before.steps - init.steps)
        });
        for n in &mut self.path[depth..] {
            n.backtrack |= n.run;
            n.sleep = 0;
        }
    }
}
