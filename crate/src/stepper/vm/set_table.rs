//! CPython's set hash table (setobject.c) reproduced: open addressing with linear probes
//! then perturbation, dummies for deleted slots, the same resizing — so a set iterates and
//! prints in CPython's order — and `py_hash`, CPython's hashes of ints, bools, None and
//! tuples of them.

use super::super::value::Value;
use super::*;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    Empty,
    Dummy,
    Full(i64, Value),
}

/// A set's table: `fill` counts full and dummy slots, `used` the full ones.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SetTable {
    slots: Vec<Slot>,
    fill: usize,
    used: usize,
}

impl Default for SetTable {
    fn default() -> SetTable {
        SetTable {
            slots: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
        }
    }
}

/// CPython's `hash()` of a hashable value (strings: a fixed FNV-1a, since CPython's varies).
pub fn py_hash(v: &Value) -> R<i64> {
    const P: i128 = (1 << 61) - 1;
    Ok(match v {
        Value::Int(i) => {
            let m = (i.unsigned_abs() as i128 % P) as i64;
            let h = if *i < 0 { -m } else { m };
            if h == -1 {
                -2
            } else {
                h
            }
        }
        Value::Bool(b) => *b as i64,
        Value::None => 0xFCA86420,
        Value::Str(s) => {
            let mut h: u64 = 0xcbf29ce484222325;
            for b in s.bytes() {
                h = (h ^ b as u64).wrapping_mul(0x100000001b3);
            }
            let h = (h >> 1) as i64;
            if h == -1 {
                -2
            } else {
                h
            }
        }
        Value::Tuple(xs) => {
            const P1: u64 = 11400714785074694791;
            const P2: u64 = 14029467366897019727;
            const P5: u64 = 2870177450012600261;
            let mut acc = P5;
            for x in xs.iter() {
                let lane = py_hash(x)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(P2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(P1);
            }
            acc = acc.wrapping_add(xs.len() as u64 ^ (P5 ^ 3527539));
            if acc == u64::MAX {
                1546275796
            } else {
                acc as i64
            }
        }
        Value::List(_) | Value::Dict(_) | Value::Set(_) => {
            return rt(format!("TypeError: unhashable type: '{}'", type_name(v)))
        }
        // Functions, objects: hashed by identity in CPython; any fixed value keeps them findable.
        other => {
            use std::hash::{Hash, Hasher};
            let mut h = super::state_hash::StateHasher::default();
            other.hash(&mut h);
            (h.finish() >> 4) as i64
        }
    })
}

impl SetTable {
    pub fn len(&self) -> usize {
        self.used
    }
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }
    /// The items in iteration order.
    pub fn items(&self) -> Vec<Value> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Full(_, v) => Some(v.clone()),
                _ => None,
            })
            .collect()
    }
    fn entries(&self) -> Vec<(i64, Value)> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Full(h, v) => Some((*h, v.clone())),
                _ => None,
            })
            .collect()
    }
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The slot holding `v`, if any.
    fn find(&self, h: i64, v: &Value) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = h as u64;
        let mut i = (h as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => return None,
                    Slot::Full(eh, ev) if *eh == h && no_heap_eq(ev, v) => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn contains(&self, v: &Value) -> R<bool> {
        Ok(self.find(py_hash(v)?, v).is_some())
    }

    /// `set_add_entry`.
    pub fn add_hashed(&mut self, h: i64, v: Value) {
        let mask = self.mask();
        let mut perturb = h as u64;
        let mut i = (h as u64 as usize) & mask;
        let mut free: Option<usize> = None;
        let unused = loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut hit = None;
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => {
                        hit = Some(j);
                        break;
                    }
                    Slot::Full(eh, ev) if *eh == h && no_heap_eq(ev, &v) => return,
                    Slot::Dummy if free.is_none() => free = Some(j),
                    _ => {}
                }
            }
            if let Some(j) = hit {
                break j;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        };
        if let Some(f) = free {
            self.used += 1;
            self.slots[f] = Slot::Full(h, v);
            return;
        }
        self.fill += 1;
        self.used += 1;
        self.slots[unused] = Slot::Full(h, v);
        if self.fill * 5 >= mask * 3 {
            let n = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(n);
        }
    }

    pub fn add(&mut self, v: Value) -> R<()> {
        let h = py_hash(&v)?;
        self.add_hashed(h, v);
        Ok(())
    }

    /// `set_table_resize`: the smallest power of two above `minused`, entries re-inserted
    /// in table order.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        self.fill = self.used;
        for s in old {
            if let Slot::Full(h, v) = s {
                self.insert_clean(h, v);
            }
        }
    }

    fn insert_clean(&mut self, h: i64, v: Value) {
        let mask = self.mask();
        let mut perturb = h as u64;
        let mut i = (h as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                if self.slots[j] == Slot::Empty {
                    self.slots[j] = Slot::Full(h, v);
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Removes `v`; whether it was there.
    pub fn discard(&mut self, v: &Value) -> R<bool> {
        match self.find(py_hash(v)?, v) {
            Some(j) => {
                self.slots[j] = Slot::Dummy;
                self.used -= 1;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// `set_merge`: `other`'s items added (a copy when this table is empty).
    pub fn merge(&mut self, other: &SetTable) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for (h, v) in other.entries() {
                self.insert_clean(h, v);
            }
            return;
        }
        for (h, v) in other.entries() {
            self.add_hashed(h, v);
        }
    }

    fn copy(&self) -> SetTable {
        let mut t = SetTable::default();
        t.merge(self);
        t
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` as setobject.c builds them.
    pub fn op(a: &SetTable, b: &SetTable, op: char) -> SetTable {
        match op {
            '|' => {
                let mut t = a.copy();
                t.merge(b);
                t
            }
            '&' => {
                let (big, small) = if b.len() > a.len() { (b, a) } else { (a, b) };
                let mut t = SetTable::default();
                for (h, v) in small.entries() {
                    if big.find(h, &v).is_some() {
                        t.add_hashed(h, v);
                    }
                }
                t
            }
            '-' => {
                if a.len() >> 2 > b.len() {
                    let mut t = a.copy();
                    for (h, v) in b.entries() {
                        if let Some(j) = t.find(h, &v) {
                            t.slots[j] = Slot::Dummy;
                            t.used -= 1;
                        }
                    }
                    t
                } else {
                    let mut t = SetTable::default();
                    for (h, v) in a.entries() {
                        if b.find(h, &v).is_none() {
                            t.add_hashed(h, v);
                        }
                    }
                    t
                }
            }
            _ => {
                // `^`: a copy of a, then each of b's items removed if there, added if not.
                let mut t = a.copy();
                for (h, v) in b.entries() {
                    match t.find(h, &v) {
                        Some(j) => {
                            t.slots[j] = Slot::Dummy;
                            t.used -= 1;
                        }
                        None => t.add_hashed(h, v),
                    }
                }
                t
            }
        }
    }

    /// `set.pop()`: CPython scans from a finger; from the table's start is the same for a
    /// set that was only added to.
    pub fn pop_first(&mut self) -> Option<Value> {
        let j = self
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Full(..)))?;
        let Slot::Full(_, v) = std::mem::replace(&mut self.slots[j], Slot::Dummy) else {
            return None;
        };
        self.used -= 1;
        Some(v)
    }
}

/// Equality of set members: hashable values refer to no heap object, so none is passed.
fn no_heap_eq(a: &Value, b: &Value) -> bool {
    thread_local! {
        static NO_HEAP: Heap = Heap::new();
    }
    NO_HEAP.with(|h| eq(h, a, b))
}
