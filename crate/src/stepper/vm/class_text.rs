//! Classes, continued: `str`/`repr`/`format` of values holding instances (their `__str__` and
//! `__repr__` called back), comparison dunders and `len`.

use super::super::value::{truthy, Builtin, HeapObj, Value};
use super::classes::*;
use super::*;
use std::rc::Rc;

impl Machine {
    // ------------------------------------------------------------ str and repr with dunders

    /// `str(v)` for a value holding instances: `__str__` (or `__repr__`) called back.
    pub(super) fn py_str(&mut self, tid: u32, v: &Value) -> R<String> {
        let p = self.proc(tid);
        if let Value::Instance(_) = v {
            let cls = self.type_of(p, v).unwrap_or(Value::None);
            for k in self.mro(p, &cls) {
                if let Some(f @ Value::Func(_)) = self.own_attr(p, &k, "__str__") {
                    let r = self.call_back(tid, Value::Bound(Rc::new((v.clone(), f))), vec![])?;
                    return self.dunder_text(r, "__str__");
                }
                if let Value::Builtin(Builtin::Exc(_)) = k {
                    return Ok(self.exc_str(p, v));
                }
            }
        }
        self.py_repr(tid, v)
    }

    /// `repr(v)` for a value holding instances: each one's `__repr__` called back.
    pub(super) fn py_repr(&mut self, tid: u32, v: &Value) -> R<String> {
        let p = self.proc(tid);
        let mut ids = vec![];
        let mut todo = vec![v.clone()];
        let mut budget = 10_000;
        while let Some(x) = todo.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            let heap = &self.mems[p].heap;
            match &x {
                Value::Instance(id) => {
                    if !ids.contains(id) {
                        ids.push(*id);
                    }
                }
                Value::Bound(b) => todo.push(b.0.clone()),
                Value::Tuple(xs) => todo.extend(xs.iter().rev().cloned()),
                Value::List(id) => {
                    if let Some(HeapObj::List(xs)) = heap.get(*id as usize) {
                        todo.extend(xs.iter().rev().cloned());
                    }
                }
                Value::Dict(id) => {
                    if let Some(HeapObj::Dict(kv)) = heap.get(*id as usize) {
                        for (k, v) in kv.iter().rev() {
                            todo.push(v.clone());
                            todo.push(k.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        let mut overrides = vec![];
        for id in ids {
            let inst = Value::Instance(id);
            let cls = self.type_of(p, &inst).unwrap_or(Value::None);
            if let Some(f @ Value::Func(_)) = self.lookup_from(p, &cls, "__repr__", 0) {
                let r = self.call_back(tid, Value::Bound(Rc::new((inst, f))), vec![])?;
                overrides.push((id, Rc::from(self.dunder_text(r, "__repr__")?)));
            }
        }
        OVERRIDES.with(|o| *o.borrow_mut() = overrides);
        let s = self.repr(p as u32, v);
        OVERRIDES.with(|o| o.borrow_mut().clear());
        Ok(s)
    }

    /// An f-string's `{v}` / `{v!r}`.
    pub(super) fn py_format(&mut self, tid: u32, v: &Value, repr: bool) -> R<String> {
        if repr {
            self.py_repr(tid, v)
        } else {
            self.py_str(tid, v)
        }
    }

    /// `str()` of each argument that holds instances (None for the others), for `print`.
    pub(super) fn str_objects(&mut self, tid: u32, args: &[Value]) -> R<Vec<Option<String>>> {
        let p = self.proc(tid);
        let mut out = vec![];
        for a in args {
            out.push(if has_objects(&self.mems[p].heap, a) {
                Some(self.py_str(tid, a)?)
            } else {
                None
            });
        }
        Ok(out)
    }

    pub(super) fn dunder_text(&self, r: Value, which: &str) -> R<String> {
        match r {
            Value::Str(s) => Ok(s.to_string()),
            other => rt(format!(
                "TypeError: {which} returned non-string (type {})",
                type_name(&other)
            )),
        }
    }

    /// A user-defined dunder of instance `v`'s class, bound to `v`.
    pub(super) fn dunder(&self, p: usize, v: &Value, name: &str) -> Option<Value> {
        if !is_instance(v) {
            return None;
        }
        let cls = self.type_of(p, v)?;
        match self.lookup_from(p, &cls, name, 0)? {
            f @ Value::Func(_) => Some(Value::Bound(Rc::new((v.clone(), f)))),
            _ => None,
        }
    }

    /// A comparison with an instance on either side, by its dunders (`__eq__`, `__lt__`, …,
    /// then the reflected one of the right operand; `__contains__` for `in`), called back.
    /// None: no dunder applies (identity for `==`, CPython's TypeError for orderings).
    pub(super) fn compare_objects(
        &mut self,
        tid: u32,
        op: super::super::syntax::ast::CmpOp,
        a: &Value,
        b: &Value,
    ) -> R<Option<bool>> {
        use super::super::syntax::ast::CmpOp as C;
        if let Some(r) = self.nt_compare(tid, op, a, b)? {
            return Ok(Some(r)); // collections
        }
        let p = self.proc(tid);
        let (name, reflected) = match op {
            C::Eq => ("__eq__", "__eq__"),
            C::Ne => ("__ne__", "__ne__"),
            C::Lt => ("__lt__", "__gt__"),
            C::Le => ("__le__", "__ge__"),
            C::Gt => ("__gt__", "__lt__"),
            C::Ge => ("__ge__", "__le__"),
            C::In | C::NotIn => {
                let Some(f) = self.dunder(p, b, "__contains__") else {
                    // `x in [..]` with an `__eq__`: identity, else `x.__eq__(item)`, in order.
                    let Some(eq) = self.dunder(p, a, "__eq__") else {
                        return Ok(None);
                    };
                    let items = match b {
                        Value::List(_) | Value::Tuple(_) => self.iter_items(tid, b)?,
                        _ => return Ok(None),
                    };
                    for x in items {
                        let hit = x == *a || {
                            let r = self.call_back(tid, eq.clone(), vec![x])?;
                            truthy(&r, &self.mems[p].heap)
                        };
                        if hit {
                            return Ok(Some(op == C::In));
                        }
                    }
                    return Ok(Some(op == C::NotIn));
                };
                let r = self.call_back(tid, f, vec![a.clone()])?;
                let t = truthy(&r, &self.mems[p].heap);
                return Ok(Some(t == (op == C::In)));
            }
            C::Is | C::IsNot => return Ok(None),
        };
        let call = if let Some(f) = self.dunder(p, a, name) {
            Some((f, b.clone()))
        } else {
            self.dunder(p, b, reflected).map(|f| (f, a.clone()))
        };
        if let Some((f, other)) = call {
            let r = self.call_back(tid, f, vec![other])?;
            return Ok(Some(truthy(&r, &self.mems[p].heap)));
        }
        if op == C::Ne {
            // `!=` falls back to the negation of `__eq__`.
            if let Some(f) = self.dunder(p, a, "__eq__") {
                let r = self.call_back(tid, f, vec![b.clone()])?;
                return Ok(Some(!truthy(&r, &self.mems[p].heap)));
            }
        }
        if matches!(op, C::Lt | C::Le | C::Gt | C::Ge) {
            let name = |v: &Value| match self.type_of(p, v) {
                Some(c) => self.class_name(p, &c),
                None => type_name(v).to_string(),
            };
            return rt(format!(
                "TypeError: '{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                name(a),
                name(b)
            ));
        }
        Ok(None)
    }

    /// `len(obj)` by its `__len__`, called back.
    pub(super) fn obj_len(&mut self, tid: u32, v: &Value) -> R<Value> {
        if let Some(n) = self.nt_len(tid, v) {
            return Ok(n); // collections
        }
        let p = self.proc(tid);
        let cls = self.type_of(p, v).unwrap_or(Value::None);
        let Some(f) = self.dunder(p, v, "__len__") else {
            return rt(format!(
                "TypeError: object of type '{}' has no len()",
                self.class_name(p, &cls)
            ));
        };
        match self.call_back(tid, f, vec![])? {
            Value::Int(n) if n >= 0 => Ok(Value::Int(n)),
            Value::Int(_) => rt("ValueError: __len__() should return >= 0"),
            r => rt(format!(
                "TypeError: '{}' object cannot be interpreted as an integer",
                type_name(&r)
            )),
        }
    }
}
