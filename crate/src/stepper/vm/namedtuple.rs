//! `collections.namedtuple`: the call makes a class (a user class in the heap, based on
//! `tuple`) whose namespace holds `_fields`, the hidden [`NT_ATTR`] (the defaults) and the
//! built-in methods `_replace` / `_asdict`. An instance is an ordinary instance whose
//! attributes are its fields, in order, so `p.x` is plain attribute lookup; the places that
//! treat it as the tuple it is in CPython — indexing, iteration and unpacking, `len`, `==`
//! with tuples, `in`, `+`, its repr `Point(x=1, y=2)` — ask [`nt_values`] for its items.
//! A class statement may subclass it (`class P(namedtuple('P', 'x y')): …`).

use super::super::value::Heap;
use super::super::value::{Builtin, ClassObj, Fmt, HeapObj, Value};
use super::collections::CollFn;
use super::*;
use std::rc::Rc;

/// The hidden class attribute marking a namedtuple class; it holds the defaults (a tuple).
pub const NT_ATTR: &str = " namedtuple";

/// The namedtuple class in the MRO of class `c`, if any (its `_fields`, its defaults).
/// A namedtuple class's `_fields` and defaults.
type NtInfo = (Rc<[Value]>, Rc<[Value]>);

fn nt_class(heap: &Heap, c: &Value) -> Option<NtInfo> {
    let Value::Class(id) = c else { return None };
    let Some(HeapObj::Class(k)) = heap.get(*id as usize) else {
        return None;
    };
    for cls in std::iter::once(c).chain(k.mro.iter()) {
        let Value::Class(i) = cls else { continue };
        let Some(HeapObj::Class(k)) = heap.get(*i as usize) else {
            continue;
        };
        let attr = |n: &str| k.attrs.iter().find(|(a, _)| &**a == n).map(|x| x.1.clone());
        if let (Some(Value::Tuple(d)), Some(Value::Tuple(f))) = (attr(NT_ATTR), attr("_fields")) {
            return Some((f, d));
        }
    }
    None
}

/// A namedtuple instance's items, in field order (None: not a namedtuple instance).
pub fn nt_values(heap: &Heap, v: &Value) -> Option<Vec<Value>> {
    let Value::Instance(id) = v else { return None };
    let Some(HeapObj::Instance { class, attrs }) = heap.get(*id as usize) else {
        return None;
    };
    let (fields, _) = nt_class(heap, class)?;
    Some(
        fields
            .iter()
            .map(|f| {
                let Value::Str(f) = f else { return Value::None };
                attrs
                    .iter()
                    .find(|(a, _)| a == f)
                    .map_or(Value::None, |x| x.1.clone())
            })
            .collect(),
    )
}

/// `v` as a tuple if it is a namedtuple instance, else `v` itself.
pub fn as_tuple(heap: &Heap, v: &Value) -> Value {
    match nt_values(heap, v) {
        Some(xs) => Value::Tuple(xs.into()),
        None => v.clone(),
    }
}

/// `Point(x=1, y=2)` (None: not a namedtuple instance).
pub fn nt_repr(f: &Fmt, v: &Value, rec: &dyn Fn(&Value) -> String) -> Option<String> {
    let Value::Instance(id) = v else { return None };
    let Some(HeapObj::Instance { class, .. }) = f.heap.get(*id as usize) else {
        return None;
    };
    let (fields, _) = nt_class(f.heap, class)?;
    let values = nt_values(f.heap, v)?;
    let parts: Vec<String> = fields
        .iter()
        .zip(values.iter())
        .map(|(k, x)| match k {
            Value::Str(k) => format!("{k}={}", rec(x)),
            _ => rec(x),
        })
        .collect();
    Some(format!(
        "{}({})",
        super::classes::class_name_in(f.heap, class),
        parts.join(", ")
    ))
}

fn is_ident(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_')
}

impl Machine {
    /// `namedtuple(typename, field_names, *, defaults=None)`: a new class.
    pub(super) fn make_namedtuple(
        &mut self,
        tid: u32,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Value> {
        let kwarg = |k: &str| kw.iter().find(|(n, _)| &**n == k).map(|x| x.1.clone());
        for (k, _) in kw {
            if !matches!(
                &**k,
                "typename" | "field_names" | "defaults" | "rename" | "module"
            ) {
                return rt(format!(
                    "TypeError: namedtuple() got an unexpected keyword argument '{k}'"
                ));
            }
        }
        let (Some(Value::Str(name)), Some(spec)) = (
            args.first().cloned().or_else(|| kwarg("typename")),
            args.get(1).cloned().or_else(|| kwarg("field_names")),
        ) else {
            return rt(
                "TypeError: namedtuple() missing required arguments 'typename' and 'field_names'",
            );
        };
        let names: Vec<Rc<str>> = match &spec {
            Value::Str(s) => s
                .replace(',', " ")
                .split_whitespace()
                .map(Rc::from)
                .collect(),
            other => {
                let mut out = vec![];
                for x in self.iter_items(tid, other)? {
                    match x {
                        Value::Str(s) => out.push(s),
                        x => {
                            return rt(format!(
                                "TypeError: Type names and field names must be strings, not {}",
                                type_name(&x)
                            ))
                        }
                    }
                }
                out
            }
        };
        for n in std::iter::once(&name).chain(names.iter()) {
            if !is_ident(n) {
                return rt(format!(
                    "ValueError: Type names and field names must be valid identifiers: '{n}'"
                ));
            }
        }
        for (i, n) in names.iter().enumerate() {
            if n.starts_with('_') {
                return rt(format!(
                    "ValueError: Field names cannot start with an underscore: '{n}'"
                ));
            }
            if names[..i].contains(n) {
                return rt(format!(
                    "ValueError: Encountered duplicate field name: '{n}'"
                ));
            }
        }
        let defaults = match kwarg("defaults") {
            None | Some(Value::None) => vec![],
            Some(d) => self.iter_items(tid, &d)?,
        };
        if defaults.len() > names.len() {
            return rt("TypeError: Got more default values than field names");
        }
        let fields: Vec<Value> = names.iter().map(|n| Value::Str(n.clone())).collect();
        let coll = |f| Value::Builtin(Builtin::Coll(f));
        self.charge(limits::dict_bytes(4) + 64)?;
        let cls = ClassObj {
            name: name.clone(),
            bases: vec![Value::Builtin(Builtin::Tuple)],
            mro: vec![
                Value::Builtin(Builtin::Tuple),
                Value::Builtin(Builtin::Object),
            ],
            attrs: vec![
                (Rc::from("_fields"), Value::Tuple(fields.into())),
                (Rc::from(NT_ATTR), Value::Tuple(defaults.into())),
                (Rc::from("_replace"), coll(CollFn::NtReplace)),
                (Rc::from("_asdict"), coll(CollFn::NtAsdict)),
            ],
        };
        let id = self.alloc(tid, HeapObj::Class(Box::new(cls)))?;
        Ok(Value::Class(id))
    }

    /// `Point(1, y=2)` for a namedtuple class (None: `cls` is not one).
    pub(super) fn nt_construct(
        &mut self,
        tid: u32,
        cls: &Value,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Option<Value>> {
        let p = self.proc(tid);
        let Some((fields, defaults)) = nt_class(&self.mems[p].heap, cls) else {
            return Ok(None);
        };
        let name = self.class_name(p, cls);
        let n = fields.len();
        if args.len() > n {
            return rt(format!(
                "TypeError: {name}.__new__() takes {} positional arguments but {} were given",
                n + 1,
                args.len() + 1
            ));
        }
        let mut slots: Vec<Option<Value>> = args.iter().cloned().map(Some).collect();
        slots.resize(n, None);
        for (k, v) in kw {
            match fields
                .iter()
                .position(|f| matches!(f, Value::Str(s) if s == k))
            {
                Some(i) if slots[i].is_none() => slots[i] = Some(v.clone()),
                Some(_) => {
                    return rt(format!(
                        "TypeError: {name}.__new__() got multiple values for argument '{k}'"
                    ))
                }
                None => {
                    return rt(format!(
                        "TypeError: {name}.__new__() got an unexpected keyword argument '{k}'"
                    ))
                }
            }
        }
        let first_default = n - defaults.len();
        for (i, s) in slots.iter_mut().enumerate() {
            if s.is_none() && i >= first_default {
                *s = Some(defaults[i - first_default].clone());
            }
        }
        let missing: Vec<String> = fields
            .iter()
            .zip(slots.iter())
            .filter(|(_, s)| s.is_none())
            .map(|(f, _)| format!("'{}'", self.fmt(p as u32).str(f)))
            .collect();
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing[0].clone(),
                k => format!("{} and {}", missing[..k - 1].join(", "), missing[k - 1]),
            };
            return rt(format!(
                "TypeError: {name}.__new__() missing {} required positional argument{}: {list}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" }
            ));
        }
        let attrs = fields
            .iter()
            .zip(slots)
            .map(|(f, v)| match f {
                Value::Str(s) => (s.clone(), v.unwrap_or(Value::None)),
                _ => (Rc::from("?"), Value::None),
            })
            .collect();
        let id = self.alloc(
            tid,
            HeapObj::Instance {
                class: cls.clone(),
                attrs,
            },
        )?;
        Ok(Some(Value::Instance(id)))
    }

    /// `p._replace(**kw)` / `p._asdict()`.
    pub(super) fn nt_method(
        &mut self,
        tid: u32,
        f: CollFn,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Value> {
        let p = self.proc(tid);
        let Some(inst) = args.first() else {
            return rt("TypeError: a namedtuple method needs its instance");
        };
        let Some(values) = nt_values(&self.mems[p].heap, inst) else {
            return rt("TypeError: a namedtuple method needs its instance");
        };
        let cls = self.type_of(p, inst).unwrap_or(Value::None);
        let Some((fields, _)) = nt_class(&self.mems[p].heap, &cls) else {
            return rt("TypeError: a namedtuple method needs its instance");
        };
        if args.len() > 1 {
            return rt(format!(
                "TypeError: {}() takes 1 positional argument but {} were given",
                if f == CollFn::NtReplace {
                    "_replace"
                } else {
                    "_asdict"
                },
                args.len()
            ));
        }
        match f {
            CollFn::NtReplace => {
                let mut vals = values;
                for (k, v) in kw {
                    match fields
                        .iter()
                        .position(|x| matches!(x, Value::Str(s) if s == k))
                    {
                        Some(i) => vals[i] = v.clone(),
                        None => {
                            return rt(format!("ValueError: Got unexpected field names: ['{k}']"))
                        }
                    }
                }
                self.nt_construct(tid, &cls, &vals, &[])
                    .map(|v| v.unwrap_or(Value::None))
            }
            _ => {
                let kv = fields.iter().cloned().zip(values).collect();
                Ok(Value::Dict(self.alloc(tid, HeapObj::Dict(kv))?))
            }
        }
    }
}
