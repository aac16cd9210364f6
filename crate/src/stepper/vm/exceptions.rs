//! Exceptions: the built-in exception classes (CPython's hierarchy), raising, and unwinding.
//!
//! **Raising.** Every runtime error is an [`RtErr`] whose message starts with CPython's class
//! name (`ValueError: …`); [`raise`] is the one function the rest of the machine calls to raise a
//! built-in exception by class and message (`raise(ExcKind::Empty, "")` for `queue.Empty`). A
//! `raise` statement (or any exception *object*) goes through [`Machine::throw`], which parks the
//! object in [`Machine::signal`] for the unwinder.
//!
//! **Unwinding** happens at the end of the step that raised ([`Machine::unwind`]): the error
//! becomes an exception instance in the thread's process heap, and the frames are searched from
//! the top for a handler. Handlers are static: `SETUP_FINALLY target depth` opens a protected
//! region and `POP_BLOCK` closes it, in the instruction stream (as in CPython ≤ 3.10, each one a
//! step of its own, thread-local); the innermost region open at the faulting instruction, found
//! by a scan of the code, catches: the stack is cut to `depth`, the exception pushed and the pc
//! set to `target`. No handler in any frame: in a `Thread` or `Process` the exception is printed
//! to stderr as `threading.excepthook` prints it and only that thread ends; in the main thread
//! the traceback is printed and the other threads run on until they end, as CPython's shutdown
//! joins them; then the run ends with outcome `error` (or `assert`) — see `main_exit` (in an
//! asyncio task, or in asyncio mode, the run ends at once).//!
//! The built-in exception classes themselves live in `exc_kind.rs`.

use super::super::compile::Op;
use super::super::value::{Builtin, HeapObj, Value};
use super::*;

pub use super::exc_kind::ExcKind;
use ExcKind as K;

/// Raises the built-in exception `kind` with message `msg` (empty: no arguments). The one way
/// for any part of the machine to raise by class name: `return raise(ExcKind::Empty, "")`.
pub(crate) fn raise<T>(kind: ExcKind, msg: &str) -> R<T> {
    let name = match kind {
        K::Empty => "queue.Empty",
        K::Full => "queue.Full",
        K::CancelledError => "asyncio.CancelledError",
        K::InvalidStateError => "asyncio.InvalidStateError",
        K::BrokenBarrierError => "threading.BrokenBarrierError",
        k => k.name(),
    };
    if msg.is_empty() {
        rt(name)
    } else {
        rt(format!("{name}: {msg}"))
    }
}

/// The hidden attribute of an exception: the line where it was first raised.
const LINE_ATTR: &str = " line";

/// What the unwinder must do besides a plain [`RtErr`] (transient: always None between steps).
#[derive(Clone, Debug)]
pub enum Signal {
    /// An exception object was raised (`raise x`).
    Raise(Value),
    /// A call-back frame was pushed: the instruction runs again when it returns (see `vm`'s doc).
    Called,
}

/// The class and message of an error message: `"KeyError: 'a'"` → (KeyError, `'a'`).
fn parse_err(msg: &str) -> Option<(ExcKind, &str)> {
    let end = msg
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(msg.len());
    let kind = ExcKind::from_name(&msg[..end])?;
    let rest = &msg[end..];
    let text = rest.strip_prefix(": ").unwrap_or(rest).trim();
    Some((kind, text))
}

impl Machine {
    /// Raises exception object `v` (an instance, or a class to instantiate first).
    pub(super) fn throw<T>(&mut self, v: Value) -> R<T> {
        self.signal = Some(Signal::Raise(v));
        rt("")
    }

    /// A new instance of built-in exception `kind` with these `args`, in `tid`'s heap.
    pub(super) fn new_exception(&mut self, tid: u32, kind: ExcKind, args: Vec<Value>) -> R<Value> {
        let args = self.new_tuple(args)?;
        let id = self.alloc(
            tid,
            HeapObj::Instance {
                class: Value::Builtin(Builtin::Exc(kind)),
                attrs: vec![("args".into(), args)],
            },
        )?;
        Ok(Value::Instance(id))
    }

    /// The exception an error stands for (None: an internal error, which is not catchable).
    fn exc_from_err(&mut self, tid: u32, e: &RtErr) -> Option<Value> {
        let (kind, text) = if e.assert {
            let t = e.msg.strip_prefix("AssertionError").unwrap_or(&e.msg);
            (K::AssertionError, t.strip_prefix(": ").unwrap_or(t))
        } else {
            parse_err(&e.msg)?
        };
        let args = if text.is_empty() {
            vec![]
        } else if kind == K::KeyError {
            // The machine's KeyError message is the key's repr: the key itself is the argument.
            let quoted = text.len() >= 2
                && text.starts_with('\'')
                && text.ends_with('\'')
                && !text[1..text.len() - 1].contains(['\'', '\\']);
            match text.parse::<i64>() {
                Ok(i) => vec![Value::Int(i)],
                _ if quoted => vec![Value::Str(text[1..text.len() - 1].into())],
                _ => vec![Value::Str(text.into())],
            }
        } else {
            vec![Value::Str(text.into())]
        };
        self.new_exception(tid, kind, args).ok()
    }

    /// The class of exception instance `v`, if it is one.
    pub(super) fn exc_class(&self, p: usize, v: &Value) -> Option<Value> {
        match v {
            Value::Instance(id) => match self.mems[p].heap.get(*id as usize) {
                Some(HeapObj::Instance { class, .. }) if self.is_exc_class(p, class) => {
                    Some(class.clone())
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether class `c` derives from BaseException.
    pub(super) fn is_exc_class(&self, p: usize, c: &Value) -> bool {
        self.mro(p, c)
            .iter()
            .any(|k| matches!(k, Value::Builtin(Builtin::Exc(_))))
    }

    /// `except cls:` — does exception `exc` match `cls` (a class or a tuple of them)?
    pub(super) fn exc_matches(&self, tid: u32, exc: &Value, cls: &Value) -> R<bool> {
        let p = self.proc(tid);
        if let Value::Tuple(cs) = cls {
            for c in cs.iter() {
                if self.exc_matches(tid, exc, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !self.is_exc_class(p, cls) {
            return rt(
                "TypeError: catching classes that do not inherit from BaseException is not allowed",
            );
        }
        let Some(c) = self.exc_class(p, exc) else {
            return Ok(false);
        };
        Ok(self.mro(p, &c).contains(cls))
    }

    /// The exception object `raise v` raises: an instance as is, a class called with no arguments.
    /// A class with an `__init__` of its own is called through a call-back.
    pub(super) fn exc_object(&mut self, tid: u32, v: Value) -> R<Value> {
        let p = self.proc(tid);
        if self.exc_class(p, &v).is_some() {
            return Ok(v);
        }
        if self.is_exc_class(p, &v) {
            return self.instantiate_back(tid, v, vec![]);
        }
        rt("TypeError: exceptions must derive from BaseException")
    }

    /// `RAISE_VARARGS n`: `raise` (0), `raise x` (1), `raise x from y` (2).
    pub(super) fn exec_raise(&mut self, tid: u32, n: u32) -> R<()> {
        let len = self.frame(tid).stack.len();
        if n == 0 {
            return raise(K::RuntimeError, "No active exception to reraise");
        }
        let x = self.frame(tid).stack[len - n as usize].clone();
        let exc = self.exc_object(tid, x)?;
        if n == 2 {
            let y = self.frame(tid).stack[len - 1].clone();
            let cause = match y {
                Value::None => Value::None,
                y => self.exc_object(tid, y)?,
            };
            self.set_attr_raw(tid, &exc, "__cause__", cause)?;
        }
        let f = self.frame(tid);
        f.stack.truncate(len - n as usize);
        self.throw(exc)
    }

    /// The innermost handler region open at `pc` in code `c`: (target, stack depth).
    fn handler_for(&self, c: u32, pc: u32) -> Option<(u32, u32)> {
        let code = &self.prog.codes[c as usize];
        let mut open: Vec<(u32, u32)> = vec![];
        for ins in code.instrs.iter().take(pc as usize) {
            match ins.op {
                Op::SetupExcept(t, d) => open.push((t, d)),
                Op::PopExcept => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.pop()
    }

    /// After a step that failed: a call-back frame was pushed (the instruction at `at` runs again
    /// when it returns), or an exception is caught, or it ends its thread (`excepthook`), or it
    /// ends the run (returned, for the caller to turn into the outcome).
    /// `at` is the thread's frame count and pc before the step.
    pub(super) fn unwind(
        &mut self,
        tid: u32,
        e: RtErr,
        at: (usize, u32),
    ) -> Option<(RtErr, Option<u32>)> {
        let exc = match self.signal.take() {
            Some(Signal::Called) => {
                if let Some(f) = self.threads[tid as usize]
                    .frames
                    .get_mut(at.0.wrapping_sub(1))
                {
                    f.pc = at.1;
                }
                return None;
            }
            Some(Signal::Raise(v)) => v,
            None => match self.exc_from_err(tid, &e) {
                Some(v) => v,
                None => return Some((e, None)), // internal, or no memory left for the exception
            },
        };
        let frames = &self.threads[tid as usize].frames;
        let mut i = frames.len().min(at.0);
        let mut pc = if frames.len() == at.0 {
            at.1
        } else {
            frames.last().map_or(0, |f| f.pc.saturating_sub(1))
        };
        let mut tb: Vec<(u32, u32)> = vec![];
        // Where it was first raised (a re-raise keeps it), for the outcome's line.
        let p = self.proc(tid);
        if self.attr_raw(p, &exc, LINE_ATTR).is_none() && i > 0 {
            let f = &self.threads[tid as usize].frames[i - 1];
            let line = self.prog.codes[f.code as usize]
                .instrs
                .get(pc as usize)
                .map_or(0, |x| x.line);
            let _ = self.set_attr_raw(tid, &exc, LINE_ATTR, Value::Int(line as i64));
        }
        while i > 0 {
            let f = &self.threads[tid as usize].frames[i - 1];
            let line = self.prog.codes[f.code as usize]
                .instrs
                .get(pc as usize)
                .map_or(0, |x| x.line);
            tb.push((f.code, line));
            if let Some((target, depth)) = self.handler_for(f.code, pc) {
                let t = &mut self.threads[tid as usize];
                t.frames.truncate(i);
                let f = &mut t.frames[i - 1];
                f.stack.truncate(depth as usize);
                f.stack.push(exc);
                f.pc = target;
                f.memo.clear();
                return None;
            }
            let called_back = matches!(f.ret, Ret::Memo | Ret::InitMemo(_));
            i -= 1;
            if i > 0 {
                let caller = &self.threads[tid as usize].frames[i - 1];
                pc = if called_back {
                    caller.pc
                } else {
                    caller.pc.saturating_sub(1)
                };
            }
        }
        // Uncaught.
        let p = self.proc(tid);
        // SystemExit (`sys.exit`) ends its thread quietly, a non-int code printed to stderr.
        if self.exc_class(p, &exc) == Some(Value::Builtin(Builtin::Exc(K::SystemExit))) {
            let code = match self.attr_raw(p, &exc, "args") {
                Some(Value::Tuple(a)) if a.len() == 1 => a[0].clone(),
                Some(a @ Value::Tuple(_)) => a,
                _ => Value::None,
            };
            if let Err(e) = self.exit_thread(tid, &code) {
                return Some((e, None));
            }
            return None;
        }
        // asyncio: a task keeps its exception for whoever awaits it.
        if self.aio_task_failed(tid, &exc) {
            return None;
        }
        let text = self.exc_line(p, &exc);
        let t = &self.threads[tid as usize];
        if matches!(t.kind, Kind::Thread | Kind::Process) {
            let header = match t.kind {
                Kind::Process => format!("Process {}:\n", t.name),
                _ => format!("Exception in thread {}:\n", self.hook_name(tid)),
            };
            let mut out = header + "Traceback (most recent call last):\n";
            for (c, line) in tb.iter().rev() {
                out.push_str(&format!(
                    "  File \"<stepper>\", line {line}, in {}\n",
                    self.prog.codes[*c as usize].name
                ));
            }
            out.push_str(&text);
            out.push('\n');
            self.output.push((tid, out, super::Stream::Err));
            self.threads[tid as usize].state = TState::Failed;
            return None;
        }
        let assert = matches!(
            self.exc_class(p, &exc),
            Some(Value::Builtin(Builtin::Exc(K::AssertionError)))
        );
        let line = match self.attr_raw(p, &exc, LINE_ATTR) {
            Some(Value::Int(l)) => Some(l as u32),
            _ => None,
        };
        // samples: the main thread's traceback goes to stderr; the other threads run on.
        self.main_uncaught(tid, &tb, RtErr { msg: text, assert }, line)
    }

    /// The thread's name as CPython's excepthook shows it: `Thread-1 (worker)`.
    fn hook_name(&self, tid: u32) -> String {
        // The thread's name is CPython's already (`Thread-2 (work)`, see `threads_extra`).
        self.threads[tid as usize].name.to_string()
    }

    /// A traceback's last line: `ValueError: bad value`, `MyError: x`, `KeyError: 'k'`.
    pub(super) fn exc_line(&self, p: usize, exc: &Value) -> String {
        let name = match self.exc_class(p, exc) {
            Some(Value::Builtin(Builtin::Exc(k))) => k.qualname().to_string(),
            Some(c) => self.class_name(p, &c),
            None => "Exception".into(),
        };
        let text = self.exc_str(p, exc);
        if text.is_empty() {
            name
        } else {
            format!("{name}: {text}")
        }
    }

    /// `str(e)` by BaseException's rule: '' for no args, `str(a)` for one, `repr(args)` for more
    /// (KeyError shows its one key as a repr, except keys the machine has already rendered).
    pub(super) fn exc_str(&self, p: usize, exc: &Value) -> String {
        let args = self.attr_raw(p, exc, "args");
        match args {
            Some(Value::Tuple(xs)) if xs.is_empty() => String::new(),
            Some(Value::Tuple(xs)) if xs.len() == 1 => {
                let key_error = matches!(
                    self.exc_class(p, exc).map(|c| self.mro(p, &c)),
                    Some(m) if m.contains(&Value::Builtin(Builtin::Exc(K::KeyError)))
                );
                match key_error {
                    true => self.repr(p as u32, &xs[0]),
                    false => self.fmt(p as u32).str(&xs[0]),
                }
            }
            Some(a) => self.repr(p as u32, &a),
            None => String::new(),
        }
    }
}
