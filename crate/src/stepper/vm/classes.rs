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
//!
//! The MRO and the `class` statement live in `class_mro.rs`, attribute access in
//! `class_attrs.rs`.

use super::super::value::Heap;
use super::super::value::{Builtin, Fmt, HeapObj, Value};
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
pub(super) fn has_objects(heap: &Heap, v: &Value) -> bool {
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
pub(super) fn class_name_in(heap: &Heap, c: &Value) -> String {
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
pub(super) fn is_exc_class_in(heap: &Heap, c: &Value) -> bool {
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
}
