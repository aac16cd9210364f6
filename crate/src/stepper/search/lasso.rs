//! Endless runs: a cycle in the state graph is a run that can go on forever. Which kind it
//! is depends on who runs in the loop and who could:
//!
//! - **livelock**: every thread that can run somewhere in the loop does take steps in it, and
//!   none of them gets anywhere (the state comes back). Even a fair scheduler may keep the
//!   program in this loop forever.
//! - **starvation**: some thread that could run is never scheduled while others loop. Only an
//!   unfair scheduler does that: if the starved thread could run in *every* state of the loop,
//!   a weakly fair scheduler (one that eventually runs every thread that stays runnable) rules
//!   the loop out; if only in some states, it takes a strongly fair one (every thread runnable
//!   again and again eventually runs).
//!
//! The witness is a lasso: the schedule to the loop's first state, then the loop's steps, which
//! lead back to that same state.

use super::super::explore::{chosen, replay_chosen_with};
use super::super::vm::Machine;

/// The names of the threads in bit set `ts`, joined with commas and "and".
fn names(m: &Machine, ts: u64) -> String {
    let v: Vec<&str> = (0..m.threads.len())
        .filter(|t| ts & (1 << t) != 0)
        .map(|t| &*m.threads[t].name)
        .collect();
    match v.len() {
        0 => String::new(),
        1 => v[0].to_string(),
        n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

/// (kind, message) of a loop starting in `start`, in which the threads in `stepped` take steps
/// and `enabled[i]` is who may run in its i-th state.
pub fn classify(start: &Machine, stepped: u64, enabled: &[u64]) -> (&'static str, String) {
    let any = enabled.iter().fold(0, |a, e| a | e);
    let always = enabled.iter().fold(u64::MAX, |a, e| a & e);
    let starved = any & !stepped;
    let runners = names(start, stepped);
    let one = stepped.count_ones() == 1;
    if starved == 0 {
        let verb = if one { "runs" } else { "run" };
        return (
            "livelock",
            format!("{runners} {verb} forever and never get anywhere: the same state comes back (a livelock; even a fair scheduler may keep the program in this loop)"),
        );
    }
    let who = names(start, starved);
    let fairness = if starved & !always == 0 {
        "a weakly fair scheduler (one that eventually runs every thread that stays runnable) rules this loop out"
    } else {
        "a strongly fair scheduler (one that eventually runs every thread that is runnable again and again) rules this loop out; a weakly fair one does not"
    };
    let (who_verb, loops) = (
        if starved.count_ones() == 1 {
            "is"
        } else {
            "are"
        },
        if one { "loops" } else { "loop" },
    );
    (
        "starvation",
        format!("{who} could run but {who_verb} never scheduled while {runners} {loops} forever: starvation, only under an unfair scheduler — {fairness}"),
    )
}

/// The lasso's schedule and its steps before the loop: the path to link `to_loop`, then the
/// steps from there to link `top`, then `t` (which leads back to `to_loop`'s state).
pub fn witness(
    init: &Machine,
    links: &[(u32, u32)],
    to_loop: u32,
    top: u32,
    t: u32,
    por: bool,
    chain: bool,
) -> (String, u32) {
    let prefix = chosen(links, to_loop);
    let mut all = chosen(links, top);
    all.push(t);
    let before = replay_chosen_with(init, &prefix, por, chain);
    let whole = replay_chosen_with(init, &all, por, chain);
    debug_assert_eq!(before.state_hash(), whole.state_hash());
    (whole.schedule, before.steps - init.steps)
}
