//! An exception that escapes the main thread, as CPython handles it: `sys.excepthook` prints
//! the traceback to stderr, then the interpreter's shutdown (`threading._shutdown`) still joins
//! every non-daemon thread before the process exits with status 1.
//!
//! So here the traceback goes to stderr, the main thread ends (`Failed`), the other threads run
//! on, and the run's outcome becomes `error` (or `assert`) with the main thread's message only
//! once they have all ended (daemon threads end with the program, as in
//! [`Machine::end_daemons`]). If they cannot end — a thread waits for ever — the outcome is the
//! deadlock, as CPython would hang in its shutdown. The pending message lives in
//! [`super::clock::Extras::main_error`], so it is part of the state's hash.
//!
//! asyncio mode keeps ending the run at once: there the exception leaves `asyncio.run`, which
//! has already cancelled the other tasks.

use super::*;

impl Machine {
    /// The unwinder's last word on an uncaught exception outside a `Thread`/`Process`: `None`
    /// when the run goes on without the main thread, or the error that ends the run now.
    pub(super) fn main_uncaught(
        &mut self,
        tid: u32,
        tb: &[(u32, u32)],
        e: RtErr,
        line: Option<u32>,
    ) -> Option<(RtErr, Option<u32>)> {
        let t = &self.threads[tid as usize];
        if t.kind != Kind::Main || self.mode == Mode::Asyncio {
            return Some((e, line));
        }
        let mut out = String::from("Traceback (most recent call last):\n");
        for (c, l) in tb.iter().rev() {
            out.push_str(&format!(
                "  File \"<stepper>\", line {l}, in {}\n",
                self.prog.codes[*c as usize].name
            ));
        }
        out.push_str(&e.msg);
        out.push('\n');
        let message = format!("{}, line {}: {}", t.name, line.unwrap_or(0), e.msg);
        self.output.push((tid, out, Stream::Err));
        self.threads[tid as usize].state = TState::Failed;
        self.ex().main_error = Some(MainError {
            message,
            assert: e.assert,
            line,
        });
        None
    }

    /// After a step: a run that finished after its main thread failed ends with that error.
    pub(super) fn main_exit_outcome(&mut self) {
        let Some(err) = &self.extras.main_error else {
            return;
        };
        if self.outcome.as_ref().is_some_and(|o| o.kind == "finished") {
            self.outcome = Some(Outcome {
                kind: if err.assert { "assert" } else { "error" },
                message: err.message.clone(),
                line: err.line,
            });
        }
    }
}

/// The main thread's uncaught exception, waiting for the other threads to end.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MainError {
    /// The outcome's message: `MainThread, line 7: ValueError: boom`.
    pub message: String,
    /// An `AssertionError` (outcome `assert`).
    pub assert: bool,
    /// Where it was raised.
    pub line: Option<u32>,
}
