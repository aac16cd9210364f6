//! The subscript protocol: `obj[i]`, `obj[i] = v` and `del obj[i]` on `collections` values,
//! namedtuples and instances of user classes (`__getitem__`, `__setitem__`, `__delitem__`
//! as call-backs).

use super::super::value::{HeapObj, Value};
use super::collections::{tag_of, CollTag};
use super::namedtuple::nt_values;
use super::*;

impl Machine {
    /// `BINARY_SUBSCR` first: a Counter's or defaultdict's missing key, `__getitem__`, a
    /// namedtuple's item. True: done (operands replaced by the result).
    pub(super) fn hook_subscr(&mut self, tid: u32) -> R<bool> {
        if !self.peek_is(tid, 1, |v| {
            matches!(v, Value::Dict(_) | Value::List(_) | Value::Instance(_))
        }) {
            return Ok(false);
        }
        let (Some(o), Some(i)) = (self.peek(tid, 1), self.peek(tid, 0)) else {
            return Ok(false);
        };
        let p = self.proc(tid);
        let v = match &o {
            Value::Dict(id) => {
                let heap = &self.mems[p].heap;
                let tag = match tag_of(heap, *id) {
                    Some(t @ (CollTag::Counter | CollTag::DefaultDict(_))) => t.clone(),
                    _ => return Ok(false),
                };
                let Some(HeapObj::Dict(kv)) = heap.get(*id as usize) else {
                    return Ok(false);
                };
                if matches!(i, Value::Slice(_)) || kv.iter().any(|(k, _)| eq(heap, k, &i)) {
                    return Ok(false);
                }
                self.check_hashable(&i)?;
                match tag {
                    CollTag::DefaultDict(Value::None) => return Ok(false),
                    CollTag::DefaultDict(f) => {
                        let v = self.call_factory(tid, &f)?;
                        self.charge(48)?;
                        let heap = &self.mems[p].heap;
                        let mut kv = match heap.get(*id as usize) {
                            Some(HeapObj::Dict(kv)) => kv.clone(),
                            _ => vec![],
                        };
                        super::collections::kv_set(heap, &mut kv, i.clone(), v.clone());
                        if let Some(HeapObj::Dict(d)) = self.mems[p].heap.get_mut(*id as usize) {
                            *d = kv;
                        }
                        v
                    }
                    _ => Value::Int(0),
                }
            }
            Value::List(id) => match (tag_of(&self.mems[p].heap, *id), &i) {
                (Some(CollTag::Deque { .. }), Value::Slice(_)) => {
                    return rt("TypeError: sequence index must be integer, not 'slice'")
                }
                _ => return Ok(false),
            },
            Value::Instance(_) => {
                if let Some(xs) = nt_values(&self.mems[p].heap, &o) {
                    self.set_peek(tid, 1, Value::Tuple(xs.into()));
                    return Ok(false);
                }
                let Some(f) = self.dunder(p, &o, "__getitem__") else {
                    return rt(format!(
                        "TypeError: '{}' object is not subscriptable",
                        self.obj_type_name(p, &o)
                    ));
                };
                self.call_back(tid, f, vec![i])?
            }
            _ => return Ok(false),
        };
        self.pop(tid)?;
        self.pop(tid)?;
        self.push(tid, v);
        Ok(true)
    }

    /// `STORE_SUBSCR` first: `__setitem__`; a namedtuple refuses. True: done.
    pub(super) fn hook_store_subscr(&mut self, tid: u32) -> R<bool> {
        if !self.peek_is(tid, 2, |v| matches!(v, Value::Instance(_))) {
            return Ok(false);
        }
        // The stack holds the object, the index, the value (on top).
        let Some(o @ Value::Instance(_)) = self.peek(tid, 2) else {
            return Ok(false);
        };
        let (Some(i), Some(v)) = (self.peek(tid, 1), self.peek(tid, 0)) else {
            return Ok(false);
        };
        let p = self.proc(tid);
        let name = self.obj_type_name(p, &o);
        if nt_values(&self.mems[p].heap, &o).is_some() {
            return rt(format!(
                "TypeError: '{name}' object does not support item assignment"
            ));
        }
        let Some(f) = self.dunder(p, &o, "__setitem__") else {
            return rt(format!(
                "TypeError: '{name}' object does not support item assignment"
            ));
        };
        self.call_back(tid, f, vec![i, v])?;
        for _ in 0..3 {
            self.pop(tid)?;
        }
        Ok(true)
    }

    /// `DELETE_SUBSCR` first: `__delitem__`. True: done.
    pub(super) fn hook_delete_subscr(&mut self, tid: u32) -> R<bool> {
        let (Some(o @ Value::Instance(_)), Some(i)) = (self.peek(tid, 1), self.peek(tid, 0)) else {
            return Ok(false);
        };
        let p = self.proc(tid);
        let name = self.obj_type_name(p, &o);
        let f = match (
            nt_values(&self.mems[p].heap, &o),
            self.dunder(p, &o, "__delitem__"),
        ) {
            (None, Some(f)) => f,
            _ => {
                return rt(format!(
                    "TypeError: '{name}' object does not support item deletion"
                ))
            }
        };
        self.call_back(tid, f, vec![i])?;
        self.pop(tid)?;
        self.pop(tid)?;
        Ok(true)
    }
}
