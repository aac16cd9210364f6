//! The program's output so far, as the explorer keeps it: an append-only list shared between
//! states (each chunk points at the one printed before it), with the hash and the byte count of
//! everything up to each chunk kept in it.
//!
//! A print adds one chunk: O(1) to copy, to hash and to charge, however much was printed before.
//! The output was one copy-on-write vector: every print copied every earlier chunk's text and
//! hashed all of it again, so a program that prints in a loop cost O(n) per print on each path —
//! the book's polite spouses (a livelock that prints forever) took 462 s to fill a 200,000-state
//! budget, most of it copying output and zeroing the pages it needed.

use super::state_hash::StateHasher;
use super::sys::Stream;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// One print: the thread, the text (its `end` included) and the stream.
pub type Line = (u32, String, Stream);

struct Chunk {
    line: Line,
    prev: Option<Rc<Chunk>>,
    /// Chunks up to and including this one.
    len: usize,
    /// The hash of every chunk up to and including this one, in order.
    hash: u64,
    /// The memory budget's charge for the text up to and including this one
    /// ([`super::limits::str_bytes`] of each chunk).
    bytes: u64,
}

/// Everything printed, oldest first (see the module doc).
#[derive(Clone, Default)]
pub struct Output(Option<Rc<Chunk>>);

impl Output {
    pub fn push(&mut self, line: Line) {
        let prev = self.0.take();
        let (len, hash, bytes) = prev
            .as_ref()
            .map_or((0, 0, 0), |p| (p.len, p.hash, p.bytes));
        let mut h = StateHasher::default();
        h.write_u64(hash);
        line.hash(&mut h);
        let charge = super::limits::str_bytes(line.1.len());
        self.0 = Some(Rc::new(Chunk {
            line,
            prev,
            len: len + 1,
            hash: h.finish(),
            bytes: bytes + charge,
        }));
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |c| c.len)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The memory budget's charge for everything printed so far.
    pub fn bytes(&self) -> u64 {
        self.0.as_ref().map_or(0, |c| c.bytes)
    }

    /// The chunks, oldest first.
    pub fn iter(&self) -> std::iter::Rev<std::vec::IntoIter<&Line>> {
        let mut v = Vec::with_capacity(self.len());
        let mut cur = self.0.as_deref();
        while let Some(c) = cur {
            v.push(&c.line);
            cur = c.prev.as_deref();
        }
        v.into_iter().rev()
    }
}

impl<'a> IntoIterator for &'a Output {
    type Item = &'a Line;
    type IntoIter = std::iter::Rev<std::vec::IntoIter<&'a Line>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Hash for Output {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.0.as_ref().map_or(0, |c| c.hash));
    }
}

impl PartialEq for Output {
    fn eq(&self, other: &Output) -> bool {
        let (mut a, mut b) = (self.0.as_ref(), other.0.as_ref());
        if self.len() != other.len() {
            return false;
        }
        // Newest first, until the two share the rest.
        while let (Some(x), Some(y)) = (a, b) {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            if x.hash != y.hash || x.line != y.line {
                return false;
            }
            (a, b) = (x.prev.as_ref(), y.prev.as_ref());
        }
        true
    }
}

impl Eq for Output {}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Dropped one chunk at a time: a chain of a million prints would overflow the stack if each
/// chunk's drop dropped the one before it recursively.
impl Drop for Output {
    fn drop(&mut self) {
        let mut cur = self.0.take();
        while let Some(rc) = cur {
            match Rc::try_unwrap(rc) {
                Ok(mut c) => cur = c.prev.take(),
                Err(_) => break, // shared with another state: it lives on there
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(lines: &[(u32, &str)]) -> Output {
        let mut o = Output::default();
        for (t, s) in lines {
            o.push((*t, s.to_string(), Stream::Out));
        }
        o
    }

    fn h(o: &Output) -> u64 {
        let mut s = StateHasher::default();
        o.hash(&mut s);
        s.finish()
    }

    #[test]
    fn equal_outputs_hash_alike_and_different_ones_apart() {
        let a = out(&[(1, "a\n"), (2, "b\n")]);
        let mut b = out(&[(1, "a\n")]);
        assert_ne!(a, b);
        assert_ne!(h(&a), h(&b));
        b.push((2, "b\n".into(), Stream::Out));
        assert_eq!(a, b);
        assert_eq!(h(&a), h(&b));
        // Order, thread and stream all count.
        assert_ne!(h(&a), h(&out(&[(2, "b\n"), (1, "a\n")])));
        assert_ne!(h(&a), h(&out(&[(1, "a\n"), (3, "b\n")])));
        let mut e = out(&[(1, "a\n")]);
        e.push((2, "b\n".into(), Stream::Err));
        assert_ne!(a, e);
        assert_ne!(h(&a), h(&e));
        assert_eq!(h(&Output::default()), h(&out(&[])));
        assert_ne!(h(&Output::default()), h(&out(&[(0, "")])));
    }

    #[test]
    fn a_copy_shares_what_was_printed_and_grows_on_its_own() {
        let a = out(&[(1, "x"), (1, "y")]);
        let mut b = a.clone();
        b.push((2, "z".into(), Stream::Out));
        let text = |o: &Output| o.iter().map(|l| l.1.as_str()).collect::<String>();
        let charge = |n: u64| n * super::super::limits::str_bytes(1);
        assert_eq!((text(&a), a.len(), a.bytes()), ("xy".into(), 2, charge(2)));
        assert_eq!((text(&b), b.len(), b.bytes()), ("xyz".into(), 3, charge(3)));
        drop(a);
        assert_eq!(text(&b), "xyz");
    }

    #[test]
    fn a_million_prints_drop_without_overflowing_the_stack() {
        let mut o = Output::default();
        for i in 0..1_000_000u32 {
            o.push((0, "x".into(), Stream::Out));
            if i == 10 {
                let _kept = o.clone(); // a shared prefix, dropped first
            }
        }
        assert_eq!(o.len(), 1_000_000);
        drop(o);
    }
}
