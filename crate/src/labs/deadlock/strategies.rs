//! The four ways to pick up two forks — one meal of one philosopher each.

use super::memory::state;
use super::table::Table;
use super::{Params, Strategy};
use core::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

pub(super) fn sleep_ms(ms: u32) {
    if ms > 0 {
        std::thread::sleep(Duration::from_millis(u64::from(ms)));
    }
}

/// A small xorshift generator per philosopher, for the try-lock back-off.
fn next_random(seed: &mut u32) -> u32 {
    let mut x = *seed;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *seed = x;
    x
}

/// One meal of philosopher `me` with the run's strategy: takes both forks,
/// eats, puts them back. Returns `false` if a stop cut it short (only the
/// strategies that never block forever can notice one).
pub(super) fn dine(
    t: &Table,
    p: Params,
    me: usize,
    seed: &mut u32,
    stop: &dyn Fn() -> bool,
) -> bool {
    let m = &t.mirror;
    let left = me;
    let right = (me + 1) % p.n;
    let eat = || {
        m.state[me].store(state::EATING, Relaxed);
        sleep_ms(p.eat_ms);
        m.meals[me].fetch_add(1, Relaxed);
    };
    let pause = || {
        m.state[me].store(state::PAUSING, Relaxed);
        sleep_ms(p.pause_ms);
    };
    match p.strategy {
        Strategy::Naive => {
            let _l = t.take(me, left);
            pause();
            // All N may be here at once, each holding its left fork: then this
            // `lock()` never returns.
            let _r = t.take(me, right);
            eat();
        }
        Strategy::Ordered => {
            let (first, second) = (left.min(right), left.max(right));
            let _a = t.take(me, first);
            pause();
            let _b = t.take(me, second);
            eat();
        }
        Strategy::TryLock => loop {
            let l = t.take(me, left);
            pause();
            if let Some(_r) = t.try_take(me, right) {
                eat();
                drop(l);
                break;
            }
            drop(l);
            m.retries[me].fetch_add(1, Relaxed);
            m.state[me].store(state::BACKING_OFF, Relaxed);
            // A random back-off breaks the symmetry that would otherwise make
            // everybody retry in lock-step (a livelock).
            sleep_ms(1 + next_random(seed) % (p.pause_ms + p.eat_ms + 2));
            if stop() {
                return false;
            }
        },
        Strategy::Waiter => {
            // A seat from the waiter: at most N−1 at the table.
            loop {
                let seated = m.seated.load(Relaxed);
                if seated < p.n as u32 - 1
                    && m.seated
                        .compare_exchange(seated, seated + 1, Relaxed, Relaxed)
                        .is_ok()
                {
                    break;
                }
                m.state[me].store(state::WAITING_SEAT, Relaxed);
                if stop() {
                    return false;
                }
                sleep_ms(1);
            }
            {
                let _l = t.take(me, left);
                pause();
                let _r = t.take(me, right);
                eat();
            }
            m.seated.fetch_sub(1, Relaxed);
        }
    }
    true
}
