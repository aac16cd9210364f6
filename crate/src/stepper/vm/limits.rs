//! The limits that keep every run finite and small, each declared once: steps per run, threads
//! per program, frames per thread, the sizes of strings and sequences, and a memory budget for
//! the program's values. Every one ends a run the way CPython would (`MemoryError`,
//! `RecursionError`, …) or with the outcome `budget` — never with a trap or a panic.
//!
//! **Per-step cost.** No single step does more than about a million elementary operations:
//! a string has at most [`MAX_STR_LEN`] characters, a list, tuple or materialised range at most
//! [`MAX_SEQ_LEN`] items, `==` visits at most [`EQ_NODES`] nodes, `repr` at most 20 000, and
//! every count (`[x] * n`, `"a" * n`, `range(n)`) is checked in 64 bits before any work.
//!
//! **Memory.** The program's values are charged as they are created, in CPython's sizes on a
//! 64-bit build (the same on every platform, so a run ends the same way natively and in wasm):
//! a string `49 + len` bytes, a list `56 + 8·n`, a tuple `40 + 8·n`, a dict `64 + 48·n`, a
//! printed line `49 + len`. When the charges pass [`MEMORY_BUDGET`], the machine measures what
//! the program still holds (and frees what it cannot reach); if that is over the budget, the
//! step raises `MemoryError` at its line.

use super::super::value::{HeapObj, Value};
use super::{rt, Machine, Thread, R};
use std::collections::HashSet;

/// A run stops with outcome `budget` after this many steps.
pub const MAX_STEPS: u32 = 100_000;
/// Threads, tasks and processes per program, the main thread included (ids 0–63; see
/// `sched::schedule` for how a schedule names them).
pub const MAX_THREADS: usize = 64;
/// Frames per thread (CPython's default recursion limit is 1000; the stepper keeps stacks small).
pub const MAX_FRAMES: usize = 200;
/// Bytes (UTF-8) in one string.
pub const MAX_STR_LEN: u64 = 1_000_000;
/// Items in one list or tuple, or one materialised range.
pub const MAX_SEQ_LEN: u64 = 100_000;
/// Nodes one `==` may visit (a self-containing list compares unequal past depth 50).
pub const EQ_NODES: u32 = 1_000_000;
/// Comparisons one step may make (`==` nodes, ordering comparisons in `sorted`, `in`,
/// `list.index`, …, all counted together): past this the run stops with outcome `budget`.
pub const STEP_FUEL: u32 = 10_000_000;
/// The budget for the program's values, in bytes (32 MiB).
pub const MEMORY_BUDGET: u64 = 32 << 20;

/// Bytes charged for a string of `len` bytes.
pub fn str_bytes(len: usize) -> u64 {
    49 + len as u64
}
/// Bytes charged for a list of `n` items.
pub fn list_bytes(n: usize) -> u64 {
    56 + 8 * n as u64
}
/// Bytes charged for a tuple of `n` items.
pub fn tuple_bytes(n: usize) -> u64 {
    40 + 8 * n as u64
}
/// Bytes charged for a dict of `n` entries.
pub fn dict_bytes(n: usize) -> u64 {
    64 + 48 * n as u64
}

/// The memory meter: bytes charged since the last measurement. Not part of a state's identity
/// (it only decides *when* the machine measures; what it measures is the state itself).
#[derive(Clone, Copy, Debug)]
pub struct Meter {
    pub charged: u64,
    /// Measure again once `charged` passes this.
    pub next_check: u64,
}

impl Default for Meter {
    fn default() -> Meter {
        Meter {
            charged: 0,
            next_check: MEMORY_BUDGET,
        }
    }
}

thread_local! {
    /// Comparisons left in the current step (reset by `step_unchecked`). Thread-local rather
    /// than threaded through every `==`; a run is single-threaded, so it stays deterministic.
    static FUEL: std::cell::Cell<u32> = const { std::cell::Cell::new(STEP_FUEL) };
}

/// A new step: the full [`STEP_FUEL`].
pub fn refuel() {
    FUEL.with(|f| f.set(STEP_FUEL));
}

/// Uses one comparison; false once the step has used them all (the caller stops at once).
pub fn burn() -> bool {
    FUEL.with(|f| match f.get() {
        0 => false,
        n => {
            f.set(n - 1);
            true
        }
    })
}

/// Whether the current step ran out of comparisons.
pub fn out_of_fuel() -> bool {
    FUEL.with(|f| f.get() == 0)
}

/// CPython's message (it has none) and the budget that was passed.
pub fn memory_error<T>() -> R<T> {
    rt(format!(
        "MemoryError (the program's values passed ThreadLab's {} MB budget)",
        MEMORY_BUDGET >> 20
    ))
}

/// `"x" * n` / `[x] * n`: the result's length, checked in 64 bits before any work.
/// CPython: a string repeat whose byte size overflows is `OverflowError: repeated string is too
/// long`; anything bigger than memory is `MemoryError`.
pub fn repeat_len(len: usize, n: i64, is_str: bool, cap: u64, what: &str) -> R<usize> {
    if n <= 0 || len == 0 {
        return Ok(0);
    }
    match (len as u64).checked_mul(n as u64) {
        Some(total) if total <= cap => Ok(total as usize),
        Some(total) if !is_str || total <= i64::MAX as u64 => {
            rt(format!("MemoryError: {what} too long for ThreadLab"))
        }
        _ if is_str => rt("OverflowError: repeated string is too long"),
        _ => rt(format!("MemoryError: {what} too long for ThreadLab")),
    }
}

impl Machine {
    /// Charges `bytes` for values just created; measures (and collects) once the charges pass
    /// the budget, and raises `MemoryError` if the program really holds more.
    pub(super) fn charge(&mut self, bytes: u64) -> R<()> {
        self.meter.charged = self.meter.charged.saturating_add(bytes);
        if self.meter.charged <= self.meter.next_check {
            return Ok(());
        }
        let live = self.collect();
        if live > MEMORY_BUDGET {
            return memory_error();
        }
        // Measure again after the room left, or a sixteenth of the budget if that is less
        // (so a program living near the budget is not measured at every step).
        self.meter = Meter {
            charged: live,
            next_check: live + (MEMORY_BUDGET - live).max(MEMORY_BUDGET / 16),
        };
        Ok(())
    }

    /// Frees every heap object the program cannot reach (its slot stays, emptied, so ids do not
    /// move) and returns the bytes of what it can reach, in the charging sizes above.
    pub fn collect(&mut self) -> u64 {
        let mut seen_rc: HashSet<usize> = HashSet::new();
        let mut total: u64 = self.output.bytes();
        // Values not tied to one process are roots in every process (conservative).
        let mut shared: Vec<Value> = vec![];
        for o in &self.tobjs {
            shared.push(o.target.clone());
            shared.extend(o.args.iter().cloned());
        }
        for c in &self.coros {
            shared.extend(c.args.iter().cloned());
        }
        shared.extend(self.aio_roots()); // asyncio
        for s in &self.syncs {
            use super::super::value::SyncObj as S;
            match s {
                S::Queue { items, .. } => shared.extend(items.iter().cloned()),
                S::MpValue { value, .. } => shared.push(value.clone()),
                _ => {}
            }
        }
        for p in 0..self.mems.len() {
            let mut roots: Vec<Value> = shared.clone();
            roots.extend(self.mems[p].globals.values().cloned());
            for t in self.threads.iter().filter(|t| t.process as usize == p) {
                roots.extend(thread_values(t));
            }
            let heap = &mut self.mems[p].heap;
            let mut marked = vec![false; heap.len()];
            while let Some(v) = roots.pop() {
                match &v {
                    Value::Str(s) => {
                        if seen_rc.insert(s.as_ptr() as usize) {
                            total += str_bytes(s.len());
                        }
                    }
                    Value::Tuple(xs) | Value::TupleIter(xs, _) => {
                        if seen_rc.insert(xs.as_ptr() as usize) {
                            total += tuple_bytes(xs.len());
                            roots.extend(xs.iter().cloned());
                        }
                    }
                    Value::List(id)
                    | Value::Dict(id)
                    | Value::ListIter(id, _)
                    | Value::Cell(id)
                    | Value::Gen(id)
                    | Value::Set(id)
                    | Value::Instance(id)
                    | Value::Class(id) => {
                        let i = *id as usize;
                        if i < marked.len() && !marked[i] {
                            marked[i] = true;
                            match &heap[i] {
                                HeapObj::List(xs) => {
                                    total += list_bytes(xs.len());
                                    roots.extend(xs.iter().cloned());
                                }
                                HeapObj::Dict(kv) => {
                                    total += dict_bytes(kv.len());
                                    for (k, x) in kv {
                                        roots.push(k.clone());
                                        roots.push(x.clone());
                                    }
                                }
                                // classes and exceptions
                                HeapObj::Instance { class, attrs } => {
                                    total += dict_bytes(attrs.len()) + 48;
                                    roots.push(class.clone());
                                    roots.extend(attrs.iter().map(|(_, x)| x.clone()));
                                }
                                HeapObj::Class(c) => {
                                    total += dict_bytes(c.attrs.len()) + 400;
                                    roots.extend(c.mro.iter().cloned());
                                    roots.extend(c.attrs.iter().map(|(_, x)| x.clone()));
                                }
                                // functions
                                other => total += super::stmts::heap_values(other, &mut roots),
                            }
                        }
                    }
                    Value::Method(m) => roots.push(m.0.clone()),
                    // classes and exceptions
                    Value::Bound(b) | Value::Super(b) => {
                        roots.push(b.0.clone());
                        roots.push(b.1.clone());
                    }
                    // functions
                    Value::Closure(c) => {
                        roots.extend(c.defaults.iter().cloned());
                        roots.extend(c.kwdefaults.iter().flatten().cloned());
                        roots.extend(c.cells.iter().cloned());
                    }
                    Value::Awaitable(a) => {
                        use super::super::value::Awaitable as A;
                        match &**a {
                            A::Gather(xs) => roots.extend(xs.iter().cloned()),
                            A::QueuePut(_, x) => roots.push(x.clone()),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            for (i, o) in heap.iter_mut().enumerate() {
                let empty = match o {
                    HeapObj::List(xs) => xs.is_empty(),
                    HeapObj::Dict(kv) => kv.is_empty(),
                    // classes and exceptions, functions
                    _ => false,
                };
                if !marked[i] && !empty {
                    *o = HeapObj::List(Vec::new());
                }
            }
        }
        total
    }
}

/// Every value a thread holds: locals, stacks and its result.
fn thread_values(t: &Thread) -> Vec<Value> {
    let mut out = vec![t.result.clone()];
    for f in &t.frames {
        out.extend(f.locals.iter().flatten().cloned());
        out.extend(f.stack.iter().cloned());
        // classes and exceptions: call-back results and the instance an `__init__` makes
        out.extend(f.memo.iter().cloned());
        if let super::Ret::Init(id) | super::Ret::InitMemo(id) = &f.ret {
            out.push(Value::Instance(*id));
        }
    }
    out
}
