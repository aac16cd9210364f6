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

use super::super::value::{truthy, Builtin, ClassObj, Fmt, HeapObj, Value};
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
    static CALLBACKS: Cell<usize> = const { Cell::new(0) };
    /// `__repr__` results for the `repr` being formatted (heap index → text).
    static OVERRIDES: RefCell<Vec<(u32, Rc<str>)>> = const { RefCell::new(Vec::new()) };
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
fn is_exc_class_in(heap: &[HeapObj], c: &Value) -> bool {
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

    fn is_class(&self, p: usize, c: &Value) -> bool {
        !self.mro(p, c).is_empty()
    }

    /// Attribute `n` of class `k` itself (not its bases).
    fn own_attr(&self, p: usize, k: &Value, n: &str) -> Option<Value> {
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
    fn lookup_from(&self, p: usize, c: &Value, n: &str, skip: usize) -> Option<Value> {
        self.mro(p, c)
            .iter()
            .skip(skip)
            .find_map(|k| self.own_attr(p, k, n))
    }

    /// C3 linearization of a new class with these bases (its MRO after itself).
    fn c3(&self, p: usize, bases: &[Value]) -> R<Vec<Value>> {
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
    fn bind_attr(&self, p: usize, o: &Value, v: Value) -> R<Value> {
        use Builtin as B;
        Ok(match v {
            Value::Func(_)
            | Value::Closure(_) // futures: a method with run-time defaults
            | Value::Builtin(B::ThreadInit | B::ProcessInit | B::ExcInit | B::ObjectInit) => {
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
    fn builtin_init(
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
    fn thread_init(
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

    fn dunder_text(&self, r: Value, which: &str) -> R<String> {
        match r {
            Value::Str(s) => Ok(s.to_string()),
            other => rt(format!(
                "TypeError: {which} returned non-string (type {})",
                type_name(&other)
            )),
        }
    }

    /// A user-defined dunder of instance `v`'s class, bound to `v`.
    fn dunder(&self, p: usize, v: &Value, name: &str) -> Option<Value> {
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
