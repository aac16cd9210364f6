//! Attribute lookup, and the methods of lists, dicts and strings.

use super::super::value::{Builtin, HeapObj, SyncObj, Value};
use super::objects::list_len;
use super::*;
use std::rc::Rc;

impl Machine {
    pub(super) fn get_attr(&self, o: &Value, n: &str) -> R<Value> {
        let method = |o: &Value| Ok(Value::Method(Rc::new((o.clone(), Rc::from(n)))));
        // clock
        if let Some(v) = self.get_attr_extra(o, n) {
            return v;
        }
        // asyncio
        if let Some(v) = self.aio_attr(o, n) {
            return v;
        }
        // stdlib
        if let Some(b) = super::stdlib::attr_of_value(o, n) {
            return Ok(Value::Builtin(b));
        }
        // collections
        if let Some(v) = self.coll_get_attr(o, n) {
            return v;
        }
        match o {
            Value::Module(m) => match m.attr(n) {
                Some(b) => Ok(Value::Builtin(b)),
                None => rt(format!(
                    "AttributeError: `{}.{n}` is not supported in ThreadLab's Python subset",
                    m.name()
                )),
            },
            Value::Sync(s) => {
                let ok = match (&self.syncs[*s as usize], n) {
                    (SyncObj::MpValue { value, .. }, "value") => return Ok(value.clone()),
                    (SyncObj::MpValue { .. }, "get_lock") => true,
                    (
                        SyncObj::Lock { .. } | SyncObj::RLock { .. } | SyncObj::Semaphore { .. },
                        "acquire" | "release",
                    ) => true,
                    (SyncObj::Lock { .. }, "locked") => true,
                    (
                        SyncObj::Condition { .. },
                        "acquire" | "release" | "wait" | "notify" | "notify_all",
                    ) => true,
                    (SyncObj::Event { .. }, "set" | "clear" | "is_set" | "wait") => true,
                    (SyncObj::Queue { .. }, "put" | "get" | "qsize" | "empty" | "full") => true,
                    // multiprocessing
                    (SyncObj::Conn { .. }, "send" | "recv" | "poll" | "close") => true,
                    (
                        SyncObj::Queue {
                            kind: super::super::value::QueueKind::Process,
                            ..
                        },
                        "close" | "join_thread" | "cancel_join_thread",
                    ) => true,
                    (
                        SyncObj::MpArray { .. } | SyncObj::MpValue { .. },
                        "get_lock" | "acquire" | "release",
                    ) => true,
                    _ => false,
                };
                if ok {
                    method(o)
                } else {
                    rt(format!(
                        "AttributeError: '{}' object has no attribute '{n}' in ThreadLab's subset",
                        self.syncs[*s as usize].kind()
                    ))
                }
            }
            Value::ThreadObj(_) if matches!(n, "start" | "join" | "is_alive") => method(o),
            Value::List(_)
                if matches!(
                    n,
                    "append" | "pop" | "insert" | "extend" | "remove" | "index" | "count" | "clear"
                ) =>
            {
                method(o)
            }
            Value::Dict(_) if matches!(n, "get" | "pop" | "keys" | "values" | "items") => method(o),
            // functions
            Value::List(_) if n == "sort" => method(o),
            Value::Gen(_) if matches!(n, "send" | "close") => method(o),
            Value::Set(_)
                if matches!(
                    n,
                    "add"
                        | "discard"
                        | "remove"
                        | "pop"
                        | "clear"
                        | "copy"
                        | "union"
                        | "intersection"
                        | "difference"
                        | "update"
                ) =>
            {
                method(o)
            }
            Value::Str(_) if matches!(n, "join" | "upper" | "lower") => method(o),
            // numbers
            Value::Str(_) if strmethods::is_str_method(n) => method(o),
            Value::Builtin(Builtin::Stream(_)) if matches!(n, "write" | "flush") => method(o),
            _ => rt(format!(
                "AttributeError: '{}' object has no attribute '{n}' in ThreadLab's subset",
                type_name(o)
            )),
        }
    }

    pub(super) fn call_method(
        &mut self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
        no_kw: &dyn Fn(&str) -> R<()>,
    ) -> R<Done> {
        let p = self.proc(tid);
        // multiprocessing
        if let Value::Sync(sid) = recv {
            if let Some(d) = self.mp_sync_method(tid, *sid, name, &args, kwarg)? {
                return Ok(d);
            }
        }
        // clock
        // asyncio
        if let Some(d) = self.aio_method(tid, recv, name, &args)? {
            return Ok(d);
        }
        if let Some(d) = self.call_method_extra(tid, recv, name, &args, kwarg)? {
            return Ok(d);
        }
        let v = match recv {
            Value::Sync(sid) => return self.call_sync_method(tid, *sid, name, args, kwarg),
            Value::ThreadObj(o) => return self.call_thread_method(tid, *o, name, no_kw),
            // numbers
            Value::Str(s) if strmethods::is_str_method(name) => {
                return Ok(Done::Value(self.call_str_method(
                    tid,
                    s.clone(),
                    name,
                    args,
                    kwarg,
                )?))
            }
            Value::Builtin(Builtin::Stream(err)) => {
                return Ok(Done::Value(
                    self.call_stream_method(tid, *err, name, &args)?,
                ))
            }
            Value::List(id)
                if matches!(name, "extend" | "remove" | "index" | "count" | "clear") =>
            {
                let id = *id;
                let items = list_items(&self.mems[p].heap, id);
                match (name, args.len()) {
                    ("extend", 1) => {
                        let more = self.iter_items(tid, &args[0])?;
                        if (items.len() + more.len()) as u64 > limits::MAX_SEQ_LEN {
                            return rt("MemoryError: list too long for ThreadLab");
                        }
                        self.charge(8 * more.len() as u64)?;
                        if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                            xs.extend(more);
                        }
                        Value::None
                    }
                    ("clear", 0) => {
                        if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                            xs.clear();
                        }
                        Value::None
                    }
                    ("remove" | "index" | "count", 1) => {
                        let heap = &self.mems[p].heap;
                        let hits: Vec<usize> = items
                            .iter()
                            .enumerate()
                            .filter(|(_, x)| eq(heap, x, &args[0]))
                            .map(|(i, _)| i)
                            .collect();
                        match (name, hits.first()) {
                            ("count", _) => Value::Int(hits.len() as i64),
                            ("index", Some(i)) => Value::Int(*i as i64),
                            ("index", None) => {
                                return rt(format!(
                                    "ValueError: {} is not in list",
                                    self.repr(p as u32, &args[0])
                                ))
                            }
                            (_, Some(&i)) => {
                                if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                                    xs.remove(i);
                                }
                                Value::None
                            }
                            (_, None) => return rt("ValueError: list.remove(x): x not in list"),
                        }
                    }
                    _ => {
                        return rt(format!(
                            "TypeError: list.{name}() got {} arguments",
                            args.len()
                        ))
                    }
                }
            }
            Value::Dict(id) if matches!(name, "keys" | "values" | "items") => {
                if !args.is_empty() {
                    return rt(format!("TypeError: dict.{name}() takes no arguments"));
                }
                let kv = match &self.mems[p].heap[*id as usize] {
                    HeapObj::Dict(kv) => kv.clone(),
                    _ => vec![],
                };
                let out: Vec<Value> = kv
                    .into_iter()
                    .map(|(k, v)| match name {
                        "keys" => k,
                        "values" => v,
                        _ => Value::Tuple(vec![k, v].into()),
                    })
                    .collect();
                Value::List(self.alloc(tid, HeapObj::List(out))?)
            }
            Value::List(id) => {
                let id = *id;
                if matches!(name, "append" | "insert") {
                    if list_len(&self.mems[p].heap, id) as u64 >= limits::MAX_SEQ_LEN {
                        return rt("MemoryError: list too long for ThreadLab");
                    }
                    self.charge(8)?;
                }
                let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] else {
                    return rt("TypeError: bad list");
                };
                match (name, args.len()) {
                    ("append", 1) => {
                        xs.push(args[0].clone());
                        Value::None
                    }
                    ("pop", 0 | 1) => {
                        let len = xs.len() as i64;
                        let mut k = match args.first() {
                            None => len - 1,
                            Some(Value::Int(k)) => *k,
                            Some(v) => {
                                return rt(format!(
                                    "TypeError: list indices must be integers, not {}",
                                    type_name(v)
                                ))
                            }
                        };
                        if k < 0 {
                            k += len;
                        }
                        if len == 0 {
                            return rt("IndexError: pop from empty list");
                        }
                        if k < 0 || k >= len {
                            return rt("IndexError: pop index out of range");
                        }
                        xs.remove(k as usize)
                    }
                    ("insert", 2) => {
                        let Value::Int(k) = args[0] else {
                            return rt("TypeError: insert() index must be an integer");
                        };
                        let len = xs.len() as i64;
                        let k = if k < 0 { (k + len).max(0) } else { k.min(len) };
                        xs.insert(k as usize, args[1].clone());
                        Value::None
                    }
                    _ => {
                        return rt(format!(
                            "TypeError: list.{name}() got {} arguments",
                            args.len()
                        ))
                    }
                }
            }
            Value::Dict(id) => {
                let id = *id;
                let heap = &self.mems[p].heap;
                let HeapObj::Dict(kv) = &heap[id as usize] else {
                    return rt("TypeError: bad dict");
                };
                if args.is_empty() || args.len() > 2 {
                    return rt(format!("TypeError: dict.{name}() takes 1 or 2 arguments"));
                }
                let pos = kv.iter().position(|(k, _)| eq(heap, k, &args[0]));
                match (name, pos) {
                    ("get", Some(i)) => kv[i].1.clone(),
                    ("get", None) => args.get(1).cloned().unwrap_or(Value::None),
                    ("pop", Some(i)) => {
                        if let HeapObj::Dict(kv) = &mut self.mems[p].heap[id as usize] {
                            kv.remove(i).1
                        } else {
                            Value::None
                        }
                    }
                    ("pop", None) => match args.get(1) {
                        Some(d) => d.clone(),
                        None => return rt(format!("KeyError: {}", self.repr(p as u32, &args[0]))),
                    },
                    _ => return rt(format!("AttributeError: dict has no method '{name}'")),
                }
            }
            Value::Str(s) => match (name, args.len()) {
                ("upper", 0) => self.new_str(s.to_uppercase())?,
                ("lower", 0) => self.new_str(s.to_lowercase())?,
                ("join", 1) => {
                    let items = self.iter_items(tid, &args[0])?;
                    // The result's size, checked before any work.
                    let total: u64 = items
                        .iter()
                        .map(|x| match x {
                            Value::Str(x) => x.len() as u64 + s.len() as u64,
                            _ => 0,
                        })
                        .sum();
                    if total > limits::MAX_STR_LEN {
                        return rt("MemoryError: string too long for ThreadLab");
                    }
                    let mut parts = vec![];
                    for it in items {
                        match it {
                            Value::Str(x) => parts.push(x.to_string()),
                            v => {
                                return rt(format!(
                                    "TypeError: sequence item: expected str instance, {} found",
                                    type_name(&v)
                                ))
                            }
                        }
                    }
                    self.new_str(parts.join(s))?
                }
                _ => {
                    return rt(format!(
                        "TypeError: str.{name}() got {} arguments",
                        args.len()
                    ))
                }
            },
            _ => {
                return rt(format!(
                    "TypeError: '{}' has no method '{name}'",
                    type_name(recv)
                ))
            }
        };
        Ok(Done::Value(v))
    }
}
