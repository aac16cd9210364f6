//! Pickling between processes: what goes through a `multiprocessing.Queue` or `Pipe`, and a
//! spawned child's arguments, arrive as a copy made the way `pickle` makes it.
//!
//! [`Machine::mp_pickle`] turns a value of one process into a [`Parcel`]: the value with its
//! own small heap, so it belongs to no process while it travels (in a queue shared by all).
//! Lists, dicts, sets, tuples and instances are copied (shared structure and cycles stay shared
//! within one parcel, as pickle's memo keeps them); a class and a function travel by name (an
//! instance is rebuilt from its class found by name in the receiver, as `pickle` imports it);
//! multiprocessing's own shared objects (`Value`, `Array`, `Lock`, `Queue`, a `Pipe` end) stay
//! the same object. What CPython refuses to pickle is refused with CPython's words.
//! [`Machine::mp_unpickle`] rebuilds a parcel in the receiving process's heap: a new copy for
//! every receive, so mutating it never changes the sender's.

use super::super::value::Heap;
use super::super::value::{HeapObj, Parcel, SyncObj, Value};
use super::*;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Pickling state: the parcel's heap and the memo (sender heap id -> parcel heap id).
struct Packer {
    heap: Heap,
    memo: BTreeMap<u32, u32>,
}

impl Machine {
    /// `v` (of process `from`) pickled; a value with nothing in a heap stays as it is.
    pub(super) fn mp_pickle(&self, from: usize, v: &Value) -> R<Value> {
        let mut pk = Packer {
            heap: Heap::new(),
            memo: BTreeMap::new(),
        };
        let root = self.pack(from, v, &mut pk, 0)?;
        Ok(if pk.heap.is_empty() {
            root
        } else {
            Value::Parcel(Rc::new(Parcel {
                root,
                heap: pk.heap,
            }))
        })
    }

    fn pack(&self, from: usize, v: &Value, pk: &mut Packer, depth: u32) -> R<Value> {
        if depth > 200 {
            return rt("RecursionError: maximum recursion depth exceeded while pickling an object");
        }
        let d = depth + 1;
        Ok(match v {
            Value::List(id) | Value::Dict(id) | Value::Set(id) | Value::Instance(id) => {
                let id = *id;
                let n = match pk.memo.get(&id) {
                    Some(n) => *n,
                    None => {
                        let n = pk.heap.len() as u32;
                        pk.memo.insert(id, n);
                        pk.heap.push(HeapObj::List(vec![]));
                        let obj = match &self.mems[from].heap[id as usize] {
                            HeapObj::List(xs) => HeapObj::List(
                                xs.iter()
                                    .map(|x| self.pack(from, x, pk, d))
                                    .collect::<R<_>>()?,
                            ),
                            HeapObj::Dict(kv) => HeapObj::Dict(
                                kv.iter()
                                    .map(|(k, x)| {
                                        Ok((self.pack(from, k, pk, d)?, self.pack(from, x, pk, d)?))
                                    })
                                    .collect::<R<_>>()?,
                            ),
                            // A set's items are hashable, so immutable: the table copies as it is.
                            s @ HeapObj::Set(_) => s.clone(),
                            HeapObj::Instance { class, attrs } => HeapObj::Instance {
                                class: self.pack(from, class, pk, d)?,
                                attrs: attrs
                                    .iter()
                                    .map(|(k, x)| Ok((k.clone(), self.pack(from, x, pk, d)?)))
                                    .collect::<R<_>>()?,
                            },
                            _ => return rt("internal error: pickling a heap object of the wrong kind"),
                        };
                        pk.heap[n as usize] = obj;
                        n
                    }
                };
                match v {
                    Value::List(_) => Value::List(n),
                    Value::Dict(_) => Value::Dict(n),
                    Value::Set(_) => Value::Set(n),
                    _ => Value::Instance(n),
                }
            }
            // A class travels by its name.
            Value::Class(id) => {
                let n = match pk.memo.get(id) {
                    Some(n) => *n,
                    None => {
                        let name = self.class_name(from, v);
                        let n = pk.heap.len() as u32;
                        pk.memo.insert(*id, n);
                        pk.heap.push(HeapObj::Cell(Some(Value::Str(name.into()))));
                        n
                    }
                };
                Value::Class(n)
            }
            Value::Tuple(xs) => Value::Tuple(
                xs.iter()
                    .map(|x| self.pack(from, x, pk, d))
                    .collect::<R<Vec<_>>>()?
                    .into(),
            ),
            Value::Bound(b) => Value::Bound(Rc::new((
                self.pack(from, &b.0, pk, d)?,
                self.pack(from, &b.1, pk, d)?,
            ))),
            Value::Slice(s) => Value::Slice(Rc::new([
                self.pack(from, &s[0], pk, d)?,
                self.pack(from, &s[1], pk, d)?,
                self.pack(from, &s[2], pk, d)?,
            ])),
            Value::Func(f) if self.func_name(*f) == "<lambda>" => {
                return rt("_pickle.PicklingError: Can't pickle <function <lambda>>: attribute lookup <lambda> on __main__ failed")
            }
            Value::Closure(c) if !c.cells.is_empty() || self.func_name(c.code) == "<lambda>" => {
                let name = self.func_name(c.code);
                return rt(format!("AttributeError: Can't pickle local object '{name}'"));
            }
            Value::Closure(c) => Value::Closure(Rc::new(super::super::value::Closure {
                code: c.code,
                defaults: c
                    .defaults
                    .iter()
                    .map(|x| self.pack(from, x, pk, d))
                    .collect::<R<_>>()?,
                kwdefaults: c
                    .kwdefaults
                    .iter()
                    .map(|x| x.as_ref().map(|x| self.pack(from, x, pk, d)).transpose())
                    .collect::<R<_>>()?,
                cells: vec![],
            })),
            Value::Sync(s) => {
                if self.process_shared_syncs().contains(s) {
                    v.clone()
                } else {
                    let what = match &self.syncs[*s as usize] {
                        SyncObj::RLock { .. } => "_thread.RLock",
                        SyncObj::Lock { .. } => "_thread.lock",
                        SyncObj::Condition { .. } | SyncObj::Semaphore { .. } => "_thread.lock",
                        SyncObj::Queue { .. } | SyncObj::Event { .. } => "_thread.lock",
                        _ => "_thread._local",
                    };
                    return rt(format!("TypeError: cannot pickle '{what}' object"));
                }
            }
            Value::ThreadObj(_) => {
                return rt("TypeError: cannot pickle 'weakref.ReferenceType' object")
            }
            Value::Module(_) => return rt("TypeError: cannot pickle 'module' object"),
            Value::Coro(_) | Value::Awaitable(_) => {
                return rt("TypeError: cannot pickle 'coroutine' object")
            }
            Value::Method(_) => {
                return rt("TypeError: cannot pickle 'builtin_function_or_method' object")
            }
            Value::Gen(_) => return rt("TypeError: cannot pickle 'generator' object"),
            Value::Cell(_) => return rt("TypeError: cannot pickle 'cell' object"),
            Value::Super(_) => return rt("TypeError: cannot pickle 'super' object"),
            Value::RangeIter(..) | Value::ListIter(..) | Value::TupleIter(..) => {
                return rt("TypeError: cannot pickle 'iterator' object")
            }
            other => other.clone(),
        })
    }

    /// `v` as received by `tid`'s process: a parcel is rebuilt in that process's heap (a new
    /// copy each time); anything else is itself.
    pub(super) fn mp_unpickle(&mut self, tid: u32, v: Value) -> R<Value> {
        let Value::Parcel(pc) = v else {
            return Ok(v);
        };
        let p = self.proc(tid);
        // First the ids: a named class is looked up, anything else gets a new slot.
        let mut ids: Vec<Value> = Vec::with_capacity(pc.heap.len());
        for o in &pc.heap {
            ids.push(match o {
                HeapObj::Cell(Some(Value::Str(name))) => match self.mems[p].globals.get(name) {
                    Some(c @ Value::Class(_)) => c.clone(),
                    _ => {
                        let module = self.mems[p]
                            .globals
                            .get("__name__")
                            .map_or("__main__".into(), |m| self.fmt(p as u32).str(m));
                        return rt(format!(
                            "AttributeError: Can't get attribute '{name}' on <module '{module}'>"
                        ));
                    }
                },
                _ => Value::Int(self.alloc(tid, HeapObj::List(vec![]))? as i64),
            });
        }
        let heap = &mut self.mems[p].heap;
        for (o, id) in pc.heap.iter().zip(&ids) {
            let Value::Int(at) = id else { continue };
            heap[*at as usize] = match o {
                HeapObj::List(xs) => HeapObj::List(xs.iter().map(|x| graft(x, &ids)).collect()),
                HeapObj::Dict(kv) => HeapObj::Dict(
                    kv.iter()
                        .map(|(k, x)| (graft(k, &ids), graft(x, &ids)))
                        .collect(),
                ),
                HeapObj::Instance { class, attrs } => HeapObj::Instance {
                    class: graft(class, &ids),
                    attrs: attrs
                        .iter()
                        .map(|(k, x)| (k.clone(), graft(x, &ids)))
                        .collect(),
                },
                other => other.clone(),
            };
        }
        Ok(graft(&pc.root, &ids))
    }
}

/// A parcel's value with its heap ids replaced by the receiver's (`ids[i]`: `Int(new id)`,
/// or the class found by name).
fn graft(v: &Value, ids: &[Value]) -> Value {
    let id = |i: &u32| match ids.get(*i as usize) {
        Some(Value::Int(n)) => *n as u32,
        _ => 0,
    };
    match v {
        Value::List(i) => Value::List(id(i)),
        Value::Dict(i) => Value::Dict(id(i)),
        Value::Set(i) => Value::Set(id(i)),
        Value::Instance(i) => Value::Instance(id(i)),
        Value::Class(i) => ids.get(*i as usize).cloned().unwrap_or(Value::None),
        Value::Tuple(xs) => Value::Tuple(xs.iter().map(|x| graft(x, ids)).collect()),
        Value::Bound(b) => Value::Bound(Rc::new((graft(&b.0, ids), graft(&b.1, ids)))),
        Value::Slice(s) => Value::Slice(Rc::new([
            graft(&s[0], ids),
            graft(&s[1], ids),
            graft(&s[2], ids),
        ])),
        Value::Closure(c) => Value::Closure(Rc::new(super::super::value::Closure {
            code: c.code,
            defaults: c.defaults.iter().map(|x| graft(x, ids)).collect(),
            kwdefaults: c
                .kwdefaults
                .iter()
                .map(|x| x.as_ref().map(|x| graft(x, ids)))
                .collect(),
            cells: vec![],
        })),
        other => other.clone(),
    }
}
