//! **Fair, first come first served**: a ticket lock.

use super::{spin_until, try_set_writer, RwPolicy};
use crate::labs::starvation::{Starvation, Waiter, WRITER_BIT};
use core::sync::atomic::Ordering::SeqCst;

/// Every thread takes the next ticket ([`Starvation::next_ticket`]) and waits
/// until [`Starvation::now_serving`] reaches it. A reader then joins the
/// readers inside and at once serves the next ticket, so readers with
/// consecutive tickets are inside together; a writer waits, holding up the
/// queue, until the readers before it have left, and serves the next ticket
/// only when it leaves. Nobody is overtaken, so nobody starves.
pub struct FifoFair;

impl RwPolicy for FifoFair {
    fn lock_read(&self, l: &Starvation, w: &mut Waiter) -> bool {
        l.waiting_readers.fetch_add(1, SeqCst);
        let ticket = l.next_ticket.fetch_add(1, SeqCst);
        let mine = spin_until(w, || l.now_serving.load(SeqCst) == ticket);
        if mine {
            // Whoever held the previous ticket has cleared the writer bit
            // before serving ours, so only readers can be inside.
            l.state.fetch_add(1, SeqCst);
            l.now_serving.fetch_add(1, SeqCst);
        }
        l.waiting_readers.fetch_sub(1, SeqCst);
        mine
    }
    fn lock_write(&self, l: &Starvation, w: &mut Waiter) -> bool {
        l.waiting_writers.fetch_add(1, SeqCst);
        let ticket = l.next_ticket.fetch_add(1, SeqCst);
        let mine = spin_until(w, || {
            l.now_serving.load(SeqCst) == ticket && try_set_writer(l, || true)
        });
        l.waiting_writers.fetch_sub(1, SeqCst);
        mine
    }
    fn unlock_write(&self, l: &Starvation) {
        l.state.fetch_and(!WRITER_BIT, SeqCst);
        l.now_serving.fetch_add(1, SeqCst);
    }
}
