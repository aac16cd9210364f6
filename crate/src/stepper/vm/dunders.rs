//! The container and operator protocols: where an instruction meets a `collections` value, a
//! namedtuple or an instance of a user class, these hooks run first (each a one-line call from
//! the instruction's code in `dispatch.rs`, `iter.rs`, `args.rs`, `stmts.rs`).
//!
//! User dunders are call-backs (see `classes.rs`): `obj[i]` → `__getitem__`, `obj[i] = v` →
//! `__setitem__`, `del obj[i]` → `__delitem__`, `a + b` → `__add__` / `__radd__` (and the other
//! operators, `__iadd__` first for `+=`), `if obj:` → `__bool__` then `__len__`, `obj(…)` →
//! `__call__`, `next(obj)` → `__next__`. Iterating an instance (`for`, unpacking, `list(obj)`,
//! `iter(obj)`) runs the prelude's `_iter`, which calls `__iter__` (a generator, or an object
//! with `__next__` until `StopIteration`) or falls back to `__getitem__` from 0 until
//! `IndexError`, as CPython's `iter()` does — so every step of the user's methods is a step the
//! learner sees. A hook that calls back leaves the operands on the stack until its last
//! call-back has answered (the call-back rule), then completes the instruction itself or lets
//! the ordinary code finish it.
//!
//! The subscript hooks live in `dunder_subscr.rs`.

use super::super::syntax::ast::BinOp;
use super::super::value::Heap;
use super::super::value::{Builtin, HeapObj, Value};
use super::collections::{tag_of_value, CollFn, CollTag};
use super::namedtuple::{as_tuple, nt_values};
use super::*;
use std::rc::Rc;

impl Machine {
    pub(super) fn peek(&self, tid: u32, back: usize) -> Option<Value> {
        let s = &self.threads[tid as usize].frames.last()?.stack;
        s.len().checked_sub(back + 1).map(|i| s[i].clone())
    }

    /// Whether the value `back` places below the top of the stack is of interest to these
    /// hooks (checked by reference first: the hooks sit on hot paths).
    pub(super) fn peek_is(&self, tid: u32, back: usize, f: fn(&Value) -> bool) -> bool {
        let Some(fr) = self.threads[tid as usize].frames.last() else {
            return false;
        };
        fr.stack
            .len()
            .checked_sub(back + 1)
            .is_some_and(|i| f(&fr.stack[i]))
    }

    pub(super) fn set_peek(&mut self, tid: u32, back: usize, v: Value) {
        let s = &mut self.frame(tid).stack;
        if let Some(i) = s.len().checked_sub(back + 1) {
            s[i] = v;
        }
    }

    pub(super) fn lib_fn(&self, n: &str) -> R<Value> {
        match self.prog.prelude.get(n) {
            Some(c) => Ok(Value::Func(*c)),
            None => rt(format!("internal error: the prelude has no {n}")),
        }
    }

    /// An instance (not a namedtuple) that can be iterated: `__iter__` or `__getitem__`.
    pub(super) fn iterable_obj(&self, v: &Value) -> bool {
        let Value::Instance(_) = v else { return false };
        let p = self.proc(self.current.unwrap_or(0));
        nt_values(&self.mems[p].heap, v).is_none()
            && (self.dunder(p, v, "__iter__").is_some()
                || self.dunder(p, v, "__getitem__").is_some())
    }

    /// `call` first: this area's callables, namedtuple classes, tagged objects' methods,
    /// `__call__`, `next(obj)`.
    pub(super) fn coll_call(
        &mut self,
        tid: u32,
        callee: &Value,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
        nops: usize,
    ) -> R<Option<Done>> {
        let p = self.proc(tid);
        let lists = |m: &Machine| {
            args.iter()
                .any(|a| matches!(a, Value::Gen(_)) || m.iterable_obj(a))
        };
        let via_lists = |m: &mut Machine| -> R<Option<Done>> {
            let mut a = vec![callee.clone()];
            a.extend(args.iter().cloned());
            let f = m.lib_fn("_coll_lists")?;
            m.call(tid, f, a, kw.to_vec(), nops).map(Some)
        };
        let v = match callee {
            Value::Builtin(Builtin::Coll(f)) => match f {
                CollFn::Iter => {
                    let f = self.lib_fn("_iter")?;
                    return self
                        .call(tid, f, args.to_vec(), kw.to_vec(), nops)
                        .map(Some);
                }
                CollFn::NamedTuple => self.make_namedtuple(tid, args, kw)?,
                CollFn::NtReplace | CollFn::NtAsdict => self.nt_method(tid, *f, args, kw)?,
                _ if lists(self) => return via_lists(self),
                _ => self.coll_construct(tid, *f, args, kw)?,
            },
            Value::Builtin(Builtin::Next) if matches!(args.first(), Some(Value::Instance(_))) => {
                let Some(f) = self.dunder(p, &args[0], "__next__") else {
                    return rt(format!(
                        "TypeError: '{}' object is not an iterator",
                        self.obj_type_name(p, &args[0])
                    ));
                };
                if args.len() == 2 {
                    // `next(obj, default)`: StopIteration caught in Python.
                    let g = self.lib_fn("_next_default")?;
                    return self.call(tid, g, args.to_vec(), vec![], nops).map(Some);
                }
                return self.call(tid, f, vec![], vec![], nops).map(Some);
            }
            Value::Builtin(Builtin::Bool)
                if args.len() == 1
                    && (self.dunder(p, &args[0], "__bool__").is_some()
                        || self.dunder(p, &args[0], "__len__").is_some()) =>
            {
                let g = self.lib_fn("_bool")?;
                return self.call(tid, g, args.to_vec(), vec![], nops).map(Some);
            }
            Value::Builtin(b @ (Builtin::Sum | Builtin::Min | Builtin::Max | Builtin::Sorted))
                if self.holds_objects(args) =>
            {
                // Their comparisons and additions are the objects' dunders: done in Python.
                let name = match b {
                    Builtin::Sum => "_sum",
                    Builtin::Min => "_min",
                    Builtin::Max => "_max",
                    _ => "_sorted_objs",
                };
                let g = self.lib_fn(name)?;
                return self
                    .call(tid, g, args.to_vec(), kw.to_vec(), nops)
                    .map(Some);
            }
            Value::Class(_) => match self.nt_construct(tid, callee, args, kw)? {
                Some(v) => v,
                None => return Ok(None),
            },
            Value::Instance(_) => {
                let Some(f) = self.dunder(p, callee, "__call__") else {
                    return rt(format!(
                        "TypeError: '{}' object is not callable",
                        self.obj_type_name(p, callee)
                    ));
                };
                return self
                    .call(tid, f, args.to_vec(), kw.to_vec(), nops)
                    .map(Some);
            }
            Value::Method(m) if matches!(m.0, Value::Dict(_)) && lists(self) => {
                return via_lists(self)
            }
            Value::Method(m) if matches!(m.0, Value::List(_) | Value::Dict(_)) => {
                match self.coll_method(tid, &m.0, &m.1, args, kw)? {
                    // `Counter.elements()`: an iterator (a generator over the items).
                    Some(Value::TupleIter(xs, _)) if &*m.1 == "elements" => {
                        let items = Value::List(self.alloc(tid, HeapObj::List(xs.to_vec()))?);
                        let f = self.lib_fn("_it_items_gen")?;
                        return self.call(tid, f, vec![items], vec![], nops).map(Some);
                    }
                    Some(v) => v,
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(Done::Value(v)))
    }

    /// Whether a callable instance (`__call__`).
    pub(super) fn has_call_dunder(&self, v: &Value) -> bool {
        let p = self.proc(self.current.unwrap_or(0));
        self.dunder(p, v, "__call__").is_some()
    }

    /// Whether the arguments (or the items of a list or tuple argument) include an instance.
    pub(super) fn holds_objects(&self, args: &[Value]) -> bool {
        let p = self.proc(self.current.unwrap_or(0));
        let heap = &self.mems[p].heap;
        args.iter().any(|a| match a {
            Value::Instance(_) => true,
            Value::Tuple(xs) => xs.iter().any(|x| matches!(x, Value::Instance(_))),
            Value::List(id) => matches!(heap.get(*id as usize),
                Some(HeapObj::List(xs)) if xs.iter().any(|x| matches!(x, Value::Instance(_)))),
            _ => false,
        })
    }

    /// The class name of an instance, or the type name of anything else.
    pub(super) fn obj_type_name(&self, p: usize, v: &Value) -> String {
        match (v, self.type_of(p, v)) {
            (Value::Instance(_), Some(c)) => self.class_name(p, &c),
            _ => type_name(v).to_string(),
        }
    }

    /// `BINARY_OP` first: Counter arithmetic, a namedtuple as its tuple, an instance's
    /// operator dunders. True: done.
    pub(super) fn hook_binary(&mut self, tid: u32, op: BinOp, aug: bool) -> R<bool> {
        let interesting = |v: &Value| matches!(v, Value::Dict(_) | Value::Instance(_));
        if !self.peek_is(tid, 0, interesting) && !self.peek_is(tid, 1, interesting) {
            return Ok(false);
        }
        let (Some(a), Some(b)) = (self.peek(tid, 1), self.peek(tid, 0)) else {
            return Ok(false);
        };
        let p = self.proc(tid);
        let v = match (&a, &b) {
            (Value::Dict(_), Value::Dict(_)) => match self.counter_binary(tid, op, &a, &b)? {
                Some(v) => v,
                None => return Ok(false),
            },
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                let heap = &self.mems[p].heap;
                let (ta, tb) = (as_tuple(heap, &a), as_tuple(heap, &b));
                if ta != a || tb != b {
                    self.set_peek(tid, 1, ta);
                    self.set_peek(tid, 0, tb);
                    return Ok(false);
                }
                let (name, rname, iname) = dunder_names(op);
                let direct = match (aug, self.dunder(p, &a, iname)) {
                    (true, Some(f)) => Some(f),
                    _ => self.dunder(p, &a, name),
                };
                let call = match direct {
                    Some(f) => Some((f, b.clone())),
                    None => self.dunder(p, &b, rname).map(|f| (f, a.clone())),
                };
                let Some((f, other)) = call else {
                    if !matches!(a, Value::Instance(_)) {
                        return Ok(false); // `"%s" % obj` and the like: the ordinary rule
                    }
                    return rt(format!(
                        "TypeError: unsupported operand type(s) for {}{}: '{}' and '{}'",
                        op.symbol(),
                        if aug { "=" } else { "" },
                        self.obj_type_name(p, &a),
                        self.obj_type_name(p, &b)
                    ));
                };
                self.call_back(tid, f, vec![other])?
            }
            _ => return Ok(false),
        };
        self.pop(tid)?;
        self.pop(tid)?;
        self.push(tid, v);
        Ok(true)
    }

    /// `GET_ITER`, `UNPACK_SEQUENCE` and starred unpacking first: a namedtuple becomes its
    /// tuple, an iterable instance the prelude's iterator over it (`seq`: a list of its items,
    /// for unpacking). The ordinary code then finishes the instruction.
    pub(super) fn hook_iter(&mut self, tid: u32, seq: bool) -> R<()> {
        if !self.peek_is(tid, 0, |v| matches!(v, Value::Instance(_))) {
            return Ok(());
        }
        let Some(o @ Value::Instance(_)) = self.peek(tid, 0) else {
            return Ok(());
        };
        let p = self.proc(tid);
        if let Some(xs) = nt_values(&self.mems[p].heap, &o) {
            self.set_peek(tid, 0, Value::Tuple(xs.into()));
            return Ok(());
        }
        if !self.iterable_obj(&o) {
            let name = self.obj_type_name(p, &o);
            return match seq {
                true => rt(format!(
                    "TypeError: cannot unpack non-iterable {name} object"
                )),
                false => rt(format!("TypeError: '{name}' object is not iterable")),
            };
        }
        let f = self.lib_fn(if seq { "_obj_list" } else { "_iter" })?;
        let it = self.call_back(tid, f, vec![o])?;
        self.set_peek(tid, 0, it);
        Ok(())
    }

    /// The truth of TOS by `__bool__` / `__len__` (None: the ordinary rule applies).
    pub(super) fn hook_truth(&mut self, tid: u32) -> R<Option<bool>> {
        if !self.peek_is(tid, 0, |v| matches!(v, Value::Instance(_))) {
            return Ok(None);
        }
        let Some(o @ Value::Instance(_)) = self.peek(tid, 0) else {
            return Ok(None);
        };
        let p = self.proc(tid);
        if let Some(xs) = nt_values(&self.mems[p].heap, &o) {
            return Ok(Some(!xs.is_empty()));
        }
        if let Some(f) = self.dunder(p, &o, "__bool__") {
            return match self.call_back(tid, f, vec![])? {
                Value::Bool(b) => Ok(Some(b)),
                r => rt(format!(
                    "TypeError: __bool__ should return bool, returned {}",
                    type_name(&r)
                )),
            };
        }
        if self.dunder(p, &o, "__len__").is_some() {
            let n = self.obj_len(tid, &o)?;
            return Ok(Some(n != Value::Int(0)));
        }
        Ok(None)
    }

    /// `len()` of a namedtuple (None: not one).
    pub(super) fn nt_len(&self, tid: u32, v: &Value) -> Option<Value> {
        nt_values(&self.mems[self.proc(tid)].heap, v).map(|xs| Value::Int(xs.len() as i64))
    }

    /// A comparison involving a namedtuple: as its tuple (None: neither side is one).
    pub(super) fn nt_compare(
        &self,
        tid: u32,
        op: super::super::syntax::ast::CmpOp,
        a: &Value,
        b: &Value,
    ) -> R<Option<bool>> {
        let heap = &self.mems[self.proc(tid)].heap;
        let (ta, tb) = (as_tuple(heap, a), as_tuple(heap, b));
        if ta == *a && tb == *b {
            return Ok(None);
        }
        self.compare(tid, op, &ta, &tb).map(Some)
    }
}

/// `==` where this area differs from the plain rule: a deque never equals a list, a
/// namedtuple equals the tuple of its items (None: the plain rule).
pub fn coll_eq(
    heap: &Heap,
    a: &Value,
    b: &Value,
    eq: &dyn Fn(&Value, &Value) -> bool,
) -> Option<bool> {
    match (a, b) {
        (Value::List(_), Value::List(_)) => {
            let deque = |v| matches!(tag_of_value(heap, v), Some(CollTag::Deque { .. }));
            (deque(a) != deque(b)).then_some(false)
        }
        (Value::Instance(_), _) | (_, Value::Instance(_)) => {
            let (ta, tb) = (as_tuple(heap, a), as_tuple(heap, b));
            (ta != *a || tb != *b).then(|| eq(&ta, &tb))
        }
        _ => None,
    }
}

/// Whether `v` is simple-typed for the final globals (None: the plain rule): a deque is not
/// (CPython's harness compares lists, tuples and dicts), a namedtuple is (a tuple).
pub fn coll_simple(heap: &Heap, v: &Value, simple: &dyn Fn(&Value) -> bool) -> Option<bool> {
    match v {
        Value::List(_) if tag_of_value(heap, v).is_some() => Some(false),
        Value::Instance(_) => nt_values(heap, v).map(|xs| xs.iter().all(simple)),
        _ => None,
    }
}

/// The dunder of an operator, its reflected one and its in-place one.
fn dunder_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::BitOr => ("__or__", "__ror__", "__ior__"),
        BinOp::BitAnd => ("__and__", "__rand__", "__iand__"),
        BinOp::BitXor => ("__xor__", "__rxor__", "__ixor__"),
    }
}
