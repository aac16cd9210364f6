//! Classes, continued: the built-in functions about classes — `object`, `isinstance`,
//! `issubclass`, `type`, `hasattr`, `getattr`, `setattr`, `super` — and the exception classes and
//! built-in `__init__`s called directly.

use super::super::value::{Builtin, HeapObj, Value};
use super::classes::*;
use super::*;
use std::rc::Rc;

impl Machine {
    // ------------------------------------------------------------ built-in functions

    /// `object`, `isinstance`, `issubclass`, `type`, `hasattr`, `getattr`, `setattr`, `super`,
    /// the exception classes and the built-in `__init__`s called directly.
    pub(super) fn call_class_builtin(
        &mut self,
        tid: u32,
        b: Builtin,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> R<Value> {
        use Builtin as B;
        let p = self.proc(tid);
        let fname = match b {
            B::Exc(k) => k.name(),
            B::Isinstance => "isinstance",
            B::Issubclass => "issubclass",
            B::Type => "type",
            B::Hasattr => "hasattr",
            B::Getattr => "getattr",
            B::Setattr => "setattr",
            B::Super => "super",
            B::Object => "object",
            _ => "__init__",
        };
        if !matches!(
            b,
            B::Exc(_) | B::ThreadInit | B::ProcessInit | B::ObjectInit | B::ExcInit
        ) {
            if let Some((k, _)) = kw.first() {
                return rt(format!(
                    "TypeError: {fname}() takes no keyword arguments (got '{k}')"
                ));
            }
        }
        let n = |lo: usize, hi: usize| nargs(args, lo, hi, fname);
        let attr_name = |v: &Value| -> R<Rc<str>> {
            match v {
                Value::Str(s) => Ok(s.clone()),
                v => rt(format!(
                    "TypeError: attribute name must be string, not '{}'",
                    type_name(v)
                )),
            }
        };
        Ok(match b {
            B::Exc(k) => {
                if let Some((name, _)) = kw.first() {
                    return rt(format!(
                        "TypeError: {}() takes no keyword arguments (got '{name}')",
                        k.name()
                    ));
                }
                self.new_exception(tid, k, args.to_vec())?
            }
            B::Object => {
                n(0, 0)?;
                Value::Instance(self.alloc(
                    tid,
                    HeapObj::Instance {
                        class: Value::Builtin(B::Object),
                        attrs: vec![],
                    },
                )?)
            }
            B::ThreadInit | B::ProcessInit | B::ExcInit | B::ObjectInit => {
                let Some(inst @ Value::Instance(_)) = args.first().cloned() else {
                    return rt("TypeError: __init__() needs an instance as its first argument");
                };
                self.builtin_init(tid, b, &inst, args[1..].to_vec(), kw)?;
                Value::None
            }
            B::Isinstance | B::Issubclass => {
                n(2, 2)?;
                let of = if b == B::Isinstance {
                    self.type_of(p, &args[0])
                } else {
                    if !self.is_class(p, &args[0]) {
                        return rt("TypeError: issubclass() arg 1 must be a class");
                    }
                    Some(args[0].clone())
                };
                let classes: Vec<Value> = match &args[1] {
                    Value::Tuple(xs) => xs.to_vec(),
                    c => vec![c.clone()],
                };
                for c in &classes {
                    if !self.is_class(p, c) {
                        return rt(format!(
                            "TypeError: {fname}() arg 2 must be a type, a tuple of types, or a union"
                        ));
                    }
                }
                let mro = of.map(|c| self.mro(p, &c)).unwrap_or_default();
                Value::Bool(classes.iter().any(|c| mro.contains(c)))
            }
            B::Type => {
                n(1, 1)?;
                match self.type_of(p, &args[0]) {
                    Some(c) => c,
                    None => {
                        return rt(format!(
                            "TypeError: type() of a '{}' is not supported in ThreadLab's subset",
                            type_name(&args[0])
                        ))
                    }
                }
            }
            B::Hasattr => {
                n(2, 2)?;
                let a = attr_name(&args[1])?;
                let r = if is_object(&args[0]) {
                    self.load_obj_attr(tid, &args[0], &a)
                } else {
                    self.get_attr(&args[0], &a)
                };
                Value::Bool(r.is_ok())
            }
            B::Getattr => {
                n(2, 3)?;
                let a = attr_name(&args[1])?;
                let r = if is_object(&args[0]) {
                    self.load_obj_attr(tid, &args[0], &a)
                } else {
                    self.get_attr(&args[0], &a)
                };
                match (r, args.get(2)) {
                    (Ok(v), _) => v,
                    (Err(e), Some(d)) if e.msg.starts_with("AttributeError") => d.clone(),
                    (Err(e), _) => return Err(e),
                }
            }
            B::Setattr => {
                n(3, 3)?;
                let a = attr_name(&args[1])?;
                self.store_obj_attr(tid, &args[0], &a, args[2].clone())?;
                Value::None
            }
            B::Super => {
                n(0, 2)?;
                let (start, obj) = match args.len() {
                    2 => (args[0].clone(), args[1].clone()),
                    0 => {
                        let f = self.threads[tid as usize].frames.last().expect("frame");
                        let code = f.code;
                        let Some(Some(obj)) = f.locals.first().cloned() else {
                            return rt("RuntimeError: super(): no arguments");
                        };
                        let cls = self.type_of(p, &obj).unwrap_or(Value::None);
                        let owner = self.mro(p, &cls).into_iter().find(|k| match k {
                            Value::Class(id) => match self.mems[p].heap.get(*id as usize) {
                                Some(HeapObj::Class(c)) => {
                                    c.attrs.iter().any(|(_, v)| *v == Value::Func(code))
                                }
                                _ => false,
                            },
                            _ => false,
                        });
                        match owner {
                            Some(o) => (o, obj),
                            None => return rt("RuntimeError: super(): __class__ cell not found"),
                        }
                    }
                    _ => {
                        return rt(
                            "TypeError: super() takes 0 or 2 arguments in ThreadLab's subset",
                        )
                    }
                };
                Value::Super(Rc::new((start, obj)))
            }
            _ => return rt("internal error: not a class built-in"),
        })
    }
}
