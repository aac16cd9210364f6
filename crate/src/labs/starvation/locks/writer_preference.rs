//! **Writer preference** (the "second readers–writers problem").

use super::{try_add_reader, try_set_writer, wait_until, RwPolicy};
use crate::labs::starvation::{Starvation, Waiter};
use core::sync::atomic::Ordering::SeqCst;

/// While a writer waits, no new reader enters; a writer enters as soon as the
/// lock is empty. Writers who come back at once keep a writer always waiting:
/// readers starve. (A reader that saw no waiting writer may still slip in just
/// as one arrives — harmless: the writer then waits for it to leave.)
pub struct WriterPreference;

impl RwPolicy for WriterPreference {
    fn lock_read(&self, l: &Starvation, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_readers, w, || {
            try_add_reader(l, || l.waiting_writers.load(SeqCst) == 0)
        })
    }
    fn lock_write(&self, l: &Starvation, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_writers, w, || try_set_writer(l, || true))
    }
}
