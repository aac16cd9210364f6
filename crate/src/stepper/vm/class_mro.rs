//! Classes themselves: `type(v)`, the method resolution order (C3, as CPython's `__mro__`),
//! class names, lookup along the MRO, and the `class` statement (`BUILD_CLASS`, whose body
//! runs as a call-back, and `RETURN_LOCALS`, which hands its namespace back).

use super::super::value::{Builtin, ClassObj, HeapObj, Value};
use super::classes::class_name_in;
use super::*;
use std::rc::Rc;

impl Machine {
    /// The class of any value, as `type(v)` (None for values the subset has no class for).
    pub(super) fn type_of(&self, p: usize, v: &Value) -> Option<Value> {
        use Builtin as B;
        // collections: deques, Counters, … and dicts
        if let Some(c) = super::collections::coll_type(&self.mems[p].heap, v) {
            return Some(c);
        }
        Some(match v {
            Value::Instance(id) => match self.mems[p].heap.get(*id as usize) {
                Some(HeapObj::Instance { class, .. }) => class.clone(),
                _ => return None,
            },
            Value::Int(_) => Value::Builtin(B::Int),
            Value::Bool(_) => Value::Builtin(B::Bool),
            Value::Str(_) => Value::Builtin(B::Str),
            Value::List(_) => Value::Builtin(B::List),
            Value::Tuple(_) => Value::Builtin(B::Tuple),
            Value::Range(..) => Value::Builtin(B::Range),
            Value::ThreadObj(t) if self.tobjs[*t as usize].is_process => Value::Builtin(B::Process),
            Value::ThreadObj(_) => Value::Builtin(B::Thread),
            Value::Class(_) => Value::Builtin(B::Type),
            Value::Builtin(b) if builtin_class_name(*b).is_some() => Value::Builtin(B::Type),
            _ => return None,
        })
    }

    /// Class `c`'s method resolution order, `c` first (`__mro__`).
    pub(super) fn mro(&self, p: usize, c: &Value) -> Vec<Value> {
        use Builtin as B;
        match c {
            Value::Class(id) => match self.mems[p].heap.get(*id as usize) {
                Some(HeapObj::Class(k)) => {
                    let mut out = vec![c.clone()];
                    out.extend(k.mro.iter().cloned());
                    out
                }
                _ => vec![],
            },
            Value::Builtin(B::Exc(k)) => {
                let mut out = vec![];
                let mut x = Some(*k);
                while let Some(e) = x {
                    out.push(Value::Builtin(B::Exc(e)));
                    x = e.parent();
                }
                out.push(Value::Builtin(B::Object));
                out
            }
            Value::Builtin(B::Object) => vec![c.clone()],
            // collections
            Value::Builtin(B::Coll(_)) => super::collections::coll_mro(c).unwrap_or_default(),
            Value::Builtin(B::Bool) => {
                vec![c.clone(), Value::Builtin(B::Int), Value::Builtin(B::Object)]
            }
            Value::Builtin(b) if builtin_class_name(*b).is_some() => {
                vec![c.clone(), Value::Builtin(B::Object)]
            }
            _ => vec![],
        }
    }

    pub(super) fn class_name(&self, p: usize, c: &Value) -> String {
        class_name_in(&self.mems[p].heap, c)
    }

    pub(super) fn is_class(&self, p: usize, c: &Value) -> bool {
        !self.mro(p, c).is_empty()
    }

    /// Attribute `n` of class `k` itself (not its bases).
    pub(super) fn own_attr(&self, p: usize, k: &Value, n: &str) -> Option<Value> {
        use Builtin as B;
        match k {
            Value::Class(id) => match self.mems[p].heap.get(*id as usize) {
                Some(HeapObj::Class(c)) => c
                    .attrs
                    .iter()
                    .find(|(a, _)| &**a == n)
                    .map(|(_, v)| v.clone()),
                _ => None,
            },
            Value::Builtin(b) => Some(match (b, n) {
                (B::Thread, "__init__") => Value::Builtin(B::ThreadInit),
                (B::Process, "__init__") => Value::Builtin(B::ProcessInit),
                (B::Exc(_), "__init__") => Value::Builtin(B::ExcInit),
                (B::Object, "__init__") => Value::Builtin(B::ObjectInit),
                (B::Thread | B::Process, "start" | "join" | "is_alive") => {
                    Value::Method(Rc::new((Value::Builtin(*b), Rc::from(n))))
                }
                _ => return None,
            }),
            _ => None,
        }
    }

    /// Looks `n` up along class `c`'s MRO, from position `skip` on.
    pub(super) fn lookup_from(&self, p: usize, c: &Value, n: &str, skip: usize) -> Option<Value> {
        self.mro(p, c)
            .iter()
            .skip(skip)
            .find_map(|k| self.own_attr(p, k, n))
    }

    /// C3 linearization of a new class with these bases (its MRO after itself).
    pub(super) fn c3(&self, p: usize, bases: &[Value]) -> R<Vec<Value>> {
        let mut seqs: Vec<Vec<Value>> = bases.iter().map(|b| self.mro(p, b)).collect();
        seqs.push(bases.to_vec());
        let mut out = vec![];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let head = seqs
                .iter()
                .map(|s| &s[0])
                .find(|h| !seqs.iter().any(|s| s[1..].contains(h)))
                .cloned();
            let Some(h) = head else {
                let names: Vec<String> = bases.iter().map(|b| self.class_name(p, b)).collect();
                return rt(format!(
                    "TypeError: Cannot create a consistent method resolution order (MRO) for bases {}",
                    names.join(", ")
                ));
            };
            for s in &mut seqs {
                if s[0] == h {
                    s.remove(0);
                }
            }
            out.push(h);
        }
    }

    /// `BUILD_CLASS name n`: runs the body (a call-back) and makes the class from its namespace.
    pub(super) fn exec_build_class(&mut self, tid: u32, name: &str, nb: u32) -> R<()> {
        let p = self.proc(tid);
        let len = self.frame(tid).stack.len();
        let nb = nb as usize;
        let body = self.frame(tid).stack[len - nb - 1].clone();
        let bases: Vec<Value> = self.frame(tid).stack[len - nb..].to_vec();
        for b in &bases {
            let ok = match b {
                Value::Class(_) => true,
                Value::Builtin(x) => matches!(
                    x,
                    Builtin::Object | Builtin::Exc(_) | Builtin::Thread | Builtin::Process
                ),
                _ => false,
            };
            if !ok {
                return rt(match b {
                    Value::Builtin(x) if builtin_class_name(*x).is_some() => format!(
                        "TypeError: subclassing '{}' is not supported in ThreadLab's subset",
                        builtin_class_name(*x).unwrap_or("")
                    ),
                    _ => format!(
                        "TypeError: a class's bases must be classes, not '{}'",
                        type_name(b)
                    ),
                });
            }
        }
        for (i, b) in bases.iter().enumerate() {
            if bases[..i].contains(b) {
                return rt(format!(
                    "TypeError: duplicate base class {}",
                    self.class_name(p, b)
                ));
            }
        }
        let ns = self.call_back(tid, body, vec![])?;
        let mut mro = self.c3(p, &bases)?;
        if mro.is_empty() {
            mro.push(Value::Builtin(Builtin::Object));
        }
        let attrs: Vec<(Rc<str>, Value)> = match ns {
            Value::Tuple(xs) => xs
                .iter()
                .filter_map(|x| match x {
                    Value::Tuple(kv) if kv.len() == 2 => match &kv[0] {
                        Value::Str(k) => Some((k.clone(), kv[1].clone())),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        self.charge(limits::dict_bytes(attrs.len()) + 400)?;
        let id = self.alloc(
            tid,
            HeapObj::Class(Box::new(ClassObj {
                name: name.into(),
                bases: bases.clone(),
                mro,
                attrs,
            })),
        )?;
        let f = self.frame(tid);
        f.stack.truncate(len - nb - 1);
        f.stack.push(Value::Class(id));
        Ok(())
    }

    /// `RETURN_LOCALS`: a class body returns its bound locals as ((name, value), …).
    pub(super) fn exec_return_locals(&mut self, tid: u32) -> R<()> {
        let f = self.frame(tid);
        let code = f.code;
        let locals = f.locals.clone();
        let prog = self.prog.clone();
        let names = &prog.codes[code as usize].varnames;
        let pairs: Vec<Value> = names
            .iter()
            .zip(locals)
            .filter_map(|(n, v)| v.map(|v| Value::Tuple(vec![Value::Str(n.clone()), v].into())))
            .collect();
        let ns = self.new_tuple(pairs)?;
        self.ret(tid, ns);
        Ok(())
    }

    // ------------------------------------------------------------ instances and attributes
}
