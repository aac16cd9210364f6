//! Generators without native re-entrance. Resuming a generator pushes its saved frame on the
//! resuming thread's own frame stack, while the resumer's pc stays on the instruction that
//! resumed it (`FOR_ITER`, a call of `next()` or `send()`, `YIELD_FROM`). When the generator
//! yields or returns, its frame is saved back into the heap and that instruction finishes:
//! the instruction itself says what the value is for. So the explorer sees a generator's
//! bytecodes as steps of the thread that runs it, and its state is the heap's.

use super::super::compile::Op;
use super::super::value::{Builtin, GenObj, HeapObj, Value};
use super::*;

impl Machine {
    /// A new generator (not started) for a generator function called with these locals.
    pub(super) fn new_generator(
        &mut self,
        tid: u32,
        f: u32,
        mut locals: Vec<Option<Value>>,
    ) -> R<Value> {
        self.charge(200)?;
        let slot = self.prog.codes[f as usize].fun.gen_slot as usize;
        let id = self.heap(tid).len() as u32;
        if let Some(s) = locals.get_mut(slot) {
            *s = Some(Value::Gen(id));
        }
        self.heap(tid).push(HeapObj::Gen(Box::new(GenObj {
            code: f,
            frame: Some(Frame {
                code: f,
                pc: 0,
                locals,
                stack: vec![],
                ret: super::Ret::Push,
                memo: vec![],
            }),
            started: false,
            done: false,
        })));
        Ok(Value::Gen(id))
    }

    fn gen_mut(&mut self, tid: u32, g: u32) -> R<&mut GenObj> {
        match self.heap(tid).get_mut(g as usize) {
            Some(HeapObj::Gen(x)) => Ok(x),
            _ => rt("internal error: not a generator"),
        }
    }

    /// Whether the generator has finished.
    pub(super) fn gen_done(&self, tid: u32, g: u32) -> bool {
        matches!(self.mems[self.proc(tid)].heap.get(g as usize), Some(HeapObj::Gen(x)) if x.done)
    }

    /// Resumes generator `g` on thread `tid` with `sent` as the value of its `yield`. The
    /// caller's pc must be on the resuming instruction.
    pub(super) fn resume(&mut self, tid: u32, g: u32, sent: Value) -> R<()> {
        let depth = self.threads[tid as usize].frames.len();
        let x = self.gen_mut(tid, g)?;
        let Some(mut frame) = x.frame.take() else {
            return rt("ValueError: generator already executing");
        };
        if !x.started && sent != Value::None {
            x.frame = Some(frame);
            return rt("TypeError: can't send non-None value to a just-started generator");
        }
        if x.started {
            frame.stack.push(sent);
        }
        x.started = true;
        if depth >= limits::MAX_FRAMES {
            self.gen_mut(tid, g)?.frame = Some(frame);
            return rt(format!(
                "RecursionError: maximum recursion depth exceeded (ThreadLab allows {} frames)",
                limits::MAX_FRAMES
            ));
        }
        self.threads[tid as usize].frames.push(frame);
        Ok(())
    }

    /// The running generator frame's generator (its hidden slot).
    fn running_gen(&self, tid: u32) -> R<u32> {
        let f = self.threads[tid as usize].frames.last().expect("frame");
        let slot = self.prog.codes[f.code as usize].fun.gen_slot as usize;
        match f.locals.get(slot) {
            Some(Some(Value::Gen(g))) => Ok(*g),
            _ => rt("internal error: a generator frame without its generator"),
        }
    }

    /// `YIELD_VALUE` (and a sub-iterator's value passed on by `YIELD_FROM`): the frame goes
    /// back into its generator; the resuming instruction gets `v`.
    pub(super) fn gen_yield(&mut self, tid: u32, v: Value) -> R<()> {
        let g = self.running_gen(tid)?;
        let frame = self.threads[tid as usize].frames.pop().expect("frame");
        self.gen_mut(tid, g)?.frame = Some(frame);
        self.deliver(tid, Ok(v))
    }

    /// `RETURN_VALUE` in a generator: it is finished; the resuming instruction learns it.
    pub(super) fn gen_return(&mut self, tid: u32, v: Value) -> R<()> {
        let g = self.running_gen(tid)?;
        self.threads[tid as usize].frames.pop();
        let x = self.gen_mut(tid, g)?;
        x.done = true;
        x.frame = None;
        self.deliver(tid, Err(v))
    }

    /// Finishes the instruction that resumed a generator: `Ok(v)` it yielded `v`, `Err(r)`
    /// it returned `r`.
    fn deliver(&mut self, tid: u32, r: Result<Value, Value>) -> R<()> {
        let (code_idx, pc) = {
            let f = self.threads[tid as usize].frames.last().expect("a resumer");
            (f.code, f.pc)
        };
        let prog = self.prog.clone();
        let code = &prog.codes[code_idx as usize];
        let op = &code.instrs[pc as usize].op;
        match (op, r) {
            (Op::ForIter(_), Ok(v)) => {
                let f = self.frame(tid);
                f.stack.push(v);
                f.pc += 1;
            }
            (Op::ForIter(t), Err(_)) => {
                let f = self.frame(tid);
                f.stack.pop();
                f.pc = *t;
            }
            (Op::YieldFrom, Ok(v)) => {
                // Passed on: this generator yields it too, its pc staying on YIELD_FROM.
                self.frame(tid).stack.pop();
                return self.gen_yield(tid, v);
            }
            (Op::YieldFrom, Err(v)) => {
                let f = self.frame(tid);
                f.stack.pop();
                f.stack.pop();
                f.stack.push(v);
                f.pc += 1;
            }
            (Op::Call(_) | Op::CallKw(..) | Op::CallEx, r) => {
                let f = self.threads[tid as usize].frames.last().expect("frame");
                let (nops, default) = match op {
                    Op::CallEx => (3, None),
                    _ => {
                        let Some((callee, args, kw)) = self.call_parts(f, code, op) else {
                            return rt("internal error: bad call");
                        };
                        let default = match (&callee, args.len()) {
                            (Value::Builtin(Builtin::Next), 2) => Some(args[1].clone()),
                            _ => None,
                        };
                        (1 + args.len() + kw.len(), default)
                    }
                };
                let v = match (r, default) {
                    (Ok(v), _) => v,
                    (Err(_), Some(d)) => d,
                    (Err(v), None) => return self.stop_iteration(tid, v),
                };
                let f = self.frame(tid);
                let n = f.stack.len() - nops;
                f.stack.truncate(n);
                f.stack.push(v);
                f.pc += 1;
            }
            _ => return rt("internal error: a generator resumed by an unexpected instruction"),
        }
        Ok(())
    }

    /// A generator's end reaching `next()` or `send()`: CPython raises `StopIteration` (with
    /// the return value as its `value`). Without exception objects this ends the thread with
    /// the error; once exceptions exist, raise `StopIteration(value)` here.
    pub(super) fn stop_iteration(&mut self, tid: u32, value: Value) -> R<()> {
        // `StopIteration(value)` (no args when the generator returned None), as CPython raises it.
        let args = match value {
            Value::None => vec![],
            v => vec![v],
        };
        let e = self.new_exception(tid, super::ExcKind::StopIteration, args)?;
        self.throw(e)
    }

    /// `FOR_ITER` over a generator: resume it (the pc stays on `FOR_ITER`), or end the loop
    /// if it has finished.
    pub(super) fn for_iter_gen(&mut self, tid: u32, g: u32, target: u32) -> R<()> {
        if self.gen_done(tid, g) {
            let f = self.frame(tid);
            f.stack.pop();
            f.pc = target;
            return Ok(());
        }
        self.frame(tid).pc -= 1;
        if let Err(e) = self.resume(tid, g, Value::None) {
            self.frame(tid).pc += 1;
            return Err(e);
        }
        Ok(())
    }

    /// `next(g)` / `next(g, default)`: resume (the call finishes when it yields or returns).
    pub(super) fn builtin_next(&mut self, tid: u32, args: &[Value]) -> R<Done> {
        nargs(args, 1, 2, "next")?;
        let Value::Gen(g) = args[0] else {
            return rt(format!(
                "TypeError: '{}' object is not an iterator",
                type_name(&args[0])
            ));
        };
        if self.gen_done(tid, g) {
            return match args.get(1) {
                Some(d) => Ok(Done::Value(d.clone())),
                None => self
                    .stop_iteration(tid, Value::None)
                    .map(|_| Done::Value(Value::None)),
            };
        }
        self.resume(tid, g, Value::None)?;
        Ok(Done::Pending)
    }

    /// `g.send(v)`, `g.close()`.
    pub(super) fn gen_method(&mut self, tid: u32, g: u32, name: &str, args: &[Value]) -> R<Done> {
        match name {
            "send" => {
                nargs(args, 1, 1, "send")?;
                if self.gen_done(tid, g) {
                    return self
                        .stop_iteration(tid, Value::None)
                        .map(|_| Done::Value(Value::None));
                }
                self.resume(tid, g, args[0].clone())?;
                Ok(Done::Pending)
            }
            "close" => {
                nargs(args, 0, 0, "close")?;
                let x = self.gen_mut(tid, g)?;
                if x.frame.is_none() && !x.done {
                    return rt("ValueError: generator already executing");
                }
                x.done = true;
                x.frame = None;
                Ok(Done::Value(Value::None))
            }
            _ => rt(format!(
                "AttributeError: 'generator' object has no attribute '{name}'"
            )),
        }
    }

    /// `YIELD_FROM`: stack iterator, value to send. A generator is resumed (the pc stays);
    /// another iterator gives its next item, yielded by this generator.
    pub(super) fn exec_yield_from(&mut self, tid: u32) -> R<()> {
        let f = self.frame(tid);
        let n = f.stack.len();
        if n < 2 {
            return rt("internal error: stack underflow");
        }
        let (it, sent) = (f.stack[n - 2].clone(), f.stack[n - 1].clone());
        f.pc -= 1;
        match it {
            Value::Gen(g) => {
                if self.gen_done(tid, g) {
                    return self.deliver(tid, Err(Value::None));
                }
                self.resume(tid, g, sent)
            }
            _ => {
                // A list, tuple, range … iterator: step it like FOR_ITER.
                self.frame(tid).stack.pop();
                let depth = self.frame(tid).stack.len();
                let pc = self.frame(tid).pc;
                self.exec_for_iter(tid, &u32::MAX)?;
                let f = self.frame(tid);
                if f.pc == u32::MAX {
                    // Exhausted (FOR_ITER popped the iterator): `yield from` gives None.
                    f.pc = pc + 1;
                    f.stack.push(Value::None);
                    Ok(())
                } else {
                    let v = f.stack.pop().unwrap_or(Value::None);
                    debug_assert_eq!(f.stack.len(), depth);
                    f.stack.push(Value::None);
                    // Yield it: on resume the sent value replaces this placeholder.
                    f.stack.pop();
                    self.gen_yield(tid, v)
                }
            }
        }
    }
}
