//! The event loop: one thread, N tasks, a timer heap and a ready queue —
//! what `asyncio.run(asyncio.gather(*(fetch(i) for i in range(n))))` does.
//!
//! Each task is a state machine with one `await`:
//!
//! ```python
//! async def fetch(i):
//!     response = await get(i)        # a timer: the response comes after Lᵢ
//!     return handle(response)        # c of CPU: nothing else runs meanwhile
//! ```
//!
//! wrapped in `asyncio.wait_for(fetch(i), timeout)` when there is a timeout:
//! a second timer that, if it fires first, cancels the task *at its await*.
//! A task runs until its next `await` (or its end): the loop switches only
//! there. When nothing is ready the loop blocks until the earliest timer,
//! using no CPU — as `epoll_wait` with a timeout does.

use super::memory::{kind, way, IoMem};
use super::wait::sleep_until;
use super::ways::{outcome, us, Env, Request, Status, WayOutcome};
use super::{handle_response, Params};
use core::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Created by `gather`, not run yet.
    New,
    /// Suspended at `await get(i)`, sent at the given µs.
    Awaiting(u32),
    /// Returned.
    Done,
    /// Cancelled at its await.
    Cancelled,
}

/// Why a task is resumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Wake {
    /// First run.
    Start,
    /// Its response came (its latency timer fired).
    Response,
    /// Its timeout fired: `CancelledError` at the await.
    Timeout,
}

/// Runs the N tasks on this thread to the end (or a stop).
pub fn run_event_loop(mem: &IoMem, p: &Params, env: &Env) -> WayOutcome {
    const W: u8 = way::EVENT_LOOP;
    mem.begin_way(W);
    let epoch = (env.clock)();
    let now = || us(epoch, (env.clock)());
    let mut state = vec![State::New; p.n];
    let mut requests: Vec<Request> = (0..p.n)
        .map(|i| Request {
            latency_us: p.latency_us(i),
            row: i as u32,
            start_us: 0,
            end_us: 0,
            status: Status::Stopped,
            checksum: 0,
        })
        .collect();
    // Timers: (deadline µs, order of scheduling, task, why). The order breaks
    // ties: a response due at the same µs as its timeout comes first.
    let mut timers: BinaryHeap<Reverse<(u32, u32, usize, Wake)>> = BinaryHeap::new();
    let mut scheduled = 0u32;
    let mut ready: VecDeque<(usize, Wake)> = (0..p.n).map(|i| (i, Wake::Start)).collect();
    let mut last: Option<usize> = None;
    let mut switches = 0u32;
    let mut cpu_us = 0u32;
    let mut open = p.n;
    let mut stopped = false;
    while open > 0 {
        while let Some((i, why)) = ready.pop_front() {
            let live = matches!(
                (state[i], why),
                (State::New, Wake::Start) | (State::Awaiting(_), Wake::Response | Wake::Timeout)
            );
            if !live {
                continue; // a stale timer: the task already ended
            }
            let at = now();
            if last != Some(i) {
                switches += 1;
                mem.record(W, i, i, kind::SWITCH, at, at);
                last = Some(i);
            }
            match (state[i], why) {
                (State::New, _) => {
                    // Send the request, then `await`: set its timers, suspend.
                    requests[i].start_us = at;
                    mem.open(W, i, kind::WAIT, at);
                    timers.push(Reverse((
                        at + requests[i].latency_us,
                        scheduled,
                        i,
                        Wake::Response,
                    )));
                    scheduled += 1;
                    if p.timeout_ms > 0 {
                        timers.push(Reverse((
                            at + p.timeout_ms * 1000,
                            scheduled,
                            i,
                            Wake::Timeout,
                        )));
                        scheduled += 1;
                    }
                    state[i] = State::Awaiting(at);
                }
                (State::Awaiting(sent), Wake::Timeout) => {
                    mem.record(W, i, i, kind::WAIT, sent, at);
                    mem.record(W, i, i, kind::CANCELLED, at, at);
                    mem.close(W, i);
                    requests[i].end_us = at;
                    requests[i].status = Status::Cancelled;
                    state[i] = State::Cancelled;
                    open -= 1;
                }
                (State::Awaiting(sent), _) => {
                    mem.record(W, i, i, kind::WAIT, sent, at);
                    mem.open(W, i, kind::COMPUTE, at);
                    // No await inside: the loop is blocked while it computes.
                    let sum = handle_response(i, p.cpu_units, &mut || !(env.stop)());
                    let end = now();
                    mem.record(W, i, i, kind::COMPUTE, at, end);
                    mem.close(W, i);
                    cpu_us += end - at;
                    requests[i].end_us = end;
                    state[i] = State::Done;
                    open -= 1;
                    match sum {
                        Some(s) => {
                            requests[i].checksum = s;
                            requests[i].status = Status::Done;
                        }
                        None => {
                            stopped = true;
                            break;
                        }
                    }
                }
                _ => unreachable!("filtered above"),
            }
        }
        if stopped || open == 0 {
            break;
        }
        // Nothing ready: block until the earliest timer, then move every due
        // timer's task to the ready queue.
        let Some(&Reverse((due, ..))) = timers.peek() else {
            break;
        };
        let deadline = epoch + f64::from(due) / 1000.0;
        if !sleep_until(&mem.io_word[0], deadline, env.clock, env.stop) {
            stopped = true;
            break;
        }
        let t = now();
        while let Some(&Reverse((d, _, i, why))) = timers.peek() {
            if d > t {
                break;
            }
            timers.pop();
            ready.push_back((i, why));
        }
    }
    for (i, s) in state.iter().enumerate() {
        if matches!(s, State::New | State::Awaiting(_)) {
            mem.close(W, i);
        }
    }
    let elapsed_ms = (env.clock)() - epoch;
    let mut o = outcome(requests, elapsed_ms, stopped || (env.stop)());
    o.switches = switches;
    o.max_computing = 1;
    o.cpu_ms = f64::from(cpu_us) / 1000.0;
    mem.end_way();
    o
}
