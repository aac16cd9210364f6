//! The methods of `deque`, `Counter`, `defaultdict` and `OrderedDict`, and the dict methods
//! they (and plain dicts) share beyond `get`/`pop`/`keys`/`values`/`items`: `setdefault`,
//! `update`, `copy`, `clear`, `popitem`. Each call is one native step (see `collections.rs`).

use super::super::value::Heap;
use super::super::value::{HeapObj, Value};
use super::collections::{add_counts, kv_set, most_common, tag_of, CollTag};
use super::*;
use std::rc::Rc;

const DEQUE_METHODS: &[&str] = &[
    "append",
    "appendleft",
    "pop",
    "popleft",
    "extend",
    "extendleft",
    "rotate",
    "clear",
    "count",
    "index",
    "remove",
    "insert",
    "reverse",
    "copy",
];
const DICT_EXTRA: &[&str] = &["setdefault", "update", "copy", "clear", "popitem"];
const COUNTER_METHODS: &[&str] = &["most_common", "elements", "subtract", "total"];

impl Machine {
    /// `o.n` for a tagged list or dict or a dict's extra methods (None: not this area's).
    pub(super) fn coll_get_attr(&self, o: &Value, n: &str) -> Option<R<Value>> {
        let p = self.proc(self.current.unwrap_or(0));
        let heap = &self.mems.get(p)?.heap;
        let method = || Some(Ok(Value::Method(Rc::new((o.clone(), Rc::from(n))))));
        match (o, super::collections::tag_of_value(heap, o)) {
            (Value::List(_), Some(CollTag::Deque { maxlen })) => match n {
                "maxlen" => Some(Ok(maxlen.map_or(Value::None, |m| Value::Int(m as i64)))),
                _ if DEQUE_METHODS.contains(&n) => method(),
                _ => Some(rt(format!(
                    "AttributeError: 'collections.deque' object has no attribute '{n}'"
                ))),
            },
            (Value::Dict(_), Some(CollTag::DefaultDict(f))) if n == "default_factory" => {
                Some(Ok(f.clone()))
            }
            (Value::Dict(_), Some(CollTag::Counter)) if COUNTER_METHODS.contains(&n) => method(),
            (Value::Dict(_), Some(CollTag::OrderedDict)) if n == "move_to_end" => method(),
            (Value::Dict(_), _) if DICT_EXTRA.contains(&n) => method(),
            _ => None,
        }
    }

    /// A method call on a tagged list or dict, or a dict's extra method (None: not handled here).
    pub(super) fn coll_method(
        &mut self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Option<Value>> {
        let p = self.proc(tid);
        let tag = super::collections::tag_of_value(&self.mems[p].heap, recv).cloned();
        match (recv, tag) {
            (Value::List(id), Some(CollTag::Deque { maxlen })) => {
                self.deque_method(tid, *id, maxlen, name, args)
            }
            (Value::Dict(id), tag) => self.dict_extra(tid, *id, tag, name, args, kw),
            _ => Ok(None),
        }
    }

    fn deque_method(
        &mut self,
        tid: u32,
        id: u32,
        maxlen: Option<u32>,
        name: &str,
        args: &[Value],
    ) -> R<Option<Value>> {
        let p = self.proc(tid);
        let want = |n: usize| -> R<()> {
            if args.len() != n {
                return rt(format!(
                    "TypeError: deque.{name}() takes exactly {n} argument{} ({} given)",
                    if n == 1 { "" } else { "s" },
                    args.len()
                ));
            }
            Ok(())
        };
        let cap = maxlen.map_or(usize::MAX, |m| m as usize);
        let v = match name {
            "append" | "appendleft" | "extend" | "extendleft" => {
                want(1)?;
                let more = if name.starts_with("extend") {
                    self.iter_items(tid, &args[0])?
                } else {
                    vec![args[0].clone()]
                };
                if (list_len_of(&self.mems[p].heap, id) + more.len()) as u64 > limits::MAX_SEQ_LEN {
                    return rt("MemoryError: deque too long for ThreadLab");
                }
                self.charge(8 * more.len() as u64)?;
                if let Some(HeapObj::List(xs)) = self.mems[p].heap.get_mut(id as usize) {
                    for x in more {
                        if cap == 0 {
                            break;
                        }
                        if name.ends_with("left") {
                            if xs.len() == cap {
                                xs.pop();
                            }
                            xs.insert(0, x);
                        } else {
                            if xs.len() == cap {
                                xs.remove(0);
                            }
                            xs.push(x);
                        }
                    }
                }
                Value::None
            }
            "pop" | "popleft" => {
                want(0)?;
                let Some(HeapObj::List(xs)) = self.mems[p].heap.get_mut(id as usize) else {
                    return Ok(None);
                };
                if xs.is_empty() {
                    return rt("IndexError: pop from an empty deque");
                }
                if name == "pop" {
                    xs.pop().unwrap_or(Value::None)
                } else {
                    xs.remove(0)
                }
            }
            "rotate" => {
                if args.len() > 1 {
                    return rt("TypeError: rotate expected at most 1 argument");
                }
                let n = match args.first() {
                    None => 1,
                    Some(Value::Int(n)) => *n,
                    Some(Value::Bool(b)) => *b as i64,
                    Some(v) => {
                        return rt(format!(
                            "TypeError: '{}' object cannot be interpreted as an integer",
                            type_name(v)
                        ))
                    }
                };
                if let Some(HeapObj::List(xs)) = self.mems[p].heap.get_mut(id as usize) {
                    if !xs.is_empty() {
                        let k = n.rem_euclid(xs.len() as i64) as usize;
                        xs.rotate_right(k);
                    }
                }
                Value::None
            }
            "insert" => {
                want(2)?;
                if list_len_of(&self.mems[p].heap, id) >= cap {
                    return rt("IndexError: deque already at its maximum size");
                }
                return Ok(None); // the list's own insert
            }
            "copy" => {
                want(0)?;
                let xs = list_items(&self.mems[p].heap, id);
                self.alloc_tagged(tid, CollTag::Deque { maxlen }, HeapObj::List(xs))?
            }
            "reverse" => {
                want(0)?;
                if let Some(HeapObj::List(xs)) = self.mems[p].heap.get_mut(id as usize) {
                    xs.reverse();
                }
                Value::None
            }
            "remove" => {
                want(1)?;
                let heap = &self.mems[p].heap;
                let pos = list_items(heap, id)
                    .iter()
                    .position(|x| eq(heap, x, &args[0]));
                match pos {
                    Some(i) => {
                        if let Some(HeapObj::List(xs)) = self.mems[p].heap.get_mut(id as usize) {
                            xs.remove(i);
                        }
                        Value::None
                    }
                    None => return rt("ValueError: deque.remove(x): x not in deque"),
                }
            }
            _ => return Ok(None), // count, index, clear: the list's own
        };
        Ok(Some(v))
    }

    fn dict_extra(
        &mut self,
        tid: u32,
        id: u32,
        tag: Option<CollTag>,
        name: &str,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Option<Value>> {
        let p = self.proc(tid);
        let kv = match self.mems[p].heap.get(id as usize) {
            Some(HeapObj::Dict(kv)) => kv.clone(),
            _ => return Ok(None),
        };
        let counter = tag == Some(CollTag::Counter);
        let kwarg = |k: &str| kw.iter().find(|(n, _)| &**n == k).map(|x| x.1.clone());
        let v = match name {
            "setdefault" => {
                if args.is_empty() || args.len() > 2 {
                    return rt(format!(
                        "TypeError: setdefault expected at least 1 argument, got {}",
                        args.len()
                    ));
                }
                self.check_hashable(&args[0])?;
                let heap = &self.mems[p].heap;
                match kv.iter().find(|(k, _)| eq(heap, k, &args[0])) {
                    Some((_, v)) => v.clone(),
                    None => {
                        let d = args.get(1).cloned().unwrap_or(Value::None);
                        self.charge(48)?;
                        self.dict_push(p, id, args[0].clone(), d.clone());
                        d
                    }
                }
            }
            "update" | "subtract" => {
                if args.len() > 1 {
                    return rt(format!(
                        "TypeError: update expected at most 1 argument, got {}",
                        args.len()
                    ));
                }
                let mut kv = kv;
                if counter {
                    let sign = if name == "subtract" { -1 } else { 1 };
                    if let Some(src) = args.first() {
                        self.count_into(tid, &mut kv, src, sign)?;
                    }
                    let extra: Vec<(Value, Value)> = kw
                        .iter()
                        .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                        .collect();
                    if !extra.is_empty() {
                        let d = Value::Dict(self.alloc(tid, HeapObj::Dict(extra))?);
                        self.count_into(tid, &mut kv, &d, sign)?;
                    }
                } else {
                    let mut new = match args.first() {
                        Some(src) => self.pairs_of(tid, src)?,
                        None => vec![],
                    };
                    new.extend(kw.iter().map(|(k, v)| (Value::Str(k.clone()), v.clone())));
                    for (k, v) in new {
                        kv_set(&self.mems[p].heap, &mut kv, k, v);
                    }
                }
                self.charge(48 * kv.len() as u64)?;
                self.dict_replace(p, id, kv);
                Value::None
            }
            "copy" => match tag {
                Some(t) => self.alloc_tagged(tid, t, HeapObj::Dict(kv))?,
                None => Value::Dict(self.alloc(tid, HeapObj::Dict(kv))?),
            },
            "clear" => {
                self.dict_replace(p, id, vec![]);
                Value::None
            }
            "popitem" => {
                let last = match (args.first(), kwarg("last")) {
                    (Some(v), _) => super::super::value::truthy(v, &self.mems[p].heap),
                    (None, Some(v)) => super::super::value::truthy(&v, &self.mems[p].heap),
                    _ => true,
                };
                if kv.is_empty() {
                    return rt("KeyError: 'popitem(): dictionary is empty'");
                }
                let mut kv = kv;
                let (k, v) = if last { kv.pop() } else { Some(kv.remove(0)) }
                    .unwrap_or((Value::None, Value::None));
                self.dict_replace(p, id, kv);
                self.new_tuple(vec![k, v])?
            }
            "move_to_end" => {
                let Some(key) = args.first() else {
                    return rt("TypeError: move_to_end() missing required argument 'key'");
                };
                let last = match (args.get(1), kwarg("last")) {
                    (Some(v), _) => super::super::value::truthy(v, &self.mems[p].heap),
                    (None, Some(v)) => super::super::value::truthy(&v, &self.mems[p].heap),
                    _ => true,
                };
                let heap = &self.mems[p].heap;
                let Some(i) = kv.iter().position(|(k, _)| eq(heap, k, key)) else {
                    return rt(format!("KeyError: {}", self.repr(p as u32, key)));
                };
                let mut kv = kv;
                let item = kv.remove(i);
                if last {
                    kv.push(item);
                } else {
                    kv.insert(0, item);
                }
                self.dict_replace(p, id, kv);
                Value::None
            }
            "most_common" => {
                let n = match args.first() {
                    None | Some(Value::None) => usize::MAX,
                    Some(Value::Int(n)) => (*n).max(0) as usize,
                    Some(v) => {
                        return rt(format!(
                            "TypeError: '{}' object cannot be interpreted as an integer",
                            type_name(v)
                        ))
                    }
                };
                let mut items = vec![];
                for (k, v) in most_common(&kv).into_iter().take(n) {
                    items.push(self.new_tuple(vec![k, v])?);
                }
                Value::List(self.alloc(tid, HeapObj::List(items))?)
            }
            "elements" => {
                let mut items = vec![];
                for (k, v) in &kv {
                    let n = match v {
                        Value::Int(n) => *n,
                        Value::Bool(b) => *b as i64,
                        _ => {
                            return rt(format!(
                                "TypeError: '{}' object cannot be interpreted as an integer",
                                type_name(v)
                            ))
                        }
                    };
                    if (items.len() as i64).saturating_add(n) > limits::MAX_SEQ_LEN as i64 {
                        return rt("MemoryError: too many elements for ThreadLab");
                    }
                    for _ in 0..n.max(0) {
                        items.push(k.clone());
                    }
                }
                self.charge(8 * items.len() as u64)?;
                Value::TupleIter(items.into(), 0)
            }
            "total" => {
                let mut t = Value::Int(0);
                for (_, v) in &kv {
                    t = add_counts(&t, v)?;
                }
                t
            }
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    fn dict_push(&mut self, p: usize, id: u32, k: Value, v: Value) {
        if let Some(HeapObj::Dict(kv)) = self.mems[p].heap.get_mut(id as usize) {
            kv.push((k, v));
        }
    }

    fn dict_replace(&mut self, p: usize, id: u32, new: Vec<(Value, Value)>) {
        if let Some(HeapObj::Dict(kv)) = self.mems[p].heap.get_mut(id as usize) {
            *kv = new;
        }
    }

    /// `Counter` arithmetic: `+`, `-`, `|`, `&` keep only positive counts (None: not two Counters).
    pub(super) fn counter_binary(
        &mut self,
        tid: u32,
        op: super::super::syntax::ast::BinOp,
        a: &Value,
        b: &Value,
    ) -> R<Option<Value>> {
        use super::super::syntax::ast::BinOp as O;
        let p = self.proc(tid);
        let heap = &self.mems[p].heap;
        let (Value::Dict(x), Value::Dict(y)) = (a, b) else {
            return Ok(None);
        };
        if tag_of(heap, *x) != Some(&CollTag::Counter)
            || tag_of(heap, *y) != Some(&CollTag::Counter)
        {
            return Ok(None);
        }
        let (Some(HeapObj::Dict(xs)), Some(HeapObj::Dict(ys))) =
            (heap.get(*x as usize), heap.get(*y as usize))
        else {
            return Ok(None);
        };
        let get = |kv: &[(Value, Value)], k: &Value| {
            kv.iter()
                .find(|(x, _)| eq(heap, x, k))
                .map_or(Value::Int(0), |x| x.1.clone())
        };
        let mut keys: Vec<Value> = xs.iter().map(|x| x.0.clone()).collect();
        for (k, _) in ys.iter() {
            if !keys.iter().any(|x| eq(heap, x, k)) {
                keys.push(k.clone());
            }
        }
        let mut out = vec![];
        for k in keys {
            let (m, n) = (get(xs, &k), get(ys, &k));
            let r = match op {
                O::Add => add_counts(&m, &n)?,
                O::Sub => {
                    let neg = match n {
                        Value::Int(i) => Value::Int(-i),
                        other => super::float::float(-super::float::as_f64(&other).unwrap_or(0.0)),
                    };
                    add_counts(&m, &neg)?
                }
                O::BitOr | O::BitAnd => {
                    let bigger = py_cmp(&m, &n) == Some(std::cmp::Ordering::Less);
                    match (op == O::BitOr, bigger) {
                        (true, true) | (false, false) => n,
                        _ => m,
                    }
                }
                _ => return Ok(None),
            };
            if py_cmp(&r, &Value::Int(0)) == Some(std::cmp::Ordering::Greater) {
                out.push((k, r));
            }
        }
        Ok(Some(self.alloc_tagged(
            tid,
            CollTag::Counter,
            HeapObj::Dict(out),
        )?))
    }
}

fn list_len_of(heap: &Heap, id: u32) -> usize {
    match heap.get(id as usize) {
        Some(HeapObj::List(xs)) => xs.len(),
        _ => 0,
    }
}
