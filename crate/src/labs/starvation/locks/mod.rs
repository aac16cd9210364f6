//! The three readers–writers locks, each in its own file, and what they share:
//! the [`RwPolicy`] trait and the two attempts every lock is built from (add a
//! reader, set the writer bit), each one compare-and-swap on
//! [`Starvation::state`].

mod fifo_fair;
mod reader_preference;
mod writer_preference;

pub use fifo_fair::FifoFair;
pub use reader_preference::ReaderPreference;
pub use writer_preference::WriterPreference;

use super::{Policy, Starvation, Waiter, WRITER_BIT};
use core::sync::atomic::{AtomicU32, Ordering::SeqCst};

/// A readers–writers lock over the lock words of a [`Starvation`]: `lock_*`
/// returns `false` when the waiter gave up (run over) without entering.
pub trait RwPolicy: Sync {
    /// Enter shared (with other readers).
    fn lock_read(&self, l: &Starvation, w: &mut Waiter) -> bool;
    /// Leave after [`RwPolicy::lock_read`].
    fn unlock_read(&self, l: &Starvation) {
        l.state.fetch_sub(1, SeqCst);
    }
    /// Enter alone.
    fn lock_write(&self, l: &Starvation, w: &mut Waiter) -> bool;
    /// Leave after [`RwPolicy::lock_write`].
    fn unlock_write(&self, l: &Starvation) {
        l.state.fetch_and(!WRITER_BIT, SeqCst);
    }
}

/// The lock a policy names.
pub fn lock_of(p: Policy) -> &'static dyn RwPolicy {
    match p {
        Policy::Reader => &ReaderPreference,
        Policy::Writer => &WriterPreference,
        Policy::Fair => &FifoFair,
    }
}

/// Adds one to `state`'s reader count if no writer is inside (and `also`
/// holds); `true` if it did.
fn try_add_reader(l: &Starvation, also: impl Fn() -> bool) -> bool {
    let s = l.state.load(SeqCst);
    s & WRITER_BIT == 0 && also() && l.state.compare_exchange(s, s + 1, SeqCst, SeqCst).is_ok()
}

/// Sets the writer bit if the lock is free (and `also` holds).
fn try_set_writer(l: &Starvation, also: impl Fn() -> bool) -> bool {
    l.state.load(SeqCst) == 0
        && also()
        && l.state
            .compare_exchange(0, WRITER_BIT, SeqCst, SeqCst)
            .is_ok()
}

/// Runs `attempt` until it succeeds (`true`) or the waiter gives up (`false`).
fn spin_until(w: &mut Waiter, mut attempt: impl FnMut() -> bool) -> bool {
    loop {
        if attempt() {
            return true;
        }
        if !w.pause() {
            return false;
        }
    }
}

/// [`spin_until`], counted in `waiting` meanwhile.
fn wait_until(waiting: &AtomicU32, w: &mut Waiter, attempt: impl FnMut() -> bool) -> bool {
    waiting.fetch_add(1, SeqCst);
    let entered = spin_until(w, attempt);
    waiting.fetch_sub(1, SeqCst);
    entered
}
