//! The opcode loop: one instruction of one thread (`exec`) and two-phase calls.
//!
//! The step around it and the end-of-run checks live in `step.rs`; the frame, stack and
//! heap helpers in `stack.rs`.

use super::super::compile::Op;
use super::super::value::{truthy, HeapObj, Module, SyncObj, Value};
use super::*;

impl Machine {
    pub(super) fn exec(&mut self, tid: u32) -> R<()> {
        if let Some(p) = self.threads[tid as usize].pending.clone() {
            return self.finish_pending(tid, p);
        }
        let (code_idx, pc) = {
            let f = self.threads[tid as usize].frames.last().expect("frame");
            (f.code, f.pc)
        };
        let prog = self.prog.clone();
        let code = &prog.codes[code_idx as usize];
        let Some(instr) = code.instrs.get(pc as usize) else {
            return rt("internal error: pc out of range");
        };
        self.frame(tid).pc += 1;
        let name = |i: &u32| code.names[*i as usize].clone();
        match &instr.op {
            Op::LoadConst(i) => {
                let v = code.consts[*i as usize].clone();
                self.push(tid, v);
            }
            Op::LoadName(i) | Op::LoadGlobal(i) => {
                let n = name(i);
                let p = self.proc(tid);
                let v = match self.mems[p].globals.get(&n) {
                    Some(v) => v.clone(),
                    None => match builtin_named(&n) {
                        Some(b) => Value::Builtin(b),
                        None if PY_BUILTINS.contains(&&*n) => {
                            return rt(format!("NameError: `{n}` is a Python built-in that ThreadLab's subset does not support"))
                        }
                        None => return rt(format!("NameError: name '{n}' is not defined")),
                    },
                };
                self.push(tid, v);
            }
            Op::StoreName(i) | Op::StoreGlobal(i) => {
                let v = self.pop(tid)?;
                let n = name(i);
                let p = self.proc(tid);
                self.mems[p].globals.insert(n.clone(), v);
                self.mems[p].writers.insert(n, tid);
            }
            Op::LoadFast(i) => {
                let v = self.frame(tid).locals[*i as usize].clone();
                match v {
                    Some(v) => self.push(tid, v),
                    None => {
                        return rt(format!(
                            "UnboundLocalError: cannot access local variable '{}' where it is not associated with a value",
                            code.varnames[*i as usize]
                        ))
                    }
                }
            }
            Op::StoreFast(i) => {
                let v = self.pop(tid)?;
                self.frame(tid).locals[*i as usize] = Some(v);
            }
            Op::LoadAttr(i) => {
                let o = self.pop(tid)?;
                // numbers
                if let Value::Module(m @ (Module::Math | Module::Sys)) = o {
                    let v = self.module_attr(tid, m, &name(i))?;
                    self.push(tid, v);
                    return Ok(());
                }
                if let Some(v) = futures::constant(&o, &name(i)) {
                    self.push(tid, v); // futures
                    return Ok(());
                }
                let v = match classes::is_object(&o) {
                    true => self.load_obj_attr(tid, &o, &name(i))?, // classes and exceptions
                    false => self.get_attr(&o, &name(i))?,
                };
                self.push(tid, v);
            }
            Op::StoreAttr(i) => {
                let v = self.pop(tid)?;
                let o = self.pop(tid)?;
                let n = name(i);
                match (&o, &*n) {
                    (Value::Sync(s), "value")
                        if matches!(self.syncs[*s as usize], SyncObj::MpValue { .. }) =>
                    {
                        if !mp::shared_number(&v) {
                            return rt(format!(
                                "TypeError: a multiprocessing.Value holds a number, not '{}'",
                                type_name(&v)
                            ));
                        }
                        if let SyncObj::MpValue { value, .. } = &mut self.syncs[*s as usize] {
                            *value = v;
                        }
                    }
                    // clock
                    (Value::ThreadObj(_) | Value::Sync(_), _)
                        if self.set_attr_extra(tid, &o, &n, v.clone())? => {}
                    // classes and exceptions
                    _ if classes::is_object(&o) => self.store_obj_attr(tid, &o, &n, v)?,
                    _ => {
                        return rt(format!(
                        "AttributeError: cannot set attribute '{n}' of '{}' in ThreadLab's subset",
                        type_name(&o)
                    ))
                    }
                }
            }
            Op::BinarySubscr => {
                if self.hook_subscr(tid)? {
                    return Ok(()); // collections
                }
                let i = self.pop(tid)?;
                let o = self.pop(tid)?;
                // multiprocessing
                if let Some(v) = self.mp_subscr(tid, &o, &i) {
                    let v = v?;
                    self.push(tid, v);
                    return Ok(());
                }
                // numbers
                if let Value::Slice(s) = &i {
                    let v = self.slice_get(tid, &o, s)?;
                    self.push(tid, v);
                    return Ok(());
                }
                let v = self.subscr(tid, &o, &i)?;
                self.push(tid, v);
            }
            Op::StoreSubscr => {
                if self.hook_store_subscr(tid)? {
                    return Ok(()); // collections
                }
                let v = self.pop(tid)?;
                let i = self.pop(tid)?;
                let o = self.pop(tid)?;
                // multiprocessing
                if let Some(r) = self.mp_store_subscr(&o, &i, &v) {
                    return r;
                }
                self.store_subscr(tid, &o, i, v)?;
            }
            Op::Binary(op, aug) => {
                if self.hook_binary(tid, *op, *aug)? {
                    return Ok(()); // collections
                }
                let b = self.pop(tid)?;
                let a = self.pop(tid)?;
                let v = self.binary(tid, *op, &a, &b)?;
                self.push(tid, v);
            }
            Op::Compare(op) => {
                // classes and exceptions: `__eq__`, `__lt__`, `__contains__`… are call-backs.
                let n = self.frame(tid).stack.len();
                let dunder = match self.frame(tid).stack.get(n.wrapping_sub(2)..) {
                    Some([a, b]) if classes::is_instance(a) || classes::is_instance(b) => {
                        let (a, b) = (a.clone(), b.clone());
                        self.compare_objects(tid, *op, &a, &b)?
                    }
                    _ => None,
                };
                let b = self.pop(tid)?;
                let a = self.pop(tid)?;
                let v = match dunder {
                    Some(v) => v,
                    None => self.compare(tid, *op, &a, &b)?,
                };
                self.push(tid, Value::Bool(v));
            }
            Op::UnaryNot => {
                let dunder = self.hook_truth(tid)?; // collections: __bool__, __len__
                let a = self.pop(tid)?;
                let p = self.proc(tid);
                let t = dunder.unwrap_or_else(|| truthy(&a, &self.mems[p].heap));
                self.push(tid, Value::Bool(!t));
            }
            Op::UnaryNeg => {
                let a = self.pop(tid)?;
                let v = match a {
                    Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                    Value::Bool(b) => Value::Int(-(b as i64)),
                    // numbers
                    Value::Float(x) => float::float(-x.get()),
                    _ => {
                        return rt(format!(
                            "TypeError: bad operand type for unary -: '{}'",
                            type_name(&a)
                        ))
                    }
                };
                self.push(tid, v);
            }
            Op::Jump(t) => self.frame(tid).pc = *t,
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let dunder = self.hook_truth(tid)?; // collections: __bool__, __len__
                let a = self.pop(tid)?;
                let p = self.proc(tid);
                let want = matches!(instr.op, Op::PopJumpIfTrue(_));
                if dunder.unwrap_or_else(|| truthy(&a, &self.mems[p].heap)) == want {
                    self.frame(tid).pc = *t;
                }
            }
            Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                let dunder = self.hook_truth(tid)?; // collections: __bool__, __len__
                let p = self.proc(tid);
                let a = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                let want = matches!(instr.op, Op::JumpIfTrueOrPop(_));
                if dunder.unwrap_or_else(|| truthy(&a, &self.mems[p].heap)) == want {
                    self.frame(tid).pc = *t;
                } else {
                    self.pop(tid)?;
                }
            }
            Op::Call(_) | Op::CallKw(..) => {
                let f = self.threads[tid as usize].frames.last().expect("frame");
                let Some((callee, args, kw)) = self.call_parts(f, code, &instr.op) else {
                    return rt("internal error: bad call");
                };
                let args = args.to_vec();
                let nops = 1 + args.len() + kw.len();
                // Run with pc still on the call, so a two-phase call can stay there.
                self.frame(tid).pc -= 1;
                match self.call(tid, callee, args, kw, nops)? {
                    Done::Value(v) => {
                        let f = self.frame(tid);
                        let n = f.stack.len() - nops;
                        f.stack.truncate(n);
                        f.stack.push(v);
                        f.pc += 1;
                    }
                    Done::Frame | Done::Pending => {}
                }
            }
            Op::BuildList(n) => {
                let f = self.frame(tid);
                let at = f.stack.len() - *n as usize;
                let items = f.stack.split_off(at);
                let id = self.alloc(tid, HeapObj::List(items))?;
                self.push(tid, Value::List(id));
            }
            Op::BuildTuple(n) => {
                let f = self.frame(tid);
                let at = f.stack.len() - *n as usize;
                let items = f.stack.split_off(at);
                let v = self.new_tuple(items)?;
                self.push(tid, v);
            }
            Op::BuildMap(n) => {
                let f = self.frame(tid);
                let at = f.stack.len() - 2 * *n as usize;
                let items = f.stack.split_off(at);
                let mut kv: Vec<(Value, Value)> = vec![];
                for pair in items.chunks(2) {
                    self.check_hashable(&pair[0])?;
                    let p = self.proc(tid);
                    match kv
                        .iter()
                        .position(|(k, _)| eq(&self.mems[p].heap, k, &pair[0]))
                    {
                        Some(i) => kv[i].1 = pair[1].clone(),
                        None => kv.push((pair[0].clone(), pair[1].clone())),
                    }
                }
                let id = self.alloc(tid, HeapObj::Dict(kv))?;
                self.push(tid, Value::Dict(id));
            }
            Op::GetIter => self.exec_get_iter(tid)?,
            Op::ForIter(t) => self.exec_for_iter(tid, t)?,
            Op::PopTop => {
                self.pop(tid)?;
            }
            Op::DupTop => {
                let v = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                self.push(tid, v);
            }
            Op::DupTopTwo => {
                let f = self.frame(tid);
                let n = f.stack.len();
                if n < 2 {
                    return rt("internal error: stack underflow");
                }
                let (a, b) = (f.stack[n - 2].clone(), f.stack[n - 1].clone());
                f.stack.push(a);
                f.stack.push(b);
            }
            Op::RotTwo => {
                let f = self.frame(tid);
                let n = f.stack.len();
                if n < 2 {
                    return rt("internal error: stack underflow");
                }
                f.stack.swap(n - 1, n - 2);
            }
            Op::ReturnValue => {
                let v = self.pop(tid)?;
                if code.fun.generator {
                    return self.gen_return(tid, v);
                }
                self.ret(tid, v);
            }
            Op::MakeFunction(c) => self.push(tid, Value::Func(*c)),
            Op::ImportName(i) => {
                let n = name(i);
                match Module::from_name(&n) {
                    Some(m) => self.push(tid, Value::Module(m)),
                    None => return rt(format!("ModuleNotFoundError: No module named '{n}'")),
                }
            }
            Op::RaiseAssert(has_msg) => {
                let msg = if *has_msg {
                    let m = self.pop(tid)?;
                    let p = self.proc(tid) as u32;
                    format!("AssertionError: {}", self.fmt(p).str(&m))
                } else {
                    "AssertionError".to_string()
                };
                return Err(RtErr { msg, assert: true });
            }
            Op::WithEnter => {
                let o = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                match o {
                    Value::Sync(s) => self.acquire(tid, s)?,
                    Value::Instance(_) => self.with_enter_obj(tid, &o)?, // futures
                    Value::Awaitable(a) => self.aio_with_enter(tid, &a)?, // asyncio
                    _ => return rt(format!("TypeError: '{}' object does not support the context manager protocol in ThreadLab's subset", type_name(&o))),
                }
            }
            Op::WithExit => {
                self.with_exit_obj(tid)?; // futures
                if let Some(Value::Awaitable(a)) = self.frame(tid).stack.last().cloned() {
                    self.aio_with_exit(tid, &a)?; // asyncio
                }
                let o = self.pop(tid)?;
                if let Value::Sync(s) = o {
                    self.release(tid, s)?;
                }
            }
            Op::FormatValue(repr) => {
                // classes and exceptions: `__str__`/`__repr__` are call-backs (TOS stays until done).
                let v = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                let p = self.proc(tid) as u32;
                let text = match (&v, repr) {
                    (Value::Str(s), false) => s.to_string(),
                    _ if classes::has_objects(&self.mems[p as usize].heap, &v) => {
                        self.py_format(tid, &v, *repr)?
                    }
                    _ => self.repr(p, &v),
                };
                self.pop(tid)?;
                let v = self.new_str(text)?;
                self.push(tid, v);
            }
            Op::ListAppend(n) => {
                let v = self.pop(tid)?;
                let f = self.frame(tid);
                let Some(Value::List(id)) = f
                    .stack
                    .len()
                    .checked_sub(*n as usize)
                    .and_then(|i| f.stack.get(i))
                    .cloned()
                else {
                    return rt("internal error: LIST_APPEND without a list");
                };
                self.charge(8)?;
                if let HeapObj::List(xs) = &mut self.heap(tid)[id as usize] {
                    if xs.len() as u64 >= limits::MAX_SEQ_LEN {
                        return rt("MemoryError: list too long for ThreadLab");
                    }
                    xs.push(v);
                }
            }
            Op::UnpackSequence(n) => self.exec_unpack(tid, n)?,
            Op::BuildString(n) => {
                let f = self.frame(tid);
                let at = f.stack.len() - *n as usize;
                let parts = f.stack.split_off(at);
                let mut out = String::new();
                for part in &parts {
                    if let Value::Str(s) = part {
                        out.push_str(s);
                    }
                }
                if out.len() as u64 > limits::MAX_STR_LEN {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                let v = self.new_str(out)?;
                self.push(tid, v);
            }
            Op::Await => self.exec_await(tid)?,
            // numbers
            Op::BuildSlice | Op::RotThree | Op::FormatSpec => self.exec_num_op(tid, &instr.op)?,
            // functions, generators and statements
            Op::LoadDeref(i) => self.exec_load_deref(tid, code, *i)?,
            Op::StoreDeref(i) => {
                let v = self.pop(tid)?;
                self.exec_store_deref(tid, *i, Some(v))?
            }
            Op::MakeClosure(c, n) => self.exec_make_closure(tid, *c, *n)?,
            Op::CallEx => self.exec_call_ex(tid)?,
            Op::ListExtend(_) | Op::DictMerge(_) | Op::MapAdd(_) => {
                self.exec_build_op(tid, &instr.op)?
            }
            Op::SetAdd(n) => self.exec_set_add(tid, *n)?,
            Op::BuildSet(n) => self.exec_build_set(tid, *n, false)?,
            Op::BuildConstSet(n) => self.exec_build_set(tid, *n, true)?,
            Op::YieldValue => {
                let v = self.pop(tid)?;
                self.gen_yield(tid, v)?
            }
            Op::YieldFrom => self.exec_yield_from(tid)?,
            Op::UnpackEx(a, b) => self.exec_unpack_ex(tid, *a, *b)?,
            Op::DeleteName(_)
            | Op::DeleteGlobal(_)
            | Op::DeleteFast(_)
            | Op::DeleteDeref(_)
            | Op::DeleteSubscr => self.exec_delete(tid, code, &instr.op)?,
            Op::LoadLib(i) => self.exec_load_lib(tid, &name(i))?,
            Op::ListToTuple => {
                let v = self.pop(tid)?;
                let items = self.iter_items(tid, &v)?;
                let t = self.new_tuple(items)?;
                self.push(tid, t);
            }
            Op::PullThird => {
                let f = self.frame(tid);
                let n = f.stack.len();
                if n < 3 {
                    return rt("internal error: stack underflow");
                }
                let v = f.stack.remove(n - 3);
                f.stack.push(v);
            }
            // classes and exceptions
            Op::BuildClass(n, nb) => self.exec_build_class(tid, &name(n), *nb)?,
            Op::ReturnLocals => self.exec_return_locals(tid)?,
            Op::SetupExcept(..) | Op::PopExcept => {}
            Op::Raise(n) => self.exec_raise(tid, *n)?,
            Op::Reraise => {
                let e = self.pop(tid)?;
                return self.throw(e);
            }
            Op::RaiseHandled(slot) => {
                let e = self.frame(tid).stack.get(*slot as usize).cloned();
                return self.throw(e.unwrap_or(Value::None));
            }
            Op::ExcMatch => {
                let c = self.pop(tid)?;
                let e = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                let m = self.exc_matches(tid, &e, &c)?;
                self.push(tid, Value::Bool(m));
            }
            Op::ExcDelName(i) => {
                let p = self.proc(tid);
                self.mems[p].globals.remove(&name(i));
            }
            Op::ExcDelFast(i) => self.frame(tid).locals[*i as usize] = None,
        }
        Ok(())
    }
}
