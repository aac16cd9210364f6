//! `collections`: `deque`, `Counter`, `defaultdict`, `OrderedDict` (and `dict()`) as native
//! values, so that each of their methods is ONE indivisible step, as a C-level call is in
//! CPython (the book's lesson: `deque.append`/`popleft` are thread-safe, `counter[k] += 1` is
//! not — it is a load, an add and a store, three steps).
//!
//! **Tags.** A deque is a list and the dict-like classes are dicts in the process heap, so every
//! list/dict operation the machine has (iteration, `len`, `in`, indexing, `==`, the state hash,
//! the memory view) works on them unchanged. What makes one a deque or a Counter is a tag: a
//! [`HeapObj::Tag`] allocated immediately *before* the object (the heap only grows, and the two
//! are pushed together by [`Machine::alloc_tagged`], so the slot before a list or dict is a tag
//! exactly when that object was made by one of these constructors). A tagged object answers
//! its own methods (`coll_methods.rs`), its `repr` (`deque([1, 2], maxlen=3)`,
//! `Counter({'a': 2})`, `defaultdict(<class 'list'>, {…})`), a missing key (`Counter` → 0,
//! `defaultdict` → its factory, called back as user code when it is not a built-in class) and
//! its `type()`. Copies made by `list(d)` / `dict(c)` are plain, as in CPython.
//!
//! `namedtuple` lives in `namedtuple.rs`, the container and operator dunders of user classes
//! in `dunders.rs`.

use super::super::value::Heap;
use super::super::value::{Builtin, Fmt, HeapObj, Value};
use super::*;
use std::rc::Rc;

/// What a tag makes of the list or dict after it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CollTag {
    /// `collections.deque` (a list); `maxlen` as given (None: unbounded).
    Deque { maxlen: Option<u32> },
    /// `collections.Counter` (a dict).
    Counter,
    /// `collections.defaultdict` (a dict) and its `default_factory` (None: a plain KeyError).
    DefaultDict(Value),
    /// `collections.OrderedDict` (a dict).
    OrderedDict,
}

/// A callable of this module (a [`Builtin::Coll`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CollFn {
    Deque,
    Counter,
    DefaultDict,
    OrderedDict,
    NamedTuple,
    /// The built-in `dict`.
    Dict,
    /// The built-in `iter`.
    Iter,
    /// A namedtuple's `_replace` / `_asdict` (bound to the instance).
    NtReplace,
    NtAsdict,
}

impl CollFn {
    /// `__name__` when the callable is a class.
    pub fn class_name(self) -> Option<&'static str> {
        Some(match self {
            CollFn::Deque => "deque",
            CollFn::Counter => "Counter",
            CollFn::DefaultDict => "defaultdict",
            CollFn::OrderedDict => "OrderedDict",
            CollFn::Dict => "dict",
            _ => return None,
        })
    }
}

/// `collections.<attr>`.
pub fn module_attr(attr: &str) -> Option<Builtin> {
    Some(Builtin::Coll(match attr {
        "deque" => CollFn::Deque,
        "Counter" => CollFn::Counter,
        "defaultdict" => CollFn::DefaultDict,
        "OrderedDict" => CollFn::OrderedDict,
        "namedtuple" => CollFn::NamedTuple,
        _ => return None,
    }))
}

/// The builtins this area adds: `dict`, `iter`.
pub fn builtin_named(n: &str) -> Option<Builtin> {
    match n {
        "dict" => Some(Builtin::Coll(CollFn::Dict)),
        "iter" => Some(Builtin::Coll(CollFn::Iter)),
        _ => None,
    }
}

/// The tag of the list or dict at heap index `id`, if it has one.
pub fn tag_of(heap: &Heap, id: u32) -> Option<&CollTag> {
    match heap.get(id.checked_sub(1)? as usize)? {
        HeapObj::Tag(t) => Some(t),
        _ => None,
    }
}

/// The tag of a value (a tagged list or dict).
pub fn tag_of_value<'a>(heap: &'a Heap, v: &Value) -> Option<&'a CollTag> {
    match v {
        Value::List(id) | Value::Dict(id) => tag_of(heap, *id),
        _ => None,
    }
}

/// The class of a list or dict: a tagged one's, `dict` for a plain dict (None otherwise).
pub fn coll_type(heap: &Heap, v: &Value) -> Option<Value> {
    let f = match (v, tag_of_value(heap, v)) {
        (_, Some(CollTag::Deque { .. })) => CollFn::Deque,
        (_, Some(CollTag::Counter)) => CollFn::Counter,
        (_, Some(CollTag::DefaultDict(_))) => CollFn::DefaultDict,
        (_, Some(CollTag::OrderedDict)) => CollFn::OrderedDict,
        (Value::Dict(_), None) => CollFn::Dict,
        _ => return None,
    };
    Some(Value::Builtin(Builtin::Coll(f)))
}

/// The MRO of this module's classes (None: not one of them).
pub fn coll_mro(c: &Value) -> Option<Vec<Value>> {
    let Value::Builtin(Builtin::Coll(f)) = c else {
        return None;
    };
    f.class_name()?;
    let mut out = vec![c.clone()];
    if matches!(
        f,
        CollFn::Counter | CollFn::DefaultDict | CollFn::OrderedDict
    ) {
        out.push(Value::Builtin(Builtin::Coll(CollFn::Dict)));
    }
    out.push(Value::Builtin(Builtin::Object));
    Some(out)
}

/// `Counter`'s items, most common first (ties in insertion order), as `most_common()` sorts.
pub fn most_common(kv: &[(Value, Value)]) -> Vec<(Value, Value)> {
    let mut out = kv.to_vec();
    out.sort_by(|a, b| py_cmp(&b.1, &a.1).unwrap_or(std::cmp::Ordering::Equal));
    out
}

/// The `repr` of a tagged list or dict (None: not tagged). `rec` formats an item.
pub fn coll_repr(f: &Fmt, v: &Value, rec: &dyn Fn(&Value) -> String) -> Option<String> {
    let tag = tag_of_value(f.heap, v)?;
    let pairs = |kv: &[(Value, Value)]| {
        kv.iter()
            .map(|(k, x)| format!("{}: {}", rec(k), rec(x)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(match (tag, f.heap.get(v_id(v) as usize)) {
        (CollTag::Deque { maxlen }, Some(HeapObj::List(xs))) => {
            let items = xs.iter().map(rec).collect::<Vec<_>>().join(", ");
            match maxlen {
                Some(m) => format!("deque([{items}], maxlen={m})"),
                None => format!("deque([{items}])"),
            }
        }
        (CollTag::Counter, Some(HeapObj::Dict(kv))) if kv.is_empty() => "Counter()".into(),
        (CollTag::Counter, Some(HeapObj::Dict(kv))) => {
            format!("Counter({{{}}})", pairs(&most_common(kv)))
        }
        (CollTag::OrderedDict, Some(HeapObj::Dict(kv))) if kv.is_empty() => "OrderedDict()".into(),
        (CollTag::OrderedDict, Some(HeapObj::Dict(kv))) => {
            format!("OrderedDict({{{}}})", pairs(kv))
        }
        (CollTag::DefaultDict(fac), Some(HeapObj::Dict(kv))) => {
            format!("defaultdict({}, {{{}}})", rec(fac), pairs(kv))
        }
        _ => return None,
    })
}

fn v_id(v: &Value) -> u32 {
    match v {
        Value::List(id) | Value::Dict(id) => *id,
        _ => u32::MAX,
    }
}

/// Sets `k` to `v` in an insertion-ordered item list.
pub(super) fn kv_set(heap: &Heap, kv: &mut Vec<(Value, Value)>, k: Value, v: Value) {
    match kv.iter().position(|(x, _)| eq(heap, x, &k)) {
        Some(i) => kv[i].1 = v,
        None => kv.push((k, v)),
    }
}

impl Machine {
    /// A tagged list or dict: the tag and the object pushed together (see the module doc).
    pub(super) fn alloc_tagged(&mut self, tid: u32, tag: CollTag, o: HeapObj) -> R<Value> {
        let (bytes, dict) = match &o {
            HeapObj::List(xs) => (limits::list_bytes(xs.len()), false),
            HeapObj::Dict(kv) => (limits::dict_bytes(kv.len()), true),
            _ => return rt("internal error: only a list or a dict is tagged"),
        };
        self.charge(64 + bytes)?;
        let h = self.heap(tid);
        h.push(HeapObj::Tag(tag));
        h.push(o);
        let id = (h.len() - 1) as u32;
        Ok(if dict {
            Value::Dict(id)
        } else {
            Value::List(id)
        })
    }

    /// The (key, value) pairs of a mapping or of an iterable of pairs (`dict(x)`, `update(x)`).
    pub(super) fn pairs_of(&self, tid: u32, v: &Value) -> R<Vec<(Value, Value)>> {
        let p = self.proc(tid);
        if let Value::Dict(id) = v {
            if let Some(HeapObj::Dict(kv)) = self.mems[p].heap.get(*id as usize) {
                return Ok(kv.clone());
            }
        }
        let mut out = vec![];
        for (i, x) in self.iter_items(tid, v)?.into_iter().enumerate() {
            let pair = match &x {
                Value::Tuple(_) | Value::List(_) => self.iter_items(tid, &x)?,
                _ => {
                    return rt(format!(
                    "TypeError: cannot convert dictionary update sequence element #{i} to a sequence"
                ))
                }
            };
            if pair.len() != 2 {
                return rt(format!(
                    "ValueError: dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                ));
            }
            self.check_hashable(&pair[0])?;
            out.push((pair[0].clone(), pair[1].clone()));
        }
        Ok(out)
    }

    /// Adds each counted item (`Counter(iterable)`, `update(iterable)`; `sign` -1 subtracts).
    pub(super) fn count_into(
        &self,
        tid: u32,
        kv: &mut Vec<(Value, Value)>,
        src: &Value,
        sign: i64,
    ) -> R<()> {
        let p = self.proc(tid);
        let adds: Vec<(Value, Value)> = match src {
            Value::Dict(_) => self.pairs_of(tid, src)?,
            _ => self
                .iter_items(tid, src)?
                .into_iter()
                .map(|x| (x, Value::Int(1)))
                .collect(),
        };
        let heap = &self.mems[p].heap;
        for (k, n) in adds {
            self.check_hashable(&k)?;
            let n = match (sign, &n) {
                (1, _) => n,
                (_, Value::Int(i)) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                (_, Value::Float(f)) => super::float::float(-f.get()),
                _ => {
                    return rt(format!(
                        "TypeError: bad operand type for unary -: '{}'",
                        type_name(&n)
                    ))
                }
            };
            match kv.iter().position(|(x, _)| eq(heap, x, &k)) {
                Some(i) => kv[i].1 = add_counts(&kv[i].1, &n)?,
                None => kv.push((k, n)),
            }
        }
        Ok(())
    }

    /// The constructors: `deque(…)`, `Counter(…)`, `defaultdict(…)`, `OrderedDict(…)`, `dict(…)`.
    pub(super) fn coll_construct(
        &mut self,
        tid: u32,
        f: CollFn,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Value> {
        let name = f.class_name().unwrap_or("?");
        match f {
            CollFn::Deque => {
                let mut maxlen = args.get(1).cloned();
                for (k, v) in kw {
                    match &**k {
                        "maxlen" if maxlen.is_none() => maxlen = Some(v.clone()),
                        "iterable" if args.is_empty() => {}
                        _ => {
                            return rt(format!(
                                "TypeError: deque() got an unexpected keyword argument '{k}'"
                            ))
                        }
                    }
                }
                if args.len() > 2 {
                    return rt(format!(
                        "TypeError: deque() takes at most 2 arguments ({} given)",
                        args.len()
                    ));
                }
                let src = args.first().cloned().or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "iterable")
                        .map(|x| x.1.clone())
                });
                let maxlen = match maxlen {
                    None | Some(Value::None) => None,
                    Some(Value::Int(n)) if n >= 0 => Some(n.min(u32::MAX as i64) as u32),
                    Some(Value::Int(_)) => return rt("ValueError: maxlen must be non-negative"),
                    Some(v) => {
                        return rt(format!(
                            "TypeError: an integer is required, not '{}'",
                            type_name(&v)
                        ))
                    }
                };
                let mut items = match src {
                    Some(s) => self.iter_items(tid, &s)?,
                    None => vec![],
                };
                if let Some(m) = maxlen {
                    let extra = items.len().saturating_sub(m as usize);
                    items.drain(..extra);
                }
                self.alloc_tagged(tid, CollTag::Deque { maxlen }, HeapObj::List(items))
            }
            CollFn::Counter | CollFn::OrderedDict | CollFn::Dict | CollFn::DefaultDict => {
                let (tag, rest) = match f {
                    CollFn::DefaultDict => {
                        let fac = args.first().cloned().unwrap_or(Value::None);
                        if !matches!(fac, Value::None) && !self.coll_callable(&fac) {
                            return rt("TypeError: first argument must be callable or None");
                        }
                        (
                            Some(CollTag::DefaultDict(fac)),
                            args.get(1..).unwrap_or(&[]),
                        )
                    }
                    CollFn::Counter => (Some(CollTag::Counter), args),
                    CollFn::OrderedDict => (Some(CollTag::OrderedDict), args),
                    _ => (None, args),
                };
                if rest.len() > 1 {
                    return rt(format!(
                        "TypeError: {name} expected at most 1 argument, got {}",
                        rest.len()
                    ));
                }
                let mut kv = vec![];
                let p = self.proc(tid);
                if f == CollFn::Counter {
                    if let Some(src) = rest.first() {
                        self.count_into(tid, &mut kv, src, 1)?;
                    }
                    for (k, v) in kw {
                        kv_set(
                            &self.mems[p].heap,
                            &mut kv,
                            Value::Str(k.clone()),
                            v.clone(),
                        );
                    }
                } else {
                    if let Some(src) = rest.first() {
                        for (k, v) in self.pairs_of(tid, src)? {
                            kv_set(&self.mems[p].heap, &mut kv, k, v);
                        }
                    }
                    for (k, v) in kw {
                        kv_set(
                            &self.mems[p].heap,
                            &mut kv,
                            Value::Str(k.clone()),
                            v.clone(),
                        );
                    }
                }
                match tag {
                    Some(t) => self.alloc_tagged(tid, t, HeapObj::Dict(kv)),
                    None => Ok(Value::Dict(self.alloc(tid, HeapObj::Dict(kv))?)),
                }
            }
            _ => rt("internal error: not a collections constructor"),
        }
    }

    /// Whether `v` can be called (for `defaultdict`'s check).
    fn coll_callable(&self, v: &Value) -> bool {
        Machine::callable(v)
            || self
                .dunder(self.proc(self.current.unwrap_or(0)), v, "__call__")
                .is_some()
    }

    /// A `defaultdict`'s factory called: built-in classes at once, anything else called back
    /// (through the prelude's `_call0`, so closures, classes and bound methods all work).
    pub(super) fn call_factory(&mut self, tid: u32, fac: &Value) -> R<Value> {
        use Builtin as B;
        Ok(match fac {
            Value::Builtin(B::List) => Value::List(self.alloc(tid, HeapObj::List(vec![]))?),
            Value::Builtin(B::Int) => Value::Int(0),
            Value::Builtin(B::Bool) => Value::Bool(false),
            Value::Builtin(B::Float) => super::float::float(0.0),
            Value::Builtin(B::Str) => Value::Str("".into()),
            Value::Builtin(B::Tuple) => Value::Tuple(Rc::from(vec![])),
            Value::Builtin(B::Set) => self.new_set(tid, SetTable::default())?,
            Value::Builtin(B::Coll(f)) if f.class_name().is_some() => {
                self.coll_construct(tid, *f, &[], &[])?
            }
            _ => {
                let Some(c) = self.prog.prelude.get("_call0").copied() else {
                    return rt("internal error: the prelude has no _call0");
                };
                self.call_back(tid, Value::Func(c), vec![fac.clone()])?
            }
        })
    }
}

/// `a + b` for two counts.
pub(super) fn add_counts(a: &Value, b: &Value) -> R<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(Value::Int(x.checked_add(*y).ok_or_else(overflow)?)),
        _ => match (super::float::as_f64(a), super::float::as_f64(b)) {
            (Some(x), Some(y)) => Ok(super::float::float(x + y)),
            _ => rt(format!(
                "TypeError: unsupported operand type(s) for +: '{}' and '{}'",
                type_name(a),
                type_name(b)
            )),
        },
    }
}
