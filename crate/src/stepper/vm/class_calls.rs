//! Classes, continued: calling a class (a new instance and its `__init__`), bound methods, the
//! built-in `__init__`s, and `Thread`/`Process` subclasses (what a started thread runs).

use super::super::value::{Builtin, HeapObj, Value};
use super::classes::*;
use super::exceptions::Signal;
use super::*;
use std::rc::Rc;

impl Machine {
    // ------------------------------------------------------------ calls

    /// Calling a class (a new instance, `__init__` run) or a bound method.
    pub(super) fn call_object(
        &mut self,
        tid: u32,
        callee: Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
        nops: usize,
    ) -> R<Done> {
        match callee {
            Value::Bound(b) => {
                let mut a = vec![b.0.clone()];
                a.extend(args);
                self.call(tid, b.1.clone(), a, kw, nops)
            }
            cls @ Value::Class(_) => {
                let p = self.proc(tid);
                let inst = Value::Instance(self.alloc(
                    tid,
                    HeapObj::Instance {
                        class: cls.clone(),
                        attrs: vec![],
                    },
                )?);
                match self.lookup_from(p, &cls, "__init__", 0) {
                    Some(f @ Value::Func(_)) => {
                        let mut a = vec![inst.clone()];
                        a.extend(args);
                        let d = self.call(tid, f, a, kw, nops)?;
                        if let Done::Frame = d {
                            if let Value::Instance(id) = inst {
                                self.frame(tid).ret = Ret::Init(id);
                            }
                        }
                        Ok(d)
                    }
                    Some(Value::Builtin(b)) => {
                        self.builtin_init(tid, b, &inst, args, &kw)?;
                        Ok(Done::Value(inst))
                    }
                    _ => Ok(Done::Value(inst)),
                }
            }
            other => rt(format!(
                "TypeError: '{}' object is not callable",
                type_name(&other)
            )),
        }
    }

    /// A new instance of class `cls` with `args`, its `__init__` (if the program wrote one) run
    /// as a call-back (`raise Cls`).
    pub(super) fn instantiate_back(&mut self, tid: u32, cls: Value, args: Vec<Value>) -> R<Value> {
        let p = self.proc(tid);
        let init = self.lookup_from(p, &cls, "__init__", 0);
        if let Some(Value::Func(f)) = init {
            let k = CALLBACKS.with(|c| c.get());
            if let Some(v) = self.frame(tid).memo.get(k).cloned() {
                CALLBACKS.with(|c| c.set(k + 1));
                return Ok(v);
            }
            CALLBACKS.with(|c| c.set(k + 1));
            let inst = Value::Instance(self.alloc(
                tid,
                HeapObj::Instance {
                    class: cls,
                    attrs: vec![],
                },
            )?);
            let mut a = vec![inst.clone()];
            a.extend(args);
            self.push_frame(tid, f, a)?;
            if let Value::Instance(id) = inst {
                self.frame(tid).ret = Ret::InitMemo(id);
            }
            self.signal = Some(Signal::Called);
            return rt("");
        }
        let inst = match cls {
            Value::Builtin(Builtin::Exc(k)) => return self.new_exception(tid, k, args),
            cls => Value::Instance(self.alloc(
                tid,
                HeapObj::Instance {
                    class: cls,
                    attrs: vec![],
                },
            )?),
        };
        if let Some(Value::Builtin(b)) = init {
            self.builtin_init(tid, b, &inst, args, &[])?;
        }
        Ok(inst)
    }

    /// The built-in `__init__`s: `object`, `BaseException` (sets `args`), `Thread`/`Process`.
    pub(super) fn builtin_init(
        &mut self,
        tid: u32,
        b: Builtin,
        inst: &Value,
        args: Vec<Value>,
        kw: &[(Rc<str>, Value)],
    ) -> R<()> {
        use Builtin as B;
        let p = self.proc(tid);
        let cls = self.type_of(p, inst).unwrap_or(Value::None);
        let cname = self.class_name(p, &cls);
        match b {
            B::ObjectInit => {
                if !args.is_empty() || !kw.is_empty() {
                    return rt(format!("TypeError: {cname}() takes no arguments"));
                }
                Ok(())
            }
            B::ExcInit => {
                if let Some((k, _)) = kw.first() {
                    return rt(format!(
                        "TypeError: {cname}() takes no keyword arguments (got '{k}')"
                    ));
                }
                let t = self.new_tuple(args)?;
                self.set_attr_raw(tid, inst, "args", t)
            }
            B::ThreadInit | B::ProcessInit => {
                self.thread_init(tid, b == B::ProcessInit, inst, args, kw)
            }
            _ => rt("internal error: not an __init__"),
        }
    }

    /// `Thread.__init__(self, group=None, target=None, name=None, args=(), kwargs=None, *,
    /// daemon=None)` (and Process's): makes the instance's thread object. A subclass that
    /// overrides `run` runs it when started; otherwise `target(*args)` runs.
    pub(super) fn thread_init(
        &mut self,
        tid: u32,
        is_process: bool,
        inst: &Value,
        args: Vec<Value>,
        kw: &[(Rc<str>, Value)],
    ) -> R<()> {
        let p = self.proc(tid);
        let params = ["group", "target", "name", "args", "kwargs"];
        if args.len() > params.len() {
            return rt(format!(
                "TypeError: Thread.__init__() takes at most 6 positional arguments ({} given)",
                args.len() + 1
            ));
        }
        let mut vals: Vec<Option<Value>> = args.into_iter().map(Some).collect();
        vals.resize(params.len() + 1, None);
        for (k, v) in kw {
            match params.iter().position(|x| x == &&**k) {
                Some(i) => vals[i] = Some(v.clone()),
                None if &**k == "daemon" => vals[5] = Some(v.clone()),
                None => {
                    return rt(format!(
                        "TypeError: Thread.__init__() got an unexpected keyword argument '{k}'"
                    ))
                }
            }
        }
        let get = |i: usize| vals[i].clone().unwrap_or(Value::None);
        if !matches!(get(4), Value::None) {
            return rt("TypeError: Thread(kwargs=…) is not supported in ThreadLab's subset");
        }
        let cls = self.type_of(p, inst).unwrap_or(Value::None);
        let overrides_run = matches!(self.lookup_from(p, &cls, "run", 0), Some(Value::Func(_)));
        let target = get(1);
        let targs = match get(3) {
            Value::None => vec![],
            Value::Tuple(t) => t.to_vec(),
            Value::List(id) => list_items(&self.mems[p].heap, id),
            v => {
                return rt(format!(
                    "TypeError: args= must be a tuple, not {}",
                    type_name(&v)
                ))
            }
        };
        let (target, targs) = if overrides_run {
            (inst.clone(), vec![])
        } else {
            (target, targs)
        };
        let same = self
            .tobjs
            .iter()
            .filter(|o| o.is_process == is_process)
            .count()
            + 1;
        let name = match get(2) {
            Value::None => {
                let base = if is_process {
                    format!("Process-{same}")
                } else {
                    format!("Thread-{same}")
                };
                match &target {
                    Value::Func(f) if !is_process => format!("{base} ({})", self.func_name(*f)),
                    _ => base,
                }
            }
            v => self.fmt(p as u32).str(&v),
        };
        let daemon = !matches!(get(5), Value::None | Value::Bool(false));
        self.tobjs.push(TObj {
            target,
            args: targs,
            is_process,
            tid: None,
        });
        let t = Value::ThreadObj((self.tobjs.len() - 1) as u32);
        self.set_attr_raw(tid, inst, THREAD_ATTR, t)?;
        let name = self.new_str(name)?;
        self.set_attr_raw(tid, inst, "name", name)?;
        self.set_attr_raw(tid, inst, "daemon", Value::Bool(daemon))
    }

    /// What a started thread runs for thread object `t`: a function and its arguments (a
    /// subclass's `run(self)`, a bound method's function with its `self`, or the target).
    pub(super) fn thread_entry(&self, p: usize, t: &TObj) -> Option<(u32, Vec<Value>)> {
        match &t.target {
            Value::Func(f) => Some((*f, t.args.clone())),
            Value::Bound(b) => match &b.1 {
                Value::Func(f) => {
                    let mut a = vec![b.0.clone()];
                    a.extend(t.args.iter().cloned());
                    Some((*f, a))
                }
                _ => None,
            },
            inst @ Value::Instance(_) => {
                let cls = self.type_of(p, inst)?;
                match self.lookup_from(p, &cls, "run", 0)? {
                    Value::Func(f) => Some((f, vec![inst.clone()])),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The name a started subclass instance gives its thread (its `name` attribute).
    pub(super) fn thread_display_name(&self, p: usize, t: &TObj) -> Option<Rc<str>> {
        match &t.target {
            inst @ Value::Instance(_) => match self.attr_raw(p, inst, "name") {
                Some(Value::Str(s)) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }
}
