//! A thread's frame and value stack, its process's heap, and allocation charged to the
//! memory budget (lists, dicts, strings, tuples made at run time).

use super::super::value::Heap;
use super::super::value::{HeapObj, Value};
use super::*;

impl Machine {
    pub(super) fn frame(&mut self, tid: u32) -> &mut Frame {
        self.threads[tid as usize]
            .frames
            .last_mut()
            .expect("a live thread has a frame")
    }

    pub(super) fn pop(&mut self, tid: u32) -> R<Value> {
        match self.frame(tid).stack.pop() {
            Some(v) => Ok(v),
            None => rt("internal error: stack underflow"),
        }
    }

    pub(super) fn push(&mut self, tid: u32, v: Value) {
        self.frame(tid).stack.push(v);
    }

    pub(super) fn proc(&self, tid: u32) -> usize {
        self.threads[tid as usize].process as usize
    }

    pub(super) fn heap(&mut self, tid: u32) -> &mut Heap {
        let p = self.proc(tid);
        &mut self.mems[p].heap
    }

    /// A new list or dict in `tid`'s process heap, charged to the memory budget.
    pub(super) fn alloc(&mut self, tid: u32, o: HeapObj) -> R<u32> {
        self.charge(match &o {
            HeapObj::List(xs) => limits::list_bytes(xs.len()),
            HeapObj::Dict(kv) => limits::dict_bytes(kv.len()),
            // classes and exceptions
            HeapObj::Instance { attrs, .. } => limits::dict_bytes(attrs.len()) + 48,
            HeapObj::Class(_) => 0, // charged by BUILD_CLASS
            // functions
            _ => 64,
        })?;
        let h = self.heap(tid);
        h.push(o);
        Ok((h.len() - 1) as u32)
    }

    /// A string made at run time, charged to the memory budget.
    pub(super) fn new_str(&mut self, s: String) -> R<Value> {
        if s.len() as u64 > limits::MAX_STR_LEN {
            return rt("MemoryError: string too long for ThreadLab");
        }
        self.charge(limits::str_bytes(s.len()))?;
        Ok(Value::Str(s.into()))
    }

    /// A tuple made at run time, charged to the memory budget.
    pub(super) fn new_tuple(&mut self, items: Vec<Value>) -> R<Value> {
        if items.len() as u64 > limits::MAX_SEQ_LEN {
            return rt("MemoryError: tuple too long for ThreadLab");
        }
        self.charge(limits::tuple_bytes(items.len()))?;
        Ok(Value::Tuple(items.into()))
    }
}
