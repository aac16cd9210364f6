//! The endings a search finds, each once: kind, globals, output and message, how many end
//! states reach it, the first witness, and which one first differs from the sequential run's.

use super::super::explore::{ending_output, final_globals, OutcomeRec};
use super::super::vm::Machine;

/// What makes two endings the same: kind, globals, output and message.
type Key = (String, Vec<(String, String)>, String, String);

#[derive(Clone, Debug, Default)]
pub struct Endings {
    pub list: Vec<OutcomeRec>,
    /// The sequential run's ending (the program's "expected" result), when known.
    pub expected: Option<Key>,
    /// The index in `list` of the first ending found that differs from `expected`.
    pub first_other: Option<usize>,
    // speed: when each ending was first found, for the bench's "time to the first lost update"
    /// Wall-clock milliseconds from `t0` (the search's start) to each ending in `list`.
    pub found_ms: Vec<f64>,
    pub t0: f64,
}

fn key_of(m: &Machine) -> Option<Key> {
    let o = m.outcome.as_ref()?;
    let message = if o.kind == "finished" {
        String::new()
    } else {
        o.message.clone()
    };
    Some((
        o.kind.to_string(),
        final_globals(m),
        ending_output(m),
        message,
    ))
}

impl Endings {
    /// Endings compared against `m`'s (a finished sequential run).
    pub fn expecting(m: &Machine) -> Endings {
        Endings {
            expected: key_of(m),
            t0: crate::clock::now_ms(),
            ..Endings::default()
        }
    }

    /// No endings yet, expecting the same (explore: a search started again).
    pub fn restarted(&self) -> Endings {
        Endings {
            expected: self.expected.clone(),
            t0: self.t0,
            ..Endings::default()
        }
    }

    /// An end state found after `found_at` states (or runs); `witness` (schedule, preemptions)
    /// is asked for only when the ending is new. Returns its index.
    pub fn add_end(
        &mut self,
        m: &Machine,
        found_at: u32,
        witness: impl FnOnce() -> (String, Option<u32>),
    ) -> usize {
        let Some(key) = key_of(m) else {
            return usize::MAX;
        };
        self.add(key, found_at, || {
            let (w, p) = witness();
            (w, None, p)
        })
    }

    /// A lasso whose loop starts in state `start`; `witness` gives (schedule, steps before the loop).
    pub fn add_lasso(
        &mut self,
        start: &Machine,
        kind: &str,
        message: String,
        found_at: u32,
        witness: impl FnOnce() -> (String, u32),
    ) -> usize {
        let key = (
            kind.to_string(),
            final_globals(start),
            ending_output(start),
            message,
        );
        self.add(key, found_at, || {
            let (w, from) = witness();
            (w, Some(from), None)
        })
    }

    /// An ending that no end state shows (a run cut at its step budget), as `kind` and `message`.
    pub fn add_other(
        &mut self,
        m: &Machine,
        kind: &str,
        message: String,
        found_at: u32,
        witness: impl FnOnce() -> String,
    ) -> usize {
        let key = (
            kind.to_string(),
            final_globals(m),
            ending_output(m),
            message,
        );
        self.add(key, found_at, || (witness(), None, None))
    }

    fn add(
        &mut self,
        key: Key,
        found_at: u32,
        witness: impl FnOnce() -> (String, Option<u32>, Option<u32>),
    ) -> usize {
        if let Some(i) = self.list.iter().position(|r| {
            r.kind == key.0 && r.globals == key.1 && r.output == key.2 && r.message == key.3
        }) {
            self.list[i].count += 1;
            return i;
        }
        let other = self.expected.as_ref().is_some_and(|e| *e != key);
        let (witness, loop_from, preemptions) = witness();
        let (kind, globals, output, message) = key;
        self.list.push(OutcomeRec {
            kind,
            globals,
            output,
            message,
            count: 1,
            witness,
            loop_from,
            preemptions,
            found_at,
        });
        let i = self.list.len() - 1;
        self.found_ms.push(crate::clock::now_ms() - self.t0);
        if other && self.first_other.is_none() {
            self.first_other = Some(i);
        }
        i
    }
}
