//! The Global Interpreter Lock: a FIFO ticket lock whose waiters sleep on a
//! condition variable. Why not `std::sync::Mutex`: see the lab's module doc.

use std::sync::{Condvar, Mutex};

/// The Global Interpreter Lock: a FIFO ticket lock whose waiters sleep on a
/// condition variable (see the module doc for why not a plain mutex).
pub struct Gil {
    state: Mutex<Tickets>,
    turn: Condvar,
}

struct Tickets {
    /// The next ticket to hand out.
    next: u64,
    /// The ticket whose turn it is.
    serving: u64,
    /// When the last hold ended (µs): a new hold's recorded start is never
    /// earlier, so clocks of different threads that disagree by a few µs
    /// cannot draw two holds over each other.
    last_end_us: u32,
    /// The thread that held it last (`usize::MAX`: nobody yet).
    last_thread: usize,
}

impl Gil {
    /// A free lock, nobody waiting.
    pub fn new() -> Self {
        Gil {
            state: Mutex::new(Tickets {
                next: 0,
                serving: 0,
                last_end_us: 0,
                last_thread: usize::MAX,
            }),
            turn: Condvar::new(),
        }
    }

    /// Queues for the lock and returns once it is this thread's turn: `(the end
    /// of the previous hold in µs, the thread that held it)`.
    pub(super) fn acquire(&self) -> (u32, usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mine = s.next;
        s.next += 1;
        while s.serving != mine {
            s = self.turn.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        (s.last_end_us, s.last_thread)
    }

    /// Hands the lock to the next ticket.
    pub(super) fn release(&self, thread: usize, end_us: u32) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.serving += 1;
        s.last_end_us = end_us;
        s.last_thread = thread;
        drop(s);
        self.turn.notify_all();
    }
}

impl Default for Gil {
    fn default() -> Self {
        Self::new()
    }
}
