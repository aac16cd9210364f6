//! Classes: `class` statements (the body runs as a call-back whose locals become the class
//! namespace), instances in the process heap, attribute lookup along CPython's C3 method
//! resolution order, bound methods, `super()`, `isinstance`/`type`/`getattr`…, `__str__` and
//! `__repr__` called back from `print`/`str`/`repr`/f-strings, and subclasses of
//! `threading.Thread` / `multiprocessing.Process` whose `run()` a started thread runs.
//!
//! Built-in classes (`object`, the exception classes, `Thread`, `Process`, `int`, …) are
//! `Value::Builtin`s and may appear in a user class's bases and MRO. An instance of a `Thread`
//! subclass keeps its thread object under the hidden attribute [`THREAD_ATTR`] (set by
//! `Thread.__init__`), and its `name`/`daemon` as ordinary attributes, as CPython shows them.
//! Default reprs use a fake, stable address: `<__main__.Point object at 0x7f0000000030>` is
//! `0x7f0000000000 + 0x30 × heap index` (so a run and its replay print the same).

use super::super::value::{Builtin, ClassObj, Fmt, HeapObj, Value};
use super::exceptions::Signal;
use super::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What a returning frame's caller receives.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ret {
    /// The return value, on the caller's stack (an ordinary call).
    Push,
    /// The return value, appended to the caller's memo (a call-back).
    Memo,
    /// `__init__` of a program's `Cls(…)`: the new instance (its heap index; kept small, a frame
    /// is cloned with every state), on the caller's stack.
    Init(u32),
    /// `__init__` called back (`raise Cls`): the new instance, to the caller's memo.
    InitMemo(u32),
}

/// The hidden attribute of a `Thread`/`Process` subclass instance holding its thread object.
pub const THREAD_ATTR: &str = " thread";

thread_local! {
    /// Call-backs the current instruction has asked for so far (reset at each step).
    pub(super) static CALLBACKS: Cell<usize> = const { Cell::new(0) };
    /// `__repr__` results for the `repr` being formatted (heap index → text).
    pub(super) static OVERRIDES: RefCell<Vec<(u32, Rc<str>)>> = const { RefCell::new(Vec::new()) };
}

/// Values whose attributes this module looks up (instances, classes, built-in classes, …).
pub(super) fn is_object(v: &Value) -> bool {
    match v {
        Value::Instance(_) | Value::Class(_) | Value::Bound(_) | Value::Super(_) => true,
        Value::Builtin(b) => builtin_class_name(*b).is_some(),
        _ => false,
    }
}

/// An instance (whose class may define comparison dunders).
pub(super) fn is_instance(v: &Value) -> bool {
    matches!(v, Value::Instance(_))
}

/// `__name__` of a built-in class, or None if `b` is not a class.
pub fn builtin_class_name(b: Builtin) -> Option<&'static str> {
    use Builtin as B;
    Some(match b {
        B::Object => "object",
        B::Exc(k) => k.name(),
        B::Thread => "Thread",
        B::Process => "Process",
        B::Int => "int",
        B::Str => "str",
        B::Bool => "bool",
        B::List => "list",
        B::Tuple => "tuple",
        B::Range => "range",
        B::Type => "type",
        // collections
        B::Coll(f) => return f.class_name(),
        _ => return None,
    })
}

/// Whether `v` is or holds (in lists, tuples, dicts) an instance, so formatting it may call back.
pub(super) fn has_objects(heap: &[HeapObj], v: &Value) -> bool {
    let mut todo = vec![v];
    let mut budget = 10_000;
    while let Some(x) = todo.pop() {
        budget -= 1;
        if budget == 0 {
            return false;
        }
        match x {
            Value::Instance(_) | Value::Bound(_) => return true,
            Value::Tuple(xs) => todo.extend(xs.iter()),
            Value::List(id) => {
                if let Some(HeapObj::List(xs)) = heap.get(*id as usize) {
                    todo.extend(xs.iter());
                }
            }
            Value::Dict(id) => {
                if let Some(HeapObj::Dict(kv)) = heap.get(*id as usize) {
                    for (k, v) in kv {
                        todo.push(k);
                        todo.push(v);
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// The name of class `c` against a heap.
pub(super) fn class_name_in(heap: &[HeapObj], c: &Value) -> String {
    match c {
        Value::Class(id) => match heap.get(*id as usize) {
            Some(HeapObj::Class(k)) => k.name.to_string(),
            _ => "?".into(),
        },
        Value::Builtin(b) => builtin_class_name(*b).unwrap_or("?").to_string(),
        _ => "?".into(),
    }
}

/// Whether class `c` (against a heap) derives from BaseException.
pub(super) fn is_exc_class_in(heap: &[HeapObj], c: &Value) -> bool {
    match c {
        Value::Builtin(Builtin::Exc(_)) => true,
        Value::Class(id) => match heap.get(*id as usize) {
            Some(HeapObj::Class(k)) => k
                .mro
                .iter()
                .any(|x| matches!(x, Value::Builtin(Builtin::Exc(_)))),
            _ => false,
        },
        _ => false,
    }
}

/// `repr` of a class, instance, bound method or super object (called by [`Fmt`]).
pub fn fmt_object(f: &Fmt, v: &Value, rec: &dyn Fn(&Value) -> String) -> String {
    match v {
        Value::Instance(id) => {
            if let Some(s) = OVERRIDES.with(|o| {
                o.borrow()
                    .iter()
                    .find(|(i, _)| i == id)
                    .map(|(_, s)| s.clone())
            }) {
                return s.to_string();
            }
            if let Some(s) = super::namedtuple::nt_repr(f, v, rec) {
                return s; // collections
            }
            let Some(HeapObj::Instance { class, attrs }) = f.heap.get(*id as usize) else {
                return "<object>".into();
            };
            let name = class_name_in(f.heap, class);
            if is_exc_class_in(f.heap, class) {
                let args = match attrs.iter().find(|(k, _)| &**k == "args") {
                    Some((_, Value::Tuple(xs))) => {
                        xs.iter().map(rec).collect::<Vec<_>>().join(", ")
                    }
                    _ => String::new(),
                };
                return format!("{name}({args})");
            }
            format!(
                "<__main__.{name} object at {:#x}>",
                0x7f00_0000_0000u64 + 0x30 * *id as u64
            )
        }
        Value::Class(_) => format!("<class '__main__.{}'>", class_name_in(f.heap, v)),
        Value::Bound(b) => {
            let fname = match &b.1 {
                Value::Func(c) => (f.func_name)(*c),
                _ => "__init__".into(),
            };
            let cls = match &b.0 {
                Value::Instance(id) => match f.heap.get(*id as usize) {
                    Some(HeapObj::Instance { class, .. }) => class_name_in(f.heap, class),
                    _ => "?".into(),
                },
                _ => "?".into(),
            };
            format!("<bound method {cls}.{fname} of {}>", rec(&b.0))
        }
        Value::Super(s) => format!(
            "<super: <class '{}'>, {}>",
            class_name_in(f.heap, &s.0),
            rec(&s.1)
        ),
        _ => "?".into(),
    }
}

/// How the page's memory view shows a value: an instance with its attributes
/// (`<Account balance=100 owner='Ann'>`), anything else as its repr.
pub fn view_value(m: &Machine, p: u32, v: &Value) -> String {
    if let Value::Instance(id) = v {
        if let Some(HeapObj::Instance { class, attrs }) = m.mems[p as usize].heap.get(*id as usize)
        {
            if !is_exc_class_in(&m.mems[p as usize].heap, class) {
                let mut s = format!("<{}", class_name_in(&m.mems[p as usize].heap, class));
                for (k, x) in attrs.iter().filter(|(k, _)| !k.starts_with(' ')).take(8) {
                    s.push_str(&format!(" {k}={}", m.repr(p, x)));
                }
                if attrs.len() > 8 {
                    s.push_str(" …");
                }
                s.push('>');
                return s;
            }
        }
    }
    m.repr(p, v)
}

impl Machine {
    // ------------------------------------------------------------ the step and call-backs

    /// Before a step: no call-backs asked yet; returns the thread's frame count and pc.
    pub(super) fn step_start(&mut self, tid: u32) -> (usize, u32) {
        CALLBACKS.with(|c| c.set(0));
        self.signal = None;
        let t = &self.threads[tid as usize];
        (t.frames.len(), t.frames.last().map_or(0, |f| f.pc))
    }

    /// After an instruction completed: its call-back results are no longer needed.
    pub(super) fn step_done(&mut self, tid: u32, at: (usize, u32)) {
        if let Some(f) = self.threads[tid as usize]
            .frames
            .get_mut(at.0.wrapping_sub(1))
        {
            if !f.memo.is_empty() {
                f.memo.clear();
            }
        }
    }

    /// Calls user function `f` (a `Func`, or a `Bound` one) from inside the current instruction:
    /// its result if this instruction already made this call, else its frame is pushed and the
    /// step ends (the instruction runs again when the frame returns). See `vm`'s doc comment.
    pub(super) fn call_back(&mut self, tid: u32, f: Value, args: Vec<Value>) -> R<Value> {
        let k = CALLBACKS.with(|c| {
            let k = c.get();
            c.set(k + 1);
            k
        });
        if let Some(v) = self.frame(tid).memo.get(k) {
            return Ok(v.clone());
        }
        let (func, args) = match f {
            Value::Func(c) => (c, args),
            Value::Bound(b) => match &b.1 {
                Value::Func(c) => {
                    let mut a = vec![b.0.clone()];
                    a.extend(args);
                    (*c, a)
                }
                _ => return rt("TypeError: a built-in method cannot be called back"),
            },
            _ => return rt("TypeError: object is not callable"),
        };
        self.push_frame(tid, func, args)?;
        self.frame(tid).ret = Ret::Memo;
        self.signal = Some(Signal::Called);
        rt("")
    }

    /// A call-back's or `__init__`'s return (see [`Ret`]).
    pub(super) fn ret_special(&mut self, tid: u32, r: Ret, v: Value) {
        let t = &mut self.threads[tid as usize];
        let Some(f) = t.frames.last_mut() else {
            t.state = TState::Done;
            t.result = v;
            return;
        };
        match r {
            Ret::Push => f.stack.push(v),
            Ret::Memo => f.memo.push(v),
            Ret::Init(inst) => f.stack.push(Value::Instance(inst)),
            Ret::InitMemo(inst) => f.memo.push(Value::Instance(inst)),
        }
    }

    // ------------------------------------------------------------ classes and the MRO

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
