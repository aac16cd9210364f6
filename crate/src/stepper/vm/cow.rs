//! Copy-on-write parts of the machine state, each with its hash kept (speed).
//!
//! The explorer clones a state for every transition, steps one thread, and hashes the result.
//! A step changes little: one thread's top frame, maybe a global, a lock. So the state is kept
//! as a tree of shared parts ([`Shared`]: an `Rc` plus the part's cached hash): a clone copies
//! only the pointers at the top, and a part is copied when it is first changed (`Rc::make_mut`,
//! through `DerefMut`), which also forgets its cached hash. Hashing a state then recomputes
//! only the parts that changed since the state it was cloned from, and combines the others'
//! cached hashes — incremental state hashing with no bookkeeping in the VM: any mutable access
//! goes through `DerefMut`, so no change can leave a stale hash behind.
//!
//! [`CowVec`] is a vector of shared parts with the subset of `Vec`'s API the VM uses (its
//! elements copied one at a time, the vector itself shared until it changes). A process's heap
//! is one ([`super::super::value::Heap`]): a step that appends to one list copies and re-hashes
//! that list, not every object of the heap (when the heap was one part, the `poolmap` sample
//! spent 11 % of its instructions copying and hashing unchanged objects).
//!
//! A part's hash is a 64-bit [`StateHasher`] digest of its contents, fed to the outer hasher
//! as one word: two different parts hash apart as surely as two different states did when
//! the whole state was hashed word by word (`tests/speed.rs` checks that states differing in
//! any one part hash differently).

use super::state_hash::StateHasher;
use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut, Index, IndexMut};
use std::rc::Rc;

struct Inner<T> {
    val: T,
    /// The digest of `val`, once computed (forgotten on every mutable access).
    hash: Cell<Option<u64>>,
}

impl<T: Clone> Clone for Inner<T> {
    fn clone(&self) -> Inner<T> {
        Inner {
            val: self.val.clone(),
            hash: Cell::new(self.hash.get()),
        }
    }
}

/// A shared, copy-on-write part of the state with its cached hash.
pub struct Shared<T>(Rc<Inner<T>>);

impl<T> Shared<T> {
    pub fn new(val: T) -> Shared<T> {
        Shared(Rc::new(Inner {
            val,
            hash: Cell::new(None),
        }))
    }
}

impl<T: Hash> Shared<T> {
    /// The part's hash (computed once, until it next changes).
    pub fn digest(&self) -> u64 {
        if let Some(h) = self.0.hash.get() {
            return h;
        }
        let mut s = StateHasher::default();
        self.0.val.hash(&mut s);
        let h = s.finish();
        self.0.hash.set(Some(h));
        h
    }
}

impl<T: Clone> Shared<T> {
    /// The value, moved out if this is its only owner (else copied).
    pub fn into_inner(self) -> T {
        match Rc::try_unwrap(self.0) {
            Ok(i) => i.val,
            Err(rc) => rc.val.clone(),
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.val
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        let inner = Rc::make_mut(&mut self.0);
        inner.hash.set(None);
        &mut inner.val
    }
}

impl<T: Hash> Hash for Shared<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.digest());
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.val == other.0.val
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.val.fmt(f)
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Shared<T> {
        Shared::new(T::default())
    }
}

impl<T> From<T> for Shared<T> {
    fn from(val: T) -> Shared<T> {
        Shared::new(val)
    }
}

/// A vector of copy-on-write parts (the vector itself shared too), with `Vec`'s API as the VM
/// uses it. Its hash is its length and its elements' hashes, cached like theirs.
pub struct CowVec<T>(Shared<Vec<Shared<T>>>);

impl<T> CowVec<T> {
    pub fn new() -> CowVec<T> {
        CowVec(Shared::new(Vec::new()))
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).map(|s| &**s)
    }
    pub fn first(&self) -> Option<&T> {
        self.0.first().map(|s| &**s)
    }
    pub fn last(&self) -> Option<&T> {
        self.0.last().map(|s| &**s)
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.0.iter().map(|s| &**s)
    }
}

impl<T: Clone> CowVec<T> {
    fn items(&mut self) -> &mut Vec<Shared<T>> {
        &mut self.0
    }
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.items().get_mut(i).map(|s| &mut **s)
    }
    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.items().last_mut().map(|s| &mut **s)
    }
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> + ExactSizeIterator {
        self.items().iter_mut().map(|s| &mut **s)
    }
    pub fn push(&mut self, v: T) {
        self.items().push(Shared::new(v));
    }
    pub fn pop(&mut self) -> Option<T> {
        self.items().pop().map(Shared::into_inner)
    }
    pub fn insert(&mut self, i: usize, v: T) {
        self.items().insert(i, Shared::new(v));
    }
    pub fn remove(&mut self, i: usize) -> T {
        self.items().remove(i).into_inner()
    }
    pub fn truncate(&mut self, n: usize) {
        if n < self.len() {
            self.items().truncate(n);
        }
    }
    pub fn clear(&mut self) {
        if !self.is_empty() {
            self.items().clear();
        }
    }
    /// The elements as a plain vector (copied).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
    /// Element `i` as a shared part (cloning it shares it).
    pub fn part(&self, i: usize) -> &Shared<T> {
        &self.0[i]
    }
    /// Puts `part` (shared with whoever else holds it) as element `i`.
    pub fn set_part(&mut self, i: usize, part: Shared<T>) {
        self.items()[i] = part;
    }
}

impl<T> Clone for CowVec<T> {
    fn clone(&self) -> CowVec<T> {
        CowVec(self.0.clone())
    }
}

impl<T> Default for CowVec<T> {
    fn default() -> CowVec<T> {
        CowVec::new()
    }
}

impl<T> From<Vec<T>> for CowVec<T> {
    fn from(v: Vec<T>) -> CowVec<T> {
        CowVec(Shared::new(v.into_iter().map(Shared::new).collect()))
    }
}

impl<T> FromIterator<T> for CowVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(it: I) -> CowVec<T> {
        CowVec(Shared::new(it.into_iter().map(Shared::new).collect()))
    }
}

impl<T> Index<usize> for CowVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T: Clone> IndexMut<usize> for CowVec<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.items()[i]
    }
}

impl<'a, T> IntoIterator for &'a CowVec<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Shared<T>>, fn(&'a Shared<T>) -> &'a T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|s| &**s)
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut CowVec<T> {
    type Item = &'a mut T;
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, Shared<T>>, fn(&'a mut Shared<T>) -> &'a mut T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items().iter_mut().map(|s| &mut **s)
    }
}

impl<T: Hash> Hash for CowVec<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash(h);
    }
}

impl<T: PartialEq> PartialEq for CowVec<T> {
    fn eq(&self, other: &CowVec<T>) -> bool {
        self.0 == other.0
    }
}

impl<T: Eq> Eq for CowVec<T> {}

impl<T: fmt::Debug> fmt::Debug for CowVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&self.0.val).into_iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut Shared<T>
where
    &'a mut T: IntoIterator,
{
    type Item = <&'a mut T as IntoIterator>::Item;
    type IntoIter = <&'a mut T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&mut **self).into_iter()
    }
}

impl<T: Clone> Extend<T> for CowVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, it: I) {
        self.items().extend(it.into_iter().map(Shared::new));
    }
}
