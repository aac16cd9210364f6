//! Attribute access on objects: an instance's own attributes, class attributes bound the
//! way CPython binds them, and `o.n` / `o.n = v` for instances, classes, built-in classes,
//! super objects and bound methods.

use super::super::value::{Builtin, HeapObj, Value};
use super::classes::THREAD_ATTR;
use super::*;
use std::rc::Rc;

impl Machine {
    /// An instance's own attribute.
    pub(super) fn attr_raw(&self, p: usize, o: &Value, n: &str) -> Option<Value> {
        match o {
            Value::Instance(id) => match self.mems[p].heap.get(*id as usize) {
                Some(HeapObj::Instance { attrs, .. }) => attrs
                    .iter()
                    .find(|(k, _)| &**k == n)
                    .map(|(_, v)| v.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Sets an instance's own attribute.
    pub(super) fn set_attr_raw(&mut self, tid: u32, o: &Value, n: &str, v: Value) -> R<()> {
        let p = self.proc(tid);
        let Value::Instance(id) = o else {
            return rt(format!(
                "AttributeError: '{}' object has no attribute '{n}'",
                type_name(o)
            ));
        };
        let fresh = match self.mems[p].heap.get(*id as usize) {
            Some(HeapObj::Instance { attrs, .. }) => !attrs.iter().any(|(k, _)| &**k == n),
            _ => return rt("internal error: not an instance"),
        };
        if fresh {
            self.charge(48)?;
        }
        if let Some(HeapObj::Instance { attrs, .. }) = self.mems[p].heap.get_mut(*id as usize) {
            match attrs.iter_mut().find(|(k, _)| &**k == n) {
                Some(slot) => slot.1 = v,
                None => attrs.push((n.into(), v)),
            }
        }
        Ok(())
    }

    /// A class attribute found for instance/super `o`, bound the way CPython binds it.
    pub(super) fn bind_attr(&self, p: usize, o: &Value, v: Value) -> R<Value> {
        use Builtin as B;
        Ok(match v {
            Value::Func(_)
            | Value::Closure(_) // futures: a method with run-time defaults
            | Value::Builtin(B::ThreadInit | B::ProcessInit | B::ExcInit | B::ObjectInit)
            | Value::Builtin(B::Coll(_)) => {
                Value::Bound(Rc::new((o.clone(), v)))
            }
            Value::Method(m) if matches!(m.0, Value::Builtin(B::Thread | B::Process)) => {
                match self.attr_raw(p, o, THREAD_ATTR) {
                    Some(t @ Value::ThreadObj(_)) => Value::Method(Rc::new((t, m.1.clone()))),
                    _ => return rt("RuntimeError: thread.__init__() not called"),
                }
            }
            v => v,
        })
    }

    /// `o.n` for instances, classes, built-in classes, super objects and bound methods.
    pub(super) fn load_obj_attr(&self, tid: u32, o: &Value, n: &str) -> R<Value> {
        let p = self.proc(tid);
        match o {
            Value::Instance(_) => {
                let cls = self.type_of(p, o).unwrap_or(Value::None);
                if n == "__class__" {
                    return Ok(cls);
                }
                if let Some(v) = self.attr_raw(p, o, n) {
                    return Ok(v);
                }
                if let Some(v) = self.lookup_from(p, &cls, n, 0) {
                    return self.bind_attr(p, o, v);
                }
                if self.is_exc_class(p, &cls) {
                    // StopIteration.value and SystemExit.code: the first argument (None if
                    // none; SystemExit's whole tuple if several), as CPython sets them.
                    let first = |whole: bool| match self.attr_raw(p, o, "args") {
                        Some(Value::Tuple(a)) if a.len() == 1 => a[0].clone(),
                        Some(a @ Value::Tuple(_))
                            if whole && a != Value::Tuple(Vec::new().into()) =>
                        {
                            a
                        }
                        _ => Value::None,
                    };
                    let is = |k: super::ExcKind| {
                        let c = Value::Builtin(Builtin::Exc(k));
                        self.mro(p, &cls).contains(&c)
                    };
                    match n {
                        "value" if is(super::ExcKind::StopIteration) => return Ok(first(false)),
                        "code" if is(super::ExcKind::SystemExit) => return Ok(first(true)),
                        "args" => return Ok(Value::Tuple(Vec::new().into())),
                        "__cause__" | "__context__" => return Ok(Value::None),
                        _ => {}
                    }
                }
                rt(format!(
                    "AttributeError: '{}' object has no attribute '{n}'",
                    self.class_name(p, &cls)
                ))
            }
            Value::Class(_) | Value::Builtin(_) => {
                match n {
                    "__name__" | "__qualname__" => {
                        return Ok(Value::Str(self.class_name(p, o).into()))
                    }
                    "__mro__" => return Ok(Value::Tuple(self.mro(p, o).into())),
                    "__bases__" => {
                        let bases = match o {
                            Value::Class(id) => match self.mems[p].heap.get(*id as usize) {
                                Some(HeapObj::Class(k)) => k.bases.clone(),
                                _ => vec![],
                            },
                            _ => self.mro(p, o).into_iter().skip(1).take(1).collect(),
                        };
                        return Ok(Value::Tuple(bases.into()));
                    }
                    _ => {}
                }
                match self.lookup_from(p, o, n, 0) {
                    Some(v) => Ok(v),
                    None => rt(format!(
                        "AttributeError: type object '{}' has no attribute '{n}'",
                        self.class_name(p, o)
                    )),
                }
            }
            Value::Super(s) => {
                let (start, obj) = (&s.0, &s.1);
                let cls = self.type_of(p, obj).unwrap_or(Value::None);
                let mro = self.mro(p, &cls);
                let skip = mro
                    .iter()
                    .position(|k| k == start)
                    .map_or(mro.len(), |i| i + 1);
                match self.lookup_from(p, &cls, n, skip) {
                    Some(v) => self.bind_attr(p, obj, v),
                    None => rt(format!(
                        "AttributeError: 'super' object has no attribute '{n}'"
                    )),
                }
            }
            Value::Bound(b) => match n {
                "__self__" => Ok(b.0.clone()),
                "__func__" => Ok(b.1.clone()),
                "__name__" => Ok(Value::Str(
                    match &b.1 {
                        Value::Func(c) => self.func_name(*c),
                        _ => "__init__".into(),
                    }
                    .into(),
                )),
                _ => rt(format!(
                    "AttributeError: 'method' object has no attribute '{n}'"
                )),
            },
            _ => self.get_attr(o, n),
        }
    }

    /// `o.n = v` for instances and classes.
    pub(super) fn store_obj_attr(&mut self, tid: u32, o: &Value, n: &str, v: Value) -> R<()> {
        let p = self.proc(tid);
        match o {
            Value::Instance(_) => self.set_attr_raw(tid, o, n, v),
            Value::Class(id) => {
                self.charge(48)?;
                if let Some(HeapObj::Class(k)) = self.mems[p].heap.get_mut(*id as usize) {
                    match k.attrs.iter_mut().find(|(a, _)| &**a == n) {
                        Some(slot) => slot.1 = v,
                        None => k.attrs.push((n.into(), v)),
                    }
                }
                Ok(())
            }
            Value::Builtin(b) => rt(format!(
                "TypeError: cannot set '{n}' attribute of immutable type '{}'",
                builtin_class_name(*b).unwrap_or("?")
            )),
            _ => rt(format!(
                "AttributeError: '{}' object has no attribute '{n}'",
                type_name(o)
            )),
        }
    }
}
