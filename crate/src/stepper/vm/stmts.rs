//! The statements and expressions added with functions, at run time: building a call's
//! `*args`/`**kwargs` and comprehension dicts, `del`, `a, *rest = …`, and the heap objects
//! of functions (cells, generators, sets) as the memory meter and a fork see them.

use super::super::compile::{Code, Op};
use super::super::value::{HeapObj, Value};
use super::funcs::OwnedCallParts;
use super::*;

impl Machine {
    /// `LIST_EXTEND n`, `DICT_MERGE n`, `MAP_ADD n`: building a call's arguments or a
    /// comprehension's dict.
    pub(super) fn exec_build_op(&mut self, tid: u32, op: &Op) -> R<()> {
        let p = self.proc(tid);
        match op {
            Op::ListExtend(n) => {
                let v = self.pop(tid)?;
                let items = match &v {
                    Value::Gen(_) => {
                        return rt("TypeError: ThreadLab cannot unpack a generator with `*` here; use list(...) first")
                    }
                    Value::Set(id) => self.set_items(tid, *id),
                    _ => self.iter_items(tid, &v).map_err(|_| RtErr {
                        msg: format!(
                            "TypeError: Value after * must be an iterable, not {}",
                            type_name(&v)
                        ),
                        assert: false,
                    })?,
                };
                let Some(Value::List(id)) = self.nth_from_top(tid, *n) else {
                    return rt("internal error: LIST_EXTEND without a list");
                };
                self.charge(8 * items.len() as u64)?;
                if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                    if (xs.len() + items.len()) as u64 > limits::MAX_SEQ_LEN {
                        return rt("MemoryError: list too long for ThreadLab");
                    }
                    xs.extend(items);
                }
            }
            Op::DictMerge(n) => {
                let v = self.pop(tid)?;
                let Value::Dict(src) = v else {
                    return rt(format!(
                        "TypeError: argument after ** must be a mapping, not {}",
                        type_name(&v)
                    ));
                };
                let Some(Value::Dict(dst)) = self.nth_from_top(tid, *n) else {
                    return rt("internal error: DICT_MERGE without a dict");
                };
                let kv = match &self.mems[p].heap[src as usize] {
                    HeapObj::Dict(kv) => kv.clone(),
                    _ => vec![],
                };
                for (k, v) in kv {
                    if !matches!(k, Value::Str(_)) {
                        return rt("TypeError: keywords must be strings");
                    }
                    if let HeapObj::Dict(d) = &self.mems[p].heap[dst as usize] {
                        if d.iter().any(|(x, _)| *x == k) {
                            return rt(format!(
                                "TypeError: got multiple values for keyword argument {}",
                                self.repr(p as u32, &k).trim_matches('\'')
                            ));
                        }
                    }
                    self.store_subscr(tid, &Value::Dict(dst), k, v)?;
                }
            }
            Op::MapAdd(n) => {
                let v = self.pop(tid)?;
                let k = self.pop(tid)?;
                let Some(d) = self.nth_from_top(tid, *n) else {
                    return rt("internal error: MAP_ADD without a dict");
                };
                self.store_subscr(tid, &d, k, v)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The value `n` deep on the stack (1 = the top).
    pub(super) fn nth_from_top(&mut self, tid: u32, n: u32) -> Option<Value> {
        let f = self.frame(tid);
        f.stack
            .len()
            .checked_sub(n as usize)
            .and_then(|i| f.stack.get(i))
            .cloned()
    }

    /// `DELETE_NAME`/`DELETE_GLOBAL`, `DELETE_FAST`, `DELETE_SUBSCR`.
    pub(super) fn exec_delete(&mut self, tid: u32, code: &Code, op: &Op) -> R<()> {
        match op {
            Op::DeleteName(i) | Op::DeleteGlobal(i) => {
                let n = code.names[*i as usize].clone();
                let p = self.proc(tid);
                if self.mems[p].globals.remove(&n).is_none() {
                    return rt(format!("NameError: name '{n}' is not defined"));
                }
                self.mems[p].writers.remove(&n);
            }
            Op::DeleteFast(i) => {
                if self.frame(tid).locals[*i as usize].take().is_none() {
                    return rt(format!(
                        "UnboundLocalError: cannot access local variable '{}' where it is not associated with a value",
                        code.varnames[*i as usize]
                    ));
                }
            }
            Op::DeleteDeref(i) => self.exec_store_deref(tid, *i, None)?,
            Op::DeleteSubscr => {
                if self.hook_delete_subscr(tid)? {
                    return Ok(()); // collections
                }
                let i = self.pop(tid)?;
                let o = self.pop(tid)?;
                self.delete_subscr(tid, &o, &i)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn delete_subscr(&mut self, tid: u32, o: &Value, i: &Value) -> R<()> {
        let p = self.proc(tid);
        match o {
            Value::List(id) => {
                let len = super::objects::list_len(&self.mems[p].heap, *id) as i64;
                let Value::Int(mut k) = *i else {
                    return rt(format!(
                        "TypeError: list indices must be integers or slices, not {}",
                        type_name(i)
                    ));
                };
                if k < 0 {
                    k += len;
                }
                if k < 0 || k >= len {
                    return rt("IndexError: list assignment index out of range");
                }
                if let HeapObj::List(xs) = &mut self.mems[p].heap[*id as usize] {
                    xs.remove(k as usize);
                }
                Ok(())
            }
            Value::Dict(id) => {
                let pos = match &self.mems[p].heap[*id as usize] {
                    HeapObj::Dict(kv) => kv.iter().position(|(k, _)| eq(&self.mems[p].heap, k, i)),
                    _ => None,
                };
                match pos {
                    Some(j) => {
                        if let HeapObj::Dict(kv) = &mut self.mems[p].heap[*id as usize] {
                            kv.remove(j);
                        }
                        Ok(())
                    }
                    None => rt(format!("KeyError: {}", self.repr(p as u32, i))),
                }
            }
            _ => rt(format!(
                "TypeError: '{}' object does not support item deletion",
                type_name(o)
            )),
        }
    }
}

/// The values a heap object added with functions holds (pushed on `roots`), and its size in
/// the memory meter's terms.
pub(super) fn heap_values(o: &HeapObj, roots: &mut Vec<Value>) -> u64 {
    match o {
        HeapObj::Cell(v) => {
            roots.extend(v.iter().cloned());
            48
        }
        HeapObj::Gen(g) => {
            if let Some(f) = &g.frame {
                roots.extend(f.locals.iter().flatten().cloned());
                roots.extend(f.stack.iter().cloned());
            }
            200
        }
        HeapObj::Set(t) => {
            let items = t.items();
            let n = items.len();
            roots.extend(items);
            limits::dict_bytes(n)
        }
        // lists, dicts, instances and classes are traced by `limits` itself
        _ => 0,
    }
}

/// A heap object added with functions with `f` applied to the values it holds (a fork's
/// copies of sync objects).
pub(super) fn remap_heap(o: &mut HeapObj, f: &dyn Fn(&Value) -> Value) {
    match o {
        HeapObj::Cell(Some(v)) => *v = f(v),
        HeapObj::Gen(g) => {
            if let Some(fr) = &mut g.frame {
                fr.locals.iter_mut().flatten().for_each(|v| *v = f(v));
                fr.stack.iter_mut().for_each(|v| *v = f(v));
            }
        }
        _ => {}
    }
}

impl Machine {
    /// A call's callee, positional and keyword arguments, for `CALL_FUNCTION_EX` too (whose
    /// arguments are in a list and a dict).
    pub(super) fn call_parts_owned<'a>(
        &self,
        process: u32,
        f: &'a Frame,
        code: &Code,
        op: &Op,
    ) -> Option<OwnedCallParts<'a>> {
        if *op != Op::CallEx {
            let (callee, args, kw) = self.call_parts(f, code, op)?;
            return Some((callee, std::borrow::Cow::Borrowed(args), kw));
        }
        let heap = &self.mems.get(process as usize)?.heap;
        let n = f.stack.len();
        let (callee, a, k) = (
            f.stack.get(n.checked_sub(3)?)?,
            &f.stack[n - 2],
            &f.stack[n - 1],
        );
        let args = match a {
            Value::List(id) => list_items(heap, *id),
            _ => vec![],
        };
        let kw = match (
            k,
            heap.get(match k {
                Value::Dict(id) => *id as usize,
                _ => usize::MAX,
            }),
        ) {
            (Value::Dict(_), Some(HeapObj::Dict(kv))) => kv
                .iter()
                .filter_map(|(k, v)| match k {
                    Value::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        Some((callee.clone(), std::borrow::Cow::Owned(args), kw))
    }

    /// `UNPACK_EX a, b`: `a` items, a list of the rest, `b` items (the first on top).
    pub(super) fn exec_unpack_ex(&mut self, tid: u32, a: u32, b: u32) -> R<()> {
        self.hook_iter(tid, true)?; // collections: __iter__, namedtuples
        let v = self.pop(tid)?;
        let items = match &v {
            Value::Gen(_) => {
                return rt("TypeError: ThreadLab cannot unpack a generator; use list(...) first")
            }
            _ => self.iter_items(tid, &v).map_err(|_| RtErr {
                msg: format!(
                    "TypeError: cannot unpack non-iterable {} object",
                    type_name(&v)
                ),
                assert: false,
            })?,
        };
        let (a, b) = (a as usize, b as usize);
        if items.len() < a + b {
            return rt(format!(
                "ValueError: not enough values to unpack (expected at least {}, got {})",
                a + b,
                items.len()
            ));
        }
        let mut items = items;
        let tail = items.split_off(items.len() - b);
        let middle = items.split_off(a);
        let mid = self.alloc(tid, HeapObj::List(middle))?;
        let mut out = items;
        out.push(Value::List(mid));
        out.extend(tail);
        for x in out.into_iter().rev() {
            self.push(tid, x);
        }
        Ok(())
    }
}
