//! Iteration: `GET_ITER`, `FOR_ITER`, unpacking, and the items of an iterable argument.

use super::super::value::{range_len, HeapObj, Value};
use super::*;

impl Machine {
    /// `GET_ITER`: TOS becomes an iterator over it.
    pub(super) fn exec_get_iter(&mut self, tid: u32) -> R<()> {
        self.hook_iter(tid, false)?; // collections: __iter__, namedtuples
        let o = self.pop(tid)?;
        let p = self.proc(tid);
        let it = match o {
            Value::Range(a, b, s) => Value::RangeIter(a, b, s),
            Value::List(id) => Value::ListIter(id, 0),
            Value::Tuple(t) => Value::TupleIter(t, 0),
            Value::Str(s) => Value::TupleIter(
                s.chars()
                    .map(|c| Value::Str(c.to_string().into()))
                    .collect(),
                0,
            ),
            Value::Dict(id) => match &self.mems[p].heap[id as usize] {
                HeapObj::Dict(kv) => {
                    Value::TupleIter(kv.iter().map(|(k, _)| k.clone()).collect(), 0)
                }
                _ => return rt("TypeError: bad dict"),
            },
            // functions: generators and iterators are their own iterators; sets iterate a copy.
            Value::Gen(_) | Value::RangeIter(..) | Value::ListIter(..) | Value::TupleIter(..) => o,
            Value::Set(id) => Value::TupleIter(self.set_items(tid, id).into(), 0),
            // multiprocessing
            Value::Sync(_) if self.mp_array_items(&o).is_some() => {
                Value::TupleIter(self.mp_array_items(&o).unwrap_or_default().into(), 0)
            }
            _ => {
                return rt(format!(
                    "TypeError: '{}' object is not iterable",
                    type_name(&o)
                ))
            }
        };
        self.push(tid, it);
        Ok(())
    }

    /// `FOR_ITER t`: the next item, or pop the iterator and jump to `t`.
    pub(super) fn exec_for_iter(&mut self, tid: u32, t: &u32) -> R<()> {
        let p = self.proc(tid);
        let top = self.frame(tid).stack.last().cloned();
        let next = match top {
            Some(Value::RangeIter(a, b, s)) => {
                if (s > 0 && a < b) || (s < 0 && a > b) {
                    *self.frame(tid).stack.last_mut().expect("iter") =
                        Value::RangeIter(a.saturating_add(s), b, s);
                    Some(Value::Int(a))
                } else {
                    None
                }
            }
            Some(Value::ListIter(id, i)) => match &self.mems[p].heap[id as usize] {
                HeapObj::List(xs) if (i as usize) < xs.len() => {
                    let v = xs[i as usize].clone();
                    *self.frame(tid).stack.last_mut().expect("iter") = Value::ListIter(id, i + 1);
                    Some(v)
                }
                _ => None,
            },
            Some(Value::TupleIter(xs, i)) => {
                if (i as usize) < xs.len() {
                    let v = xs[i as usize].clone();
                    *self.frame(tid).stack.last_mut().expect("iter") = Value::TupleIter(xs, i + 1);
                    Some(v)
                } else {
                    None
                }
            }
            // functions
            Some(Value::Gen(g)) => return self.for_iter_gen(tid, g, *t),
            _ => return rt("internal error: FOR_ITER without an iterator"),
        };
        match next {
            Some(v) => self.push(tid, v),
            None => {
                self.pop(tid)?;
                self.frame(tid).pc = *t;
            }
        }
        Ok(())
    }

    /// `UNPACK_SEQUENCE n`.
    pub(super) fn exec_unpack(&mut self, tid: u32, n: &u32) -> R<()> {
        self.hook_iter(tid, true)?; // collections: __iter__, namedtuples
        let v = self.pop(tid)?;
        let items = match &v {
            Value::Tuple(_)
            | Value::List(_)
            | Value::Str(_)
            | Value::Range(..)
            | Value::Dict(_)
            | Value::Set(_) => self.iter_items(tid, &v)?,
            _ => {
                return rt(format!(
                    "TypeError: cannot unpack non-iterable {} object",
                    type_name(&v)
                ))
            }
        };
        let n = *n as usize;
        if items.len() > n {
            return rt(format!(
                "ValueError: too many values to unpack (expected {n})"
            ));
        }
        if items.len() < n {
            return rt(format!(
                "ValueError: not enough values to unpack (expected {n}, got {})",
                items.len()
            ));
        }
        for x in items.into_iter().rev() {
            self.push(tid, x);
        }
        Ok(())
    }

    /// Items of an iterable argument (for `list()`, `sum()`, `min()`, …).
    pub(super) fn iter_items(&self, tid: u32, v: &Value) -> R<Vec<Value>> {
        let heap = &self.mems[self.proc(tid)].heap;
        if let Some(xs) = super::namedtuple::nt_values(heap, v) {
            return Ok(xs); // collections
        }
        Ok(match v {
            Value::List(id) => list_items(heap, *id),
            Value::Tuple(xs) => xs.to_vec(),
            Value::Range(a, b, s) => {
                let n = range_len(*a, *b, *s);
                if n as u64 > limits::MAX_SEQ_LEN {
                    return rt("MemoryError: range too long to materialise in ThreadLab");
                }
                (0..n).map(|i| Value::Int(a + i * s)).collect()
            }
            Value::Str(s) => {
                if s.len() as u64 > limits::MAX_SEQ_LEN
                    && s.chars().count() as u64 > limits::MAX_SEQ_LEN
                {
                    return rt("MemoryError: string too long to materialise in ThreadLab");
                }
                s.chars()
                    .map(|c| Value::Str(c.to_string().into()))
                    .collect()
            }
            Value::Dict(id) => match &heap[*id as usize] {
                HeapObj::Dict(kv) => kv.iter().map(|(k, _)| k.clone()).collect(),
                _ => vec![],
            },
            // functions
            Value::Set(id) => self.set_items(tid, *id),
            // multiprocessing
            Value::Sync(_) if self.mp_array_items(v).is_some() => {
                self.mp_array_items(v).unwrap_or_default()
            }
            _ => {
                return rt(format!(
                    "TypeError: '{}' object is not iterable",
                    type_name(v)
                ))
            }
        })
    }
}
