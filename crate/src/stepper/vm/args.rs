//! Calls: the callee and arguments on the stack, binding positional and keyword arguments
//! to parameters (with defaults), pushing and popping frames.

use super::super::compile::Op;
use super::super::value::Value;
use super::*;
use std::rc::Rc;

impl Machine {
    pub(super) fn call_parts<'a>(
        &self,
        f: &'a crate::stepper::vm::Frame,
        code: &crate::stepper::compile::Code,
        op: &Op,
    ) -> Option<CallParts<'a>> {
        let (npos, kwnames): (usize, Vec<Rc<str>>) = match op {
            Op::Call(n) => (*n as usize, vec![]),
            Op::CallKw(n, k) => match code.consts.get(*k as usize)? {
                Value::Tuple(t) => (
                    *n as usize,
                    t.iter()
                        .map(|v| match v {
                            Value::Str(s) => s.clone(),
                            _ => Rc::from(""),
                        })
                        .collect(),
                ),
                _ => return None,
            },
            _ => return None,
        };
        let total = npos + kwnames.len();
        if f.stack.len() < total + 1 {
            return None;
        }
        let base = f.stack.len() - total - 1;
        let callee = f.stack[base].clone();
        let args = &f.stack[base + 1..base + 1 + npos];
        let kw = kwnames
            .into_iter()
            .zip(f.stack[base + 1 + npos..].iter().cloned())
            .collect();
        Some((callee, args, kw))
    }

    pub(super) fn push_frame(&mut self, tid: u32, func: u32, args: Vec<Value>) -> R<()> {
        let prog = self.prog.clone();
        let code = &prog.codes[func as usize];
        if !code.fun.simple() {
            // functions: `*args`, keyword-only, cells (a thread's target is wrapped before).
            if code.fun.generator {
                return rt(
                    "TypeError: ThreadLab does not run a generator function as a thread or task",
                );
            }
            let (f, locals) = self.bind(tid, &Value::Func(func), args, vec![])?;
            return self.push_locals_frame(tid, f, locals);
        }
        let args = with_defaults(code, args);
        if args.len() != code.nparams as usize {
            // functions: CPython's message (missing names, or how many were given).
            self.bind(tid, &Value::Func(func), args.clone(), vec![])?;
            return rt(format!(
                "TypeError: {}() takes {} positional argument{} but {} were given",
                code.name,
                code.nparams,
                if code.nparams == 1 { "" } else { "s" },
                args.len()
            ));
        }
        if self.threads[tid as usize].frames.len() >= limits::MAX_FRAMES {
            return rt(format!(
                "RecursionError: maximum recursion depth exceeded (ThreadLab allows {} frames)",
                limits::MAX_FRAMES
            ));
        }
        let mut locals = vec![None; code.varnames.len()];
        for (i, a) in args.into_iter().enumerate() {
            locals[i] = Some(a);
        }
        self.threads[tid as usize].frames.push(Frame {
            code: func,
            pc: 0,
            locals,
            stack: vec![],
            ret: Ret::Push,
            memo: vec![],
        });
        Ok(())
    }

    pub(super) fn ret(&mut self, tid: u32, v: Value) {
        let t = &mut self.threads[tid as usize];
        let done = t.frames.pop();
        let code = done.as_ref().map_or(0, |f| f.code);
        // classes and exceptions: a call-back's or an `__init__`'s result goes elsewhere.
        let v = match done.map(|f| f.ret) {
            Some(Ret::Push) | None => v,
            Some(r) => return self.ret_special(tid, r, v),
        };
        // explore: a spawned child's run of the module ends, then its target starts
        if self.threads[tid as usize].frames.is_empty() && self.after_bootstrap(tid, code) {
            return;
        }
        let t = &mut self.threads[tid as usize];
        match t.frames.last_mut() {
            Some(f) => f.stack.push(v),
            None => {
                t.state = TState::Done;
                t.result = v;
                self.aio_ended(tid); // asyncio
            }
        }
    }

    pub(super) fn call(
        &mut self,
        tid: u32,
        callee: Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
        nops: usize,
    ) -> R<Done> {
        let kwarg = |k: &str| kw.iter().find(|(n, _)| &**n == k).map(|(_, v)| v.clone());
        let no_kw = |what: &str| -> R<()> {
            match kw.first() {
                Some((k, _)) => rt(format!(
                    "TypeError: {what}() got an unexpected keyword argument '{k}'"
                )),
                None => Ok(()),
            }
        };
        let p = self.proc(tid) as u32;
        // functions: builtins the prelude answers, then the calls added with functions.
        if let Some((f, a)) = self.prelude_call(&callee, &args, &kw) {
            return self.call(tid, f, a, kw, nops);
        }
        // collections: deques, Counters, namedtuples, `__call__`, `next(obj)`
        if let Some(d) = self.coll_call(tid, &callee, &args, &kw, nops)? {
            return Ok(d);
        }
        match callee {
            Value::Func(f) if !self.prog.codes[f as usize].fun.simple() => {
                self.call_function(tid, &callee, args, kw, nops)
            }
            Value::Closure(_) => self.call_function(tid, &callee, args, kw, nops),
            Value::Method(m) if matches!(m.0, Value::Gen(_)) => {
                let Value::Gen(g) = m.0 else { unreachable!() };
                self.gen_method(tid, g, &m.1, &args)
            }
            Value::Method(m) if matches!(m.0, Value::Set(_)) => {
                let Value::Set(s) = m.0 else { unreachable!() };
                let v = self.set_method(tid, s, &m.1, &args)?;
                Ok(Done::Value(v))
            }
            Value::Func(f) => {
                let prog = self.prog.clone();
                let code = &prog.codes[f as usize];
                let mut args = args;
                if !kw.is_empty() {
                    let mut slots: Vec<Option<Value>> = args.into_iter().map(Some).collect();
                    slots.resize(code.nparams as usize, None);
                    for (k, v) in &kw {
                        match code.varnames[..code.nparams as usize]
                            .iter()
                            .position(|n| n == k)
                        {
                            Some(i) if slots.get(i).is_some_and(|s| s.is_none()) => {
                                slots[i] = Some(v.clone())
                            }
                            Some(_) => {
                                return rt(format!(
                                    "TypeError: {}() got multiple values for argument '{k}'",
                                    code.name
                                ))
                            }
                            None => {
                                return rt(format!(
                                    "TypeError: {}() got an unexpected keyword argument '{k}'",
                                    code.name
                                ))
                            }
                        }
                    }
                    let first_default = code.nparams as usize - code.defaults.len();
                    for (i, slot) in slots.iter_mut().enumerate() {
                        if slot.is_none() && i >= first_default {
                            *slot = Some(code.defaults[i - first_default].clone());
                        }
                    }
                    if slots.iter().any(|s| s.is_none()) {
                        // functions: CPython's message, naming the missing arguments.
                        let pos: Vec<Value> = slots.iter().map_while(|s| s.clone()).collect();
                        let n = pos.len();
                        let named: Vec<(Rc<str>, Value)> = slots
                            .iter()
                            .enumerate()
                            .skip(n)
                            .filter_map(|(i, s)| s.clone().map(|v| (code.varnames[i].clone(), v)))
                            .collect();
                        self.bind(tid, &Value::Func(f), pos, named)?;
                        return rt(format!(
                            "TypeError: {}() missing required arguments",
                            code.name
                        ));
                    }
                    args = slots.into_iter().flatten().collect();
                }
                if code.is_async {
                    let args = with_defaults(code, args);
                    if args.len() != code.nparams as usize {
                        return rt(format!(
                            "TypeError: {}() takes {} positional arguments but {} were given",
                            code.name,
                            code.nparams,
                            args.len()
                        ));
                    }
                    self.coros.push(Coro {
                        func: f,
                        args,
                        used: false,
                    });
                    return Ok(Done::Value(Value::Coro((self.coros.len() - 1) as u32)));
                }
                // Pop operands, advance the caller, then push the callee's frame.
                let fr = self.frame(tid);
                let n = fr.stack.len() - nops;
                fr.stack.truncate(n);
                fr.pc += 1;
                self.push_frame(tid, f, args)?;
                Ok(Done::Frame)
            }
            Value::Builtin(b) => self.call_builtin(tid, b, args, kw.clone(), &kwarg, &no_kw, p),
            Value::Method(m) => self.call_method(tid, &m.0, &m.1, args, &kwarg, &no_kw),
            // classes and exceptions
            Value::Class(_) | Value::Bound(_) => {
                self.call_object(tid, callee, args, kw.clone(), nops)
            }
            other => rt(format!(
                "TypeError: '{}' object is not callable",
                type_name(&other)
            )),
        }
    }

    /// The second phase of a two-phase call (`Condition.wait`, `asyncio.run`, `gather`):
    /// take the result, pop the call's operands and move past it.
    pub(super) fn finish_pending(&mut self, tid: u32, p: Pending) -> R<()> {
        self.threads[tid as usize].pending = None;
        let result = match p {
            Pending::CondWait { cond, lock, count } => {
                // clock: false when a `wait(timeout)` timed out.
                let notified = self.cond_wait_finished(tid, cond);
                self.acquire(tid, lock)?;
                if let SyncObj::RLock { count: c, .. } = &mut self.syncs[lock as usize] {
                    *c = count.max(1);
                }
                Value::Bool(notified)
            }
            Pending::Tasks { tids, gather } => {
                // asyncio: a child's exception, a cancel, or asyncio.run's cancelling of the rest
                if let Some(r) = self.aio_finish_tasks(tid, &tids, gather) {
                    return r;
                }
                let results: Vec<Value> = tids
                    .iter()
                    .map(|t| self.threads[*t as usize].result.clone())
                    .collect();
                if gather {
                    let id = self.alloc(tid, HeapObj::List(results))?;
                    Value::List(id)
                } else {
                    results.into_iter().next().unwrap_or(Value::None)
                }
            }
        };
        // Pop the instruction's operands and move past it.
        let (code_idx, pc) = {
            let f = self.threads[tid as usize].frames.last().expect("frame");
            (f.code, f.pc)
        };
        let prog = self.prog.clone();
        let code = &prog.codes[code_idx as usize];
        let nops = match &code.instrs[pc as usize].op {
            Op::Call(n) => 1 + *n as usize,
            Op::CallKw(n, k) => {
                1 + *n as usize
                    + match code.consts.get(*k as usize) {
                        Some(Value::Tuple(t)) => t.len(),
                        _ => 0,
                    }
            }
            _ => 1,
        };
        let f = self.frame(tid);
        let n = f.stack.len().saturating_sub(nops);
        f.stack.truncate(n);
        f.stack.push(result);
        f.pc += 1;
        Ok(())
    }
}

/// Positional arguments completed with the function's defaults (if few enough are missing).
pub(super) fn with_defaults(
    code: &super::super::compile::Code,
    mut args: Vec<Value>,
) -> Vec<Value> {
    let n = code.nparams as usize;
    let first_default = n - code.defaults.len();
    if args.len() < n && args.len() >= first_default {
        let from = args.len() - first_default;
        args.extend(code.defaults[from..].iter().cloned());
    }
    args
}
