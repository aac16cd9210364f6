//! The endings a search finds, each once: kind, globals, output and message, how many end
//! states reach it, the first witness, and which one first differs from the sequential run's.

use super::super::explore::{ending_output, final_globals, OutcomeRec};
use super::super::vm::Machine;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// What makes two endings the same: kind, globals, output and message.
type Key = (String, Vec<(String, String)>, String, String);

/// A run cut at a limit (`budget`: the step limit, or one step's cost cap) ends wherever the cut
/// fell, so its globals and output say only how far it got. All runs cut for the same reason
/// are one ending: the first found shows its globals, output and witness, and `count` says how
/// many end states were cut. (A program printing in an endless loop made one "ending" per
/// place the cut fell, each with a witness replayed over ~100,000 steps: the book's polite
/// spouses made 8,289 of them and took 400 s for a 200,000-state budget.)
fn is_cut(kind: &str) -> bool {
    kind == "budget"
}

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
    /// The endings in `list` by their key's hash (speed: an end state is looked up, not
    /// compared with every ending found so far).
    index: HashMap<u64, Vec<usize>>,
}

fn key_of(m: &Machine) -> Option<Key> {
    let o = m.outcome.as_ref()?;
    if is_cut(o.kind) {
        return Some((o.kind.to_string(), vec![], String::new(), o.message.clone()));
    }
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
        self.add(key, Some(m), found_at, || {
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
        self.add(key, None, found_at, || {
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
        let key = match is_cut(kind) {
            true => (kind.to_string(), vec![], String::new(), message),
            false => (
                kind.to_string(),
                final_globals(m),
                ending_output(m),
                message,
            ),
        };
        self.add(key, Some(m), found_at, || (witness(), None, None))
    }

    /// Counts an end state with this key; a new ending gets its witness (and, for a cut run,
    /// the globals and output of `m`, the state it was cut at).
    fn add(
        &mut self,
        key: Key,
        m: Option<&Machine>,
        found_at: u32,
        witness: impl FnOnce() -> (String, Option<u32>, Option<u32>),
    ) -> usize {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let h = hasher.finish();
        let same = |r: &OutcomeRec| {
            r.kind == key.0
                && r.message == key.3
                && (is_cut(&r.kind) || (r.globals == key.1 && r.output == key.2))
        };
        let found = self
            .index
            .get(&h)
            .and_then(|is| is.iter().copied().find(|&i| same(&self.list[i])));
        if let Some(i) = found {
            self.list[i].count += 1;
            return i;
        }
        let other = self.expected.as_ref().is_some_and(|e| *e != key);
        let (witness, loop_from, preemptions) = witness();
        let (kind, mut globals, mut output, message) = key;
        if let (true, Some(m)) = (is_cut(&kind), m) {
            (globals, output) = (final_globals(m), ending_output(m));
        }
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
        self.index.entry(h).or_default().push(i);
        self.found_ms.push(crate::clock::now_ms() - self.t0);
        if other && self.first_other.is_none() {
            self.first_other = Some(i);
        }
        i
    }
}
