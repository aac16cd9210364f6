//! The built-in functions (`print`, `len`, `range`, `sorted`, …) and the names of the ones
//! outside the subset.

use super::super::syntax::ast::CmpOp;
use super::super::value::{range_len, truthy, Builtin, Fmt, HeapObj, Value};
use super::*;
use std::rc::Rc;

pub(super) const PY_BUILTINS: &[&str] = &[
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "map",
    "filter",
    "any",
    "all",
    "input",
    "open",
    "repr",
    "type",
    "isinstance",
    "float",
    "set",
    "dict",
    "tuple",
    "round",
    "divmod",
    "pow",
    "hash",
    "id",
    "iter",
    "next",
    "chr",
    "ord",
    "hex",
    "bin",
    "format",
    "super",
    "object",
    "getattr",
    "setattr",
    "hasattr",
    "vars",
    "dir",
    "globals",
    "locals",
    "exec",
    "eval",
    "compile",
    "callable",
    "frozenset",
    "bytes",
    "bytearray",
    "slice",
    "property",
    "staticmethod",
    "classmethod",
    "issubclass",
    "exit",
    "quit",
    "help",
];

pub(super) fn builtin_named(n: &str) -> Option<Builtin> {
    Some(match n {
        "print" => Builtin::Print,
        "range" => Builtin::Range,
        "len" => Builtin::Len,
        "str" => Builtin::Str,
        "int" => Builtin::Int,
        "bool" => Builtin::Bool,
        "abs" => Builtin::Abs,
        "min" => Builtin::Min,
        "max" => Builtin::Max,
        "sum" => Builtin::Sum,
        "list" => Builtin::List,
        "sorted" => Builtin::Sorted,
        "reversed" => Builtin::Reversed,
        "any" => Builtin::Any,
        "all" => Builtin::All,
        "repr" => Builtin::Repr,
        "tuple" => Builtin::Tuple,
        "enumerate" => Builtin::Enumerate,
        "zip" => Builtin::Zip,
        // classes and exceptions
        "object" => Builtin::Object,
        "isinstance" => Builtin::Isinstance,
        "issubclass" => Builtin::Issubclass,
        "type" => Builtin::Type,
        "hasattr" => Builtin::Hasattr,
        "getattr" => Builtin::Getattr,
        "setattr" => Builtin::Setattr,
        "super" => Builtin::Super,
        // functions
        "next" => Builtin::Next,
        "set" => Builtin::Set,
        "map" => Builtin::Map,
        "filter" => Builtin::Filter,
        // numbers
        n => {
            return float::builtin_named_num(n)
                .or_else(|| exceptions::ExcKind::from_name(n).map(Builtin::Exc))
                .or_else(|| collections::builtin_named(n)); // collections
        }
    })
}

/// Checks the number of positional arguments.
pub(super) fn nargs(args: &[Value], lo: usize, hi: usize, name: &str) -> R<()> {
    if args.len() < lo || args.len() > hi {
        return rt(format!(
            "TypeError: {name}() takes {lo}..{hi} arguments ({} given)",
            args.len()
        ));
    }
    Ok(())
}

/// An int (or bool) argument.
pub(super) fn int_arg(v: &Value, what: &str) -> R<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => rt(format!(
            "TypeError: {what} expects an integer, not '{}'",
            type_name(v)
        )),
    }
}

impl Machine {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call_builtin(
        &mut self,
        tid: u32,
        b: Builtin,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
        no_kw: &dyn Fn(&str) -> R<()>,
        p: u32,
    ) -> R<Done> {
        use Builtin as B;
        let nargs = |lo: usize, hi: usize, name: &str| -> R<()> {
            if args.len() < lo || args.len() > hi {
                return rt(format!(
                    "TypeError: {name}() takes {lo}..{hi} arguments ({} given)",
                    args.len()
                ));
            }
            Ok(())
        };
        let int_arg = |v: &Value, what: &str| -> R<i64> {
            match v {
                Value::Int(i) => Ok(*i),
                Value::Bool(b) => Ok(*b as i64),
                _ => rt(format!(
                    "TypeError: {what} expects an integer, not '{}'",
                    type_name(v)
                )),
            }
        };
        let v = match b {
            B::Print => {
                for (k, _) in &kw {
                    // numbers: file= and flush=
                    if !matches!(&**k, "sep" | "end" | "file" | "flush") {
                        return rt(format!(
                            "TypeError: print() got an unexpected keyword argument '{k}'"
                        ));
                    }
                }
                let stream = self.print_stream(kwarg("file"))?;
                let strarg = |k: &str, d: &str| -> R<String> {
                    match kwarg(k) {
                        None | Some(Value::None) => Ok(d.to_string()),
                        Some(Value::Str(s)) => Ok(s.to_string()),
                        Some(v) => rt(format!(
                            "TypeError: {k} must be None or a string, not {}",
                            type_name(&v)
                        )),
                    }
                };
                let sep = strarg("sep", " ")?;
                let end = strarg("end", "\n")?;
                let objs = self.str_objects(tid, &args)?; // classes and exceptions: __str__
                let fmt_names = |f: u32| self.func_name(f);
                let mut parts = vec![];
                for (i, a) in args.iter().enumerate() {
                    if let Some(t) = &objs[i] {
                        parts.push(t.clone());
                        continue;
                    }
                    parts.push(match a {
                        Value::Sync(_) | Value::ThreadObj(_) => self.repr(p, a),
                        _ => Fmt {
                            heap: &self.mems[p as usize].heap,
                            func_name: &fmt_names,
                        }
                        .str(a),
                    });
                }
                let text = parts.join(&sep) + &end;
                self.emit(tid, text, stream)?;
                Value::None
            }
            B::Range => {
                no_kw("range")?;
                nargs(1, 3, "range")?;
                let xs: Vec<i64> = args
                    .iter()
                    .map(|a| int_arg(a, "range()"))
                    .collect::<R<_>>()?;
                match xs.len() {
                    1 => Value::Range(0, xs[0], 1),
                    2 => Value::Range(xs[0], xs[1], 1),
                    _ => {
                        if xs[2] == 0 {
                            return rt("ValueError: range() arg 3 must not be zero");
                        }
                        Value::Range(xs[0], xs[1], xs[2])
                    }
                }
            }
            B::Len => {
                no_kw("len")?;
                nargs(1, 1, "len")?;
                if let Value::Instance(_) = &args[0] {
                    return Ok(Done::Value(self.obj_len(tid, &args[0])?)); // classes: __len__
                }
                if let Some(xs) = self.mp_array_items(&args[0]) {
                    return Ok(Done::Value(Value::Int(xs.len() as i64))); // multiprocessing
                }
                let heap = &self.mems[p as usize].heap;
                Value::Int(match &args[0] {
                    Value::Str(s) => s.chars().count() as i64,
                    Value::List(id) => list_items(heap, *id).len() as i64,
                    Value::Dict(id) => match &heap[*id as usize] {
                        HeapObj::Dict(kv) => kv.len() as i64,
                        _ => 0,
                    },
                    Value::Tuple(t) => t.len() as i64,
                    Value::Range(a, b, s) => range_len(*a, *b, *s),
                    // functions
                    Value::Set(id) => self.set_len(tid, *id) as i64,
                    v => {
                        return rt(format!(
                            "TypeError: object of type '{}' has no len()",
                            type_name(v)
                        ))
                    }
                })
            }
            B::Str => {
                no_kw("str")?;
                nargs(0, 1, "str")?;
                match args.first() {
                    None => Value::Str("".into()),
                    // classes and exceptions: __str__
                    Some(a) if classes::has_objects(&self.mems[p as usize].heap, a) => {
                        let t = self.py_str(tid, a)?;
                        self.new_str(t)?
                    }
                    Some(a) => {
                        let names = |f: u32| self.func_name(f);
                        let text = Fmt {
                            heap: &self.mems[p as usize].heap,
                            func_name: &names,
                        }
                        .str(a);
                        self.new_str(text)?
                    }
                }
            }
            B::Int => self.int_builtin(&args, kwarg)?,
            B::Bool => {
                nargs(0, 1, "bool")?;
                Value::Bool(
                    args.first()
                        .is_some_and(|a| truthy(a, &self.mems[p as usize].heap)),
                )
            }
            // numbers
            B::Abs => self.call_num_builtin(tid, b, &args, kwarg)?,
            B::Sum => {
                no_kw_but("sum", &kw, &["start"])?;
                self.sum_builtin(tid, &args, kwarg)?
            }
            B::Min | B::Max => {
                no_kw("min/max/sum")?;
                let items = if args.len() == 1 {
                    self.iter_items(tid, &args[0])?
                } else {
                    args.clone()
                };
                if b == B::Sum {
                    if args.len() != 1 {
                        return rt("TypeError: ThreadLab's sum() takes exactly one iterable");
                    }
                    let mut s = 0i64;
                    for x in &items {
                        s = s.checked_add(int_arg(x, "sum()")?).ok_or_else(overflow)?;
                    }
                    Value::Int(s)
                } else {
                    if items.is_empty() {
                        return rt("ValueError: arg is an empty sequence");
                    }
                    let mut best = items[0].clone();
                    for x in &items[1..] {
                        let better = if b == B::Min {
                            self.compare(tid, CmpOp::Lt, x, &best)?
                        } else {
                            self.compare(tid, CmpOp::Gt, x, &best)?
                        };
                        if better {
                            best = x.clone();
                        }
                    }
                    best
                }
            }
            B::List => {
                nargs(0, 1, "list")?;
                let items = match args.first() {
                    None => vec![],
                    Some(a) => self.iter_items(tid, a)?,
                };
                Value::List(self.alloc(tid, HeapObj::List(items))?)
            }
            B::Sorted | B::Reversed => {
                nargs(1, 1, "sorted")?;
                let mut items = self.iter_items(tid, &args[0])?;
                if b == B::Sorted {
                    for (k, _) in &kw {
                        if &**k != "reverse" {
                            return rt(format!(
                                "TypeError: ThreadLab's sorted() takes only reverse=, not '{k}'"
                            ));
                        }
                    }
                    let heap = &self.mems[p as usize].heap;
                    let mut bad = false;
                    items.sort_by(|x, y| {
                        py_cmp(x, y).unwrap_or_else(|| {
                            bad = true;
                            std::cmp::Ordering::Equal
                        })
                    });
                    if bad {
                        return rt("TypeError: '<' not supported between these values (ThreadLab sorts ints, strings and tuples of them)");
                    }
                    if kwarg("reverse").is_some_and(|r| truthy(&r, heap)) {
                        items.reverse();
                    }
                } else {
                    no_kw("reversed")?;
                    items.reverse();
                }
                Value::List(self.alloc(tid, HeapObj::List(items))?)
            }
            B::Any | B::All => {
                nargs(1, 1, "any/all")?;
                let items = self.iter_items(tid, &args[0])?;
                let heap = &self.mems[p as usize].heap;
                Value::Bool(if b == B::Any {
                    items.iter().any(|x| truthy(x, heap))
                } else {
                    items.iter().all(|x| truthy(x, heap))
                })
            }
            B::Repr => {
                nargs(1, 1, "repr")?;
                let text = match classes::has_objects(&self.mems[p as usize].heap, &args[0]) {
                    true => self.py_repr(tid, &args[0])?, // classes and exceptions: __repr__
                    false => self.repr(p, &args[0]),
                };
                self.new_str(text)?
            }
            B::Tuple => {
                nargs(0, 1, "tuple")?;
                match args.first() {
                    None => Value::Tuple(Vec::new().into()),
                    Some(a) => {
                        let items = self.iter_items(tid, a)?;
                        self.new_tuple(items)?
                    }
                }
            }
            B::Enumerate => {
                nargs(1, 2, "enumerate")?;
                let start = match args.get(1).cloned().or_else(|| kwarg("start")) {
                    None => 0,
                    Some(v) => int_arg(&v, "enumerate()")?,
                };
                let items = self.iter_items(tid, &args[0])?;
                let mut pairs = vec![];
                for (i, x) in items.into_iter().enumerate() {
                    let k = start.checked_add(i as i64).ok_or_else(overflow)?;
                    pairs.push(Value::Tuple(vec![Value::Int(k), x].into()));
                    self.charge(limits::tuple_bytes(2))?;
                }
                Value::List(self.alloc(tid, HeapObj::List(pairs))?)
            }
            B::Zip => {
                no_kw("zip")?;
                let mut cols = vec![];
                for a in &args {
                    cols.push(self.iter_items(tid, a)?);
                }
                let n = cols.iter().map(|c| c.len()).min().unwrap_or(0);
                self.charge(n as u64 * limits::tuple_bytes(cols.len()))?;
                let rows: Vec<Value> = (0..n)
                    .map(|i| Value::Tuple(cols.iter().map(|c| c[i].clone()).collect()))
                    .collect();
                Value::List(self.alloc(tid, HeapObj::List(rows))?)
            }
            B::Thread | B::Process => {
                let v = self.make_thread_obj(b, &args, &kw, kwarg, p)?;
                // clock
                self.thread_info_new(tid, b, &v, kwarg)?;
                v
            }
            B::Lock
            | B::MpLock
            | B::AsyncLock
            | B::RLock
            | B::Semaphore
            | B::Condition
            | B::Event
            | B::Queue
            | B::MpQueue
            | B::AsyncQueue
            | B::MpValue => self.make_sync(b, &args, kwarg)?,
            B::AsyncRun | B::AsyncCreateTask | B::AsyncSleep | B::AsyncGather => {
                return self.call_async_builtin(tid, b, &args, no_kw)
            }
            // functions
            B::Next | B::Set | B::Map | B::Filter | B::Reduce | B::LibFail | B::LibIsGen => {
                return self.call_fn_builtin(tid, b, args)
            }
            // numbers
            B::Float | B::Round | B::Divmod | B::Pow | B::Format | B::Hash | B::Chr | B::Ord => {
                self.call_num_builtin(tid, b, &args, kwarg)?
            }
            B::Math(i) => self.call_math(tid, i, &args, kwarg)?,
            B::Sys(i) => return self.call_sys(tid, i, &args),
            B::Stream(_) => return rt("TypeError: '_io.TextIOWrapper' object is not callable"),
            B::TimeSleep => return self.time_sleep(tid, &args),
            // clock
            B::Lib(f) => return self.call_lib(tid, f, args, kwarg),
            B::Aio(f) => return self.call_aio(tid, f, args, kwarg), // asyncio
            // stdlib
            B::LibInstNew | B::LibInstAttrs | B::LibKind => {
                self.call_stdlib_native(tid, b, &args)?
            }
            B::Py(_) => return rt("internal error: a prelude function called natively"),
            // classes and exceptions
            B::Object
            | B::Isinstance
            | B::Issubclass
            | B::Type
            | B::Hasattr
            | B::Getattr
            | B::Setattr
            | B::Super
            | B::Exc(_)
            | B::ThreadInit
            | B::ProcessInit
            | B::ExcInit
            | B::ObjectInit => self.call_class_builtin(tid, b, &args, &kw)?,
            // collections (answered by `coll_call` before this)
            B::Coll(f) => self.coll_construct(tid, f, &args, &kw)?,
        };
        Ok(Done::Value(v))
    }
}

/// Refuses keyword arguments other than `allowed` (numbers).
fn no_kw_but(what: &str, kw: &[(Rc<str>, Value)], allowed: &[&str]) -> R<()> {
    match kw.iter().find(|(k, _)| !allowed.contains(&&**k)) {
        Some((k, _)) => rt(format!(
            "TypeError: {what}() got an unexpected keyword argument '{k}'"
        )),
        None => Ok(()),
    }
}
