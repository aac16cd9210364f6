//! **Reader preference** (the "first readers–writers problem").

use super::{try_add_reader, try_set_writer, wait_until, RwPolicy};
use crate::labs::starvation::{Starvation, Waiter};
use core::sync::atomic::Ordering::SeqCst;

/// A reader enters whenever no writer is inside, however many writers wait; a
/// writer enters only when the lock is empty *and no reader is waiting*.
/// Readers who overlap keep it from ever being empty: writers starve.
pub struct ReaderPreference;

impl RwPolicy for ReaderPreference {
    fn lock_read(&self, l: &Starvation, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_readers, w, || try_add_reader(l, || true))
    }
    fn lock_write(&self, l: &Starvation, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_writers, w, || {
            try_set_writer(l, || l.waiting_readers.load(SeqCst) == 0)
        })
    }
}
