//! Functions in full: binding arguments to parameters (defaults, keyword-only, `*args`,
//! `**kwargs`), closures and their cells, `f(*xs, **d)`, and the calls the prelude answers
//! (see compile/prelude.rs): a builtin that takes a callable, or a native builtin given a
//! generator, becomes a call of a Python function in the prelude, run one bytecode at a time
//! on the calling thread like the program's own functions.//!
//! The prelude's calls themselves live in `prelude_calls.rs`.

use super::super::compile::Code;
use super::super::value::{Closure, HeapObj, Value};
use super::*;
use std::rc::Rc;

/// A call's callee, positional arguments (borrowed from the stack where they are on it) and
/// keyword arguments. (speed: deciding whether a thread is blocked looks at its next call; a
/// copy of its arguments was two allocations per look, several looks per explored state.)
pub(super) type OwnedCallParts<'a> = (Value, std::borrow::Cow<'a, [Value]>, Vec<(Rc<str>, Value)>);

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`, as CPython lists missing arguments.
fn name_list(names: &[Rc<str>]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

impl Machine {
    /// A callable's code and closure (`None` for anything but a Python function).
    pub(super) fn func_of(callee: &Value) -> Option<(u32, Option<&Closure>)> {
        match callee {
            Value::Func(f) => Some((*f, None)),
            Value::Closure(c) => Some((c.code, Some(&**c))),
            _ => None,
        }
    }

    /// The frame's locals for a call: arguments bound to parameters as CPython binds them,
    /// cells made for cell variables, the closure's cells in the free variables' slots.
    pub(super) fn bind(
        &mut self,
        tid: u32,
        callee: &Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
    ) -> R<(u32, Vec<Option<Value>>)> {
        let Some((f, clo)) = Machine::func_of(callee) else {
            return rt("internal error: binding a non-function");
        };
        let prog = self.prog.clone();
        let code: &Code = &prog.codes[f as usize];
        let fun = &code.fun;
        let name = &code.name;
        let n = code.nparams as usize;
        let k = fun.kwonly as usize;
        let mut locals: Vec<Option<Value>> = vec![None; code.varnames.len()];
        let given = args.len();
        let mut args = args.into_iter();
        for slot in locals.iter_mut().take(n.min(given)) {
            *slot = args.next();
        }
        let rest: Vec<Value> = args.collect();
        let (defaults, kwdefaults): (&[Value], &[Option<Value>]) = match clo {
            Some(c) => (&c.defaults, &c.kwdefaults),
            None => (&code.defaults, &fun.kwdefaults),
        };
        match fun.varargs {
            Some(s) => locals[s as usize] = Some(self.new_tuple(rest)?),
            None if !rest.is_empty() => {
                let lo = n - defaults.len();
                let takes = if lo == n {
                    format!("{n}")
                } else {
                    format!("from {lo} to {n}")
                };
                let kwn = kw
                    .iter()
                    .filter(|(key, _)| code.varnames[n..n + k].iter().any(|p| p == key))
                    .count();
                let extra = if kwn > 0 {
                    format!(
                        " positional argument{} (and {kwn} keyword-only argument{})",
                        if given == 1 { "" } else { "s" },
                        if kwn == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                };
                return rt(format!(
                    "TypeError: {name}() takes {takes} positional argument{} but {given}{} {} given",
                    if n == 1 && lo == n { "" } else { "s" },
                    if extra.is_empty() { String::new() } else { extra },
                    if given == 1 && kwn == 0 { "was" } else { "were" }
                ));
            }
            None => {}
        }
        let mut extra_kw: Vec<(Value, Value)> = vec![];
        for (key, v) in kw {
            match code.varnames[..n + k].iter().position(|p| *p == key) {
                Some(i) if locals[i].is_some() => {
                    return rt(format!(
                        "TypeError: {name}() got multiple values for argument '{key}'"
                    ))
                }
                Some(i) => locals[i] = Some(v),
                None if fun.varkw.is_some() => extra_kw.push((Value::Str(key), v)),
                None => {
                    return rt(format!(
                        "TypeError: {name}() got an unexpected keyword argument '{key}'"
                    ))
                }
            }
        }
        let first_default = n - defaults.len();
        let mut missing = vec![];
        for i in 0..n {
            if locals[i].is_none() {
                if i >= first_default {
                    locals[i] = Some(defaults[i - first_default].clone());
                } else {
                    missing.push(code.varnames[i].clone());
                }
            }
        }
        if !missing.is_empty() {
            return rt(format!(
                "TypeError: {name}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            ));
        }
        for j in 0..k {
            if locals[n + j].is_none() {
                match kwdefaults.get(j).cloned().flatten() {
                    Some(d) => locals[n + j] = Some(d),
                    None => missing.push(code.varnames[n + j].clone()),
                }
            }
        }
        if !missing.is_empty() {
            return rt(format!(
                "TypeError: {name}() missing {} required keyword-only argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            ));
        }
        if let Some(s) = fun.varkw {
            self.charge(limits::dict_bytes(extra_kw.len()))?;
            let h = self.heap(tid);
            h.push(HeapObj::Dict(extra_kw));
            locals[s as usize] = Some(Value::Dict((h.len() - 1) as u32));
        }
        for &c in &fun.cells {
            let v = locals[c as usize].take();
            let h = self.heap(tid);
            h.push(HeapObj::Cell(v));
            locals[c as usize] = Some(Value::Cell((h.len() - 1) as u32));
        }
        if let Some(clo) = clo {
            for (slot, cell) in fun.frees.iter().zip(&clo.cells) {
                locals[*slot as usize] = Some(cell.clone());
            }
        }
        Ok((f, locals))
    }

    /// A call of a Python function that is not on the original fast path: a new frame, or a
    /// generator if it is a generator function.
    pub(super) fn call_function(
        &mut self,
        tid: u32,
        callee: &Value,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
        nops: usize,
    ) -> R<Done> {
        let (f, locals) = self.bind(tid, callee, args, kw)?;
        let code = &self.prog.codes[f as usize];
        if code.is_async {
            return rt("TypeError: ThreadLab's subset runs `async def` functions with plain positional parameters and no closure");
        }
        if code.fun.generator {
            return Ok(Done::Value(self.new_generator(tid, f, locals)?));
        }
        let fr = self.frame(tid);
        let n = fr.stack.len() - nops;
        fr.stack.truncate(n);
        fr.pc += 1;
        self.push_locals_frame(tid, f, locals)?;
        Ok(Done::Frame)
    }

    /// Pushes a frame whose locals are already bound.
    pub(super) fn push_locals_frame(
        &mut self,
        tid: u32,
        f: u32,
        locals: Vec<Option<Value>>,
    ) -> R<()> {
        if self.threads[tid as usize].frames.len() >= limits::MAX_FRAMES {
            return rt(format!(
                "RecursionError: maximum recursion depth exceeded (ThreadLab allows {} frames)",
                limits::MAX_FRAMES
            ));
        }
        self.threads[tid as usize].frames.push(Frame {
            code: f,
            pc: 0,
            locals,
            stack: vec![],
            ret: super::Ret::Push,
            memo: vec![],
        });
        Ok(())
    }

    /// `MAKE_FUNCTION` with runtime defaults and a closure.
    pub(super) fn exec_make_closure(&mut self, tid: u32, code: u32, ndefaults: u32) -> R<()> {
        let prog = self.prog.clone();
        let fun = &prog.codes[code as usize].fun;
        let nkw = fun.kwdefault_mask.iter().filter(|m| **m).count();
        let total = ndefaults as usize + nkw + fun.frees.len();
        let f = self.frame(tid);
        if f.stack.len() < total {
            return rt("internal error: stack underflow");
        }
        let mut items = f.stack.split_off(f.stack.len() - total).into_iter();
        let defaults: Vec<Value> = items.by_ref().take(ndefaults as usize).collect();
        let kwdefaults: Vec<Option<Value>> = fun
            .kwdefault_mask
            .iter()
            .map(|has| if *has { items.next() } else { None })
            .collect();
        let cells: Vec<Value> = items.collect();
        self.push(
            tid,
            Value::Closure(Rc::new(Closure {
                code,
                defaults,
                kwdefaults,
                cells,
            })),
        );
        Ok(())
    }

    fn cell_of(&mut self, tid: u32, slot: u32) -> R<u32> {
        match self.frame(tid).locals.get(slot as usize) {
            Some(Some(Value::Cell(c))) => Ok(*c),
            _ => rt("internal error: no cell"),
        }
    }

    /// `LOAD_DEREF`: the variable in the slot's cell.
    pub(super) fn exec_load_deref(&mut self, tid: u32, code: &Code, slot: u32) -> R<()> {
        let c = self.cell_of(tid, slot)?;
        match self.heap(tid).get(c as usize) {
            Some(HeapObj::Cell(Some(v))) => {
                let v = v.clone();
                self.push(tid, v);
                Ok(())
            }
            _ => {
                let n = &code.varnames[slot as usize];
                if code.fun.frees.contains(&slot) {
                    rt(format!("NameError: cannot access free variable '{n}' where it is not associated with a value in enclosing scope"))
                } else {
                    rt(format!("UnboundLocalError: cannot access local variable '{n}' where it is not associated with a value"))
                }
            }
        }
    }

    /// `STORE_DEREF` (`DELETE_DEREF` with `None`).
    pub(super) fn exec_store_deref(&mut self, tid: u32, slot: u32, v: Option<Value>) -> R<()> {
        let c = self.cell_of(tid, slot)?;
        if let Some(HeapObj::Cell(x)) = self.heap(tid).get_mut(c as usize) {
            *x = v;
        }
        Ok(())
    }

    /// `CALL_FUNCTION_EX`: stack callee, argument list, keyword dict.
    pub(super) fn exec_call_ex(&mut self, tid: u32) -> R<()> {
        let p = self.proc(tid);
        let f = self.frame(tid);
        let n = f.stack.len();
        if n < 3 {
            return rt("internal error: stack underflow");
        }
        let (callee, a, k) = (
            f.stack[n - 3].clone(),
            f.stack[n - 2].clone(),
            f.stack[n - 1].clone(),
        );
        let args = match a {
            Value::List(id) => list_items(&self.mems[p].heap, id),
            _ => vec![],
        };
        let kw: Vec<(Rc<str>, Value)> = match &k {
            Value::Dict(id) => match &self.mems[p].heap[*id as usize] {
                HeapObj::Dict(kv) => kv
                    .iter()
                    .map(|(k, v)| match k {
                        Value::Str(s) => (s.clone(), v.clone()),
                        _ => (Rc::from(""), v.clone()),
                    })
                    .collect(),
                _ => vec![],
            },
            _ => vec![],
        };
        self.frame(tid).pc -= 1;
        match self.call(tid, callee, args, kw, 3)? {
            Done::Value(v) => {
                let f = self.frame(tid);
                let n = f.stack.len() - 3;
                f.stack.truncate(n);
                f.stack.push(v);
                f.pc += 1;
            }
            Done::Frame | Done::Pending => {}
        }
        Ok(())
    }

    /// `Thread(target=…, args=…, kwargs=…)`: a target that is not a plain function, or
    /// keyword arguments, run through the prelude's `_thread_run` (CPython's `Thread.run`).
    pub(super) fn thread_target(
        &mut self,
        p: u32,
        target: Value,
        args: Vec<Value>,
        kwargs: Option<Value>,
    ) -> R<(Value, Vec<Value>)> {
        let plain = match &target {
            Value::Func(f) => self.prog.codes[*f as usize].fun.simple(),
            _ => false,
        };
        let kwargs = match kwargs {
            None | Some(Value::None) => None,
            Some(d @ Value::Dict(_)) => Some(d),
            Some(v) => {
                return rt(format!(
                    "TypeError: kwargs= must be a dict, not {}",
                    type_name(&v)
                ))
            }
        };
        if plain && kwargs.is_none() {
            return Ok((target, args));
        }
        let run = match self.prog.prelude.get("_thread_run") {
            Some(f) => Value::Func(*f),
            None => return rt("internal error: no _thread_run"),
        };
        let kwargs = match kwargs {
            Some(d) => d,
            None => {
                self.charge(limits::dict_bytes(0))?;
                let h = &mut self.mems[p as usize].heap;
                h.push(HeapObj::Dict(vec![]));
                Value::Dict((h.len() - 1) as u32)
            }
        };
        let t = self.new_tuple(args)?;
        Ok((run, vec![target, t, kwargs]))
    }

    /// Whether `v` can be called (the checks of `Thread(target=…)`).
    pub(super) fn callable(v: &Value) -> bool {
        matches!(
            v,
            Value::Func(_)
                | Value::Closure(_)
                | Value::Builtin(_)
                | Value::Method(_)
                | Value::Bound(_)
                | Value::Class(_)
        )
    }
}
