//! The `sys` module and `print`'s streams.
//!
//! - `sys.stdout` / `sys.stderr` (`write`, `flush`), and `print(..., file=sys.stderr,
//!   flush=True)`: every output chunk carries its [`Stream`] (the page marks stderr lines).
//! - `sys.argv` is `['<stepper>']` (there is no command line); `sys.version_info` is
//!   `(3, 14, 0, 'final', 0)` (the stepper models CPython 3.14's language); `sys.maxsize` is
//!   `2**63 - 1`.
//! - `sys.setswitchinterval(s)` sets the `gil` mode's interval k (bytecodes a thread runs
//!   before the GIL may pass): **one bytecode stands for one millisecond**, so
//!   k = round(s × 1000) clamped to 1..=1000, and `getswitchinterval()` gives k / 1000
//!   (CPython's default 0.005 s is k = 5).
//! - `sys.exit(code)` ends the calling thread, as `SystemExit` does: in the main thread the
//!   program's main code ends (other threads still run to their end, as CPython waits for
//!   them); in another thread only that thread ends, silently. A string code is written to
//!   stderr. [`Machine::exit_thread`] is the one exit path.

use super::super::value::{Builtin, HeapObj, Value};
use super::float::{as_f64, float};
use super::math::SYS;
use super::*;
use std::rc::Rc;

/// Which stream an output chunk went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    Out,
    Err,
}

impl Stream {
    pub fn name(self) -> &'static str {
        match self {
            Stream::Out => "out",
            Stream::Err => "err",
        }
    }
}

impl Machine {
    pub(super) fn sys_attr(&mut self, tid: u32, n: &str, b: Builtin) -> R<Value> {
        Ok(match n {
            "stdout" => Value::Builtin(Builtin::Stream(false)),
            "stderr" => Value::Builtin(Builtin::Stream(true)),
            "argv" => {
                let id = self.alloc(tid, HeapObj::List(vec![Value::Str("<stepper>".into())]))?;
                Value::List(id)
            }
            "version_info" => Value::Tuple(Rc::from(vec![
                Value::Int(3),
                Value::Int(14),
                Value::Int(0),
                Value::Str("final".into()),
                Value::Int(0),
            ])),
            "version" => Value::Str("3.14.0 (ThreadLab stepper)".into()),
            "platform" => Value::Str("threadlab".into()),
            "maxsize" => Value::Int(i64::MAX),
            _ => Value::Builtin(b),
        })
    }

    /// `sys.<f>(args)`.
    pub(super) fn call_sys(&mut self, tid: u32, idx: u8, args: &[Value]) -> R<Done> {
        let name = SYS.get(idx as usize).copied().unwrap_or("?");
        let v = match name {
            "setswitchinterval" => {
                nargs(args, 1, 1, "setswitchinterval")?;
                let Some(s) = as_f64(&args[0]) else {
                    return rt(format!(
                        "TypeError: must be real number, not {}",
                        type_name(&args[0])
                    ));
                };
                if s.is_nan() || s <= 0.0 {
                    return rt("ValueError: switch interval must be strictly positive");
                }
                self.gil_interval = (s * 1000.0).round().clamp(1.0, 1000.0) as u32;
                Value::None
            }
            "getswitchinterval" => {
                nargs(args, 0, 0, "getswitchinterval")?;
                float(self.gil_interval as f64 / 1000.0)
            }
            "exit" => {
                nargs(args, 0, 1, "exit")?;
                // Raises SystemExit(code): `finally` blocks run and `except SystemExit` catches
                // it; uncaught, the unwinder ends the thread through `exit_thread`.
                let e = self.new_exception(tid, super::ExcKind::SystemExit, args.to_vec())?;
                return self.throw(e);
            }
            _ => return rt(format!("TypeError: 'sys.{name}' is not callable")),
        };
        Ok(Done::Value(v))
    }

    /// An uncaught `SystemExit(code)` in thread `tid`: the thread ends (a code that is not an
    /// int or None goes to stderr), as CPython's main thread and `threading` treat it.
    pub fn exit_thread(&mut self, tid: u32, code: &Value) -> R<()> {
        let p = self.proc(tid) as u32;
        match code {
            Value::None | Value::Int(_) | Value::Bool(_) => {}
            v => {
                let text = format!("{}\n", self.str_of(p, v));
                self.emit(tid, text, Stream::Err)?;
            }
        }
        let t = &mut self.threads[tid as usize];
        t.frames.clear();
        t.pending = None;
        t.state = TState::Done;
        t.result = Value::None;
        Ok(())
    }

    /// Appends output text (charged to the memory budget).
    pub(super) fn emit(&mut self, tid: u32, text: String, stream: Stream) -> R<()> {
        if text.len() as u64 > limits::MAX_STR_LEN {
            return rt("MemoryError: string too long for ThreadLab");
        }
        self.charge(limits::str_bytes(text.len()))?;
        if !text.is_empty() {
            self.output.push((tid, text, stream));
        }
        Ok(())
    }

    /// The stream `print(file=…)` names (`None` / absent: stdout).
    pub(super) fn print_stream(&self, file: Option<Value>) -> R<Stream> {
        match file {
            None | Some(Value::None) | Some(Value::Builtin(Builtin::Stream(false))) => {
                Ok(Stream::Out)
            }
            Some(Value::Builtin(Builtin::Stream(true))) => Ok(Stream::Err),
            Some(v) => rt(format!(
                "AttributeError: '{}' object has no attribute 'write' (ThreadLab's print writes to sys.stdout or sys.stderr)",
                type_name(&v)
            )),
        }
    }

    /// `sys.stdout.write(s)` / `.flush()`.
    pub(super) fn call_stream_method(
        &mut self,
        tid: u32,
        err: bool,
        name: &str,
        args: &[Value],
    ) -> R<Value> {
        match name {
            "write" => {
                nargs(args, 1, 1, "write")?;
                let Value::Str(s) = &args[0] else {
                    return rt(format!(
                        "TypeError: write() argument must be str, not {}",
                        type_name(&args[0])
                    ));
                };
                let n = s.chars().count() as i64;
                let stream = if err { Stream::Err } else { Stream::Out };
                self.emit(tid, s.to_string(), stream)?;
                Ok(Value::Int(n))
            }
            "flush" => {
                nargs(args, 0, 0, "flush")?;
                Ok(Value::None)
            }
            _ => rt(format!(
                "AttributeError: '_io.TextIOWrapper' object has no attribute '{name}'"
            )),
        }
    }
}
