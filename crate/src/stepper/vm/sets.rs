//! `set`: CPython's hash table (setobject.c) reproduced, so that a set iterates and prints in
//! CPython's order — the same for ints, bools, None and tuples of them (their hashes are
//! CPython's); strings hash differently from run to run in CPython, so programs should print
//! `sorted(s)`. Literals and `set()`, `add`, `discard`, `remove`, `pop`, `clear`, `in`,
//! `len`, iteration, `==`, and `|`, `&`, `-`, `^` as CPython computes them.

use super::super::value::{HeapObj, Value};
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
                    Slot::Full(eh, ev) if *eh == h && eq(&[], ev, v) => return Some(j),
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
                    Slot::Full(eh, ev) if *eh == h && eq(&[], ev, &v) => return,
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

impl Machine {
    fn set_table(&self, tid: u32, id: u32) -> SetTable {
        match self.mems[self.proc(tid)].heap.get(id as usize) {
            Some(HeapObj::Set(t)) => t.clone(),
            _ => SetTable::default(),
        }
    }

    /// A new set in `tid`'s heap, charged like a dict of its size.
    pub(super) fn new_set(&mut self, tid: u32, t: SetTable) -> R<Value> {
        if t.len() as u64 > limits::MAX_SEQ_LEN {
            return rt("MemoryError: set too large for ThreadLab");
        }
        self.charge(limits::dict_bytes(t.len()))?;
        let h = self.heap(tid);
        h.push(HeapObj::Set(t));
        Ok(Value::Set((h.len() - 1) as u32))
    }

    /// `BUILD_SET n`.
    pub(super) fn exec_build_set(&mut self, tid: u32, n: u32, constant: bool) -> R<()> {
        let f = self.frame(tid);
        let at = f.stack.len() - n as usize;
        let items = f.stack.split_off(at);
        let mut t = SetTable::default();
        for x in items {
            t.add(x)?;
        }
        if constant {
            // The compiler's frozenset, rebuilt from its own order when its constants are
            // merged, then copied into a new set (`SET_UPDATE`).
            let mut again = SetTable::default();
            for x in t.items() {
                again.add(x)?;
            }
            t = SetTable::default();
            t.merge(&again);
        }
        let v = self.new_set(tid, t)?;
        self.push(tid, v);
        Ok(())
    }

    /// `SET_ADD n`: TOS into the set n deep.
    pub(super) fn exec_set_add(&mut self, tid: u32, n: u32) -> R<()> {
        let v = self.pop(tid)?;
        let f = self.frame(tid);
        let Some(Value::Set(id)) = f
            .stack
            .len()
            .checked_sub(n as usize)
            .and_then(|i| f.stack.get(i))
            .cloned()
        else {
            return rt("internal error: SET_ADD without a set");
        };
        self.set_mut(tid, id, |t| t.add(v))
    }

    fn set_mut<T>(&mut self, tid: u32, id: u32, f: impl FnOnce(&mut SetTable) -> R<T>) -> R<T> {
        self.charge(48)?;
        match self.heap(tid).get_mut(id as usize) {
            Some(HeapObj::Set(t)) => {
                let r = f(t)?;
                if t.len() as u64 > limits::MAX_SEQ_LEN {
                    return rt("MemoryError: set too large for ThreadLab");
                }
                Ok(r)
            }
            _ => rt("internal error: not a set"),
        }
    }

    /// `set()` / `set(iterable)`.
    pub(super) fn builtin_set(&mut self, tid: u32, args: &[Value]) -> R<Value> {
        nargs(args, 0, 1, "set")?;
        let mut t = SetTable::default();
        match args.first() {
            None => {}
            Some(Value::Set(id)) => t.merge(&self.set_table(tid, *id)),
            Some(a) => {
                for x in self.iter_items(tid, a)? {
                    t.add(x)?;
                }
            }
        }
        self.new_set(tid, t)
    }

    /// The items of a set (for iteration and the builtins that take an iterable).
    pub(super) fn set_items(&self, tid: u32, id: u32) -> Vec<Value> {
        match self.mems[self.proc(tid)].heap.get(id as usize) {
            Some(HeapObj::Set(t)) => t.items(),
            _ => vec![],
        }
    }

    pub(super) fn set_len(&self, tid: u32, id: u32) -> usize {
        match self.mems[self.proc(tid)].heap.get(id as usize) {
            Some(HeapObj::Set(t)) => t.len(),
            _ => 0,
        }
    }

    /// `x in s`.
    pub(super) fn set_contains(&self, tid: u32, id: u32, x: &Value) -> R<bool> {
        match self.mems[self.proc(tid)].heap.get(id as usize) {
            Some(HeapObj::Set(t)) => t.contains(x),
            _ => Ok(false),
        }
    }

    /// `a | b` and the other operators on two sets.
    pub(super) fn set_binary(&mut self, tid: u32, a: u32, b: u32, op: char) -> R<Value> {
        let t = SetTable::op(&self.set_table(tid, a), &self.set_table(tid, b), op);
        self.new_set(tid, t)
    }

    /// `s == t` for two sets: the same items.
    pub(super) fn set_eq(heap: &[HeapObj], a: u32, b: u32) -> bool {
        match (heap.get(a as usize), heap.get(b as usize)) {
            (Some(HeapObj::Set(x)), Some(HeapObj::Set(y))) => {
                x.len() == y.len() && x.items().iter().all(|v| y.contains(v).unwrap_or(false))
            }
            _ => false,
        }
    }

    /// `s.add(x)`, `discard`, `remove`, `pop`, `clear`, `copy`, `union`, ….
    pub(super) fn set_method(&mut self, tid: u32, id: u32, name: &str, args: &[Value]) -> R<Value> {
        let one = |n: &str| -> R<()> { nargs(args, 1, 1, n) };
        Ok(match name {
            "add" => {
                one("set.add")?;
                let v = args[0].clone();
                self.set_mut(tid, id, |t| t.add(v))?;
                Value::None
            }
            "discard" | "remove" => {
                one(name)?;
                let v = args[0].clone();
                let found = self.set_mut(tid, id, |t| t.discard(&v))?;
                if !found && name == "remove" {
                    let p = self.proc(tid) as u32;
                    return rt(format!("KeyError: {}", self.repr(p, &args[0])));
                }
                Value::None
            }
            "pop" => {
                nargs(args, 0, 0, "set.pop")?;
                match self.set_mut(tid, id, |t| Ok(t.pop_first()))? {
                    Some(v) => v,
                    None => return rt("KeyError: 'pop from an empty set'"),
                }
            }
            "clear" => {
                self.set_mut(tid, id, |t| {
                    *t = SetTable::default();
                    Ok(())
                })?;
                Value::None
            }
            "copy" => {
                let t = self.set_table(tid, id);
                let mut c = SetTable::default();
                c.merge(&t);
                self.new_set(tid, c)?
            }
            "union" | "intersection" | "difference" | "update" => {
                let mut acc = self.set_table(tid, id);
                for a in args {
                    let other = match a {
                        Value::Set(o) => self.set_table(tid, *o),
                        _ => {
                            let mut t = SetTable::default();
                            for x in self.iter_items(tid, a)? {
                                t.add(x)?;
                            }
                            t
                        }
                    };
                    acc = match name {
                        "intersection" => SetTable::op(&acc, &other, '&'),
                        "difference" => SetTable::op(&acc, &other, '-'),
                        _ => {
                            let mut t = acc;
                            t.merge(&other);
                            t
                        }
                    };
                }
                if name == "update" {
                    self.set_mut(tid, id, |t| {
                        *t = acc;
                        Ok(())
                    })?;
                    Value::None
                } else {
                    self.new_set(tid, acc)?
                }
            }
            _ => {
                return rt(format!(
                    "AttributeError: 'set' object has no attribute '{name}' in ThreadLab's subset"
                ))
            }
        })
    }
}
