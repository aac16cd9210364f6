//! `set`: CPython's hash table (setobject.c) reproduced, so that a set iterates and prints in
//! CPython's order — the same for ints, bools, None and tuples of them (their hashes are
//! CPython's); strings hash differently from run to run in CPython, so programs should print
//! `sorted(s)`. Literals and `set()`, `add`, `discard`, `remove`, `pop`, `clear`, `in`,
//! `len`, iteration, `==`, and `|`, `&`, `-`, `^` as CPython computes them.//!
//! The hash table itself lives in `set_table.rs`; this file holds the set operations of the VM.

use super::super::value::Heap;
use super::super::value::{HeapObj, Value};
pub use super::set_table::SetTable;
use super::*;

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
    pub(super) fn set_eq(heap: &Heap, a: u32, b: u32) -> bool {
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
