//! The access footprint of a thread's next step: which shared things it may read and write.
//!
//! Two steps of different threads are **independent** when neither writes anything the other
//! reads or writes: then they commute (either order reaches the same state) and neither enables
//! or disables the other. The explorer's partial-order reduction ([`super::por`]) explores only
//! one order of independent steps.
//!
//! A footprint is two 128-bit masks, reads and writes. Each shared thing hashes to one bit of
//! its class (a collision only makes two steps look dependent: safe). The classes:
//!
//! | bits     | what                                                        |
//! |----------|-------------------------------------------------------------|
//! | 0–47     | a global name of a process                                  |
//! | 48–79    | a heap object (list, dict, set, instance, class, cell)      |
//! | 80–103   | a sync object (lock, queue, event, condition, …)            |
//! | 104      | the program's output                                        |
//! | 105      | the clock, names, `random` and the other extras             |
//! | 106      | allocation (a new heap object's id depends on who is first) |
//! | 107      | the thread objects                                          |
//! | 108      | the thread table (starting a thread)                        |
//! | 109–127  | a thread's end (what `join` waits for)                      |
//!
//! Anything not modelled here — a step whose effect is not known from its instruction and
//! operands, a two-phase call under way, any timed wait or sleeper (the clock jumps when no
//! thread can run: a global condition), daemon threads — gets [`Fp::ALL`], dependent on every
//! step. A step that ends the run (an uncaught exception) disables every other thread: the
//! explorer marks it `ALL` after running it ([`super::por`]).

use super::super::compile::Op;
use super::super::explore::is_local_step;
use super::super::value::{Builtin, HeapObj, SyncObj, Value};
use super::super::vm::{Machine, TState};
use std::hash::{Hash, Hasher};

/// Reads and writes as bit masks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fp {
    pub r: u128,
    pub w: u128,
    /// What the step does to a lock or a thread, for [`Fp::co_enabled`].
    pub sync: Sync,
}

/// Steps that can never both be possible at once (DPOR's "may be co-enabled" test).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sync {
    #[default]
    Other,
    /// Acquires, or releases (held by the thread), Lock or RLock `id`.
    Acquire(u32),
    Release(u32),
    /// Thread `t`'s last step, and a `join` of thread `t` (possible only after it).
    End(u32),
    Join(u32),
}

const HEAP_ALL: u128 = ((1u128 << 32) - 1) << 48;
const SYNC_ALL: u128 = ((1u128 << 24) - 1) << 80;
pub const OUTPUT: u128 = 1 << 104;
pub const EXTRAS: u128 = 1 << 105;
pub const ALLOC: u128 = 1 << 106;
pub const TOBJS: u128 = 1 << 107;
pub const THREAD_TABLE: u128 = 1 << 108;

fn mix(x: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// The bit of global `name` in process `p`.
pub fn global(p: u32, name: &str) -> u128 {
    1 << (mix((p, name)) % 48)
}
/// The bit of heap object `id` in process `p`.
pub fn heap(p: u32, id: u32) -> u128 {
    1 << (48 + mix((p, id)) % 32)
}
/// The bit of sync object `id`.
pub fn sync(id: u32) -> u128 {
    1 << (80 + id % 24)
}
/// The bit of thread `t`'s end.
pub fn thread_end(t: u32) -> u128 {
    1 << (109 + t % 19)
}

impl Fp {
    pub const EMPTY: Fp = Fp {
        r: 0,
        w: 0,
        sync: Sync::Other,
    };
    pub const ALL: Fp = Fp {
        r: u128::MAX,
        w: u128::MAX,
        sync: Sync::Other,
    };
    pub fn read(r: u128) -> Fp {
        Fp { r, ..Fp::EMPTY }
    }
    pub fn write(w: u128) -> Fp {
        Fp { w, ..Fp::EMPTY }
    }
    fn rw(r: u128, w: u128) -> Fp {
        Fp { r, w, ..Fp::EMPTY }
    }
    fn with(self, sync: Sync) -> Fp {
        Fp { sync, ..self }
    }
    /// Whether steps of two threads with these footprints may both be possible in one state: a
    /// release of a lock its thread holds and another thread's acquire of it never are, nor a
    /// thread's end and a join of it.
    pub fn co_enabled(self, o: Fp) -> bool {
        !matches!(
            (self.sync, o.sync),
            (Sync::Acquire(a), Sync::Release(b))
                | (Sync::Release(a), Sync::Acquire(b))
                | (Sync::End(a), Sync::Join(b))
                | (Sync::Join(a), Sync::End(b)) if a == b
        )
    }
    /// Whether two steps with these footprints may not commute.
    pub fn conflicts(self, o: Fp) -> bool {
        (self.w & (o.r | o.w)) | (self.r & o.w) != 0
    }
}

/// A value whose use reads no heap.
fn plain(v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) | Value::Float(_) => true,
        Value::Tuple(xs) => xs.iter().all(plain),
        _ => false,
    }
}

/// An object's bit and its class's and their bases' (an attribute lookup reads them all).
fn obj_read(m: &Machine, p: u32, id: u32) -> u128 {
    let hp = &m.mems[p as usize].heap;
    let mut bits = heap(p, id);
    let class = match hp.get(id as usize) {
        Some(HeapObj::Instance { class, .. }) => class.clone(),
        Some(HeapObj::Class(_)) => Value::Class(id),
        _ => return bits,
    };
    if let Value::Class(c) = class {
        bits |= heap(p, c);
        if let Some(HeapObj::Class(co)) = hp.get(c as usize) {
            for b in &co.mro {
                match b {
                    Value::Class(b) => bits |= heap(p, *b),
                    Value::Builtin(_) => {}
                    _ => return HEAP_ALL,
                }
            }
        }
    }
    bits
}

/// What a step on sync object `id` reads of the extras: nothing for a thread `Lock`/`RLock`.
fn extras_read(m: &Machine, id: u32) -> u128 {
    match m.syncs.get(id as usize) {
        Some(
            SyncObj::Lock {
                asyncio: false,
                mp: false,
                ..
            }
            | SyncObj::RLock { .. },
        ) => 0,
        _ => EXTRAS,
    }
}

/// A sync object's bits: a condition shares its lock (possibly with another condition or a
/// plain `with lock:`), so it counts as every sync object.
fn sync_bits(m: &Machine, id: u32) -> u128 {
    match m.syncs.get(id as usize) {
        Some(SyncObj::Lock { .. } | SyncObj::RLock { .. } | SyncObj::Event { .. }) => sync(id),
        Some(SyncObj::Semaphore { .. } | SyncObj::Queue { .. }) => sync(id),
        _ => SYNC_ALL,
    }
}

/// Whether sync object `id` is a Lock or RLock (a held one blocks every other thread's acquire).
fn is_lock(m: &Machine, id: u32) -> bool {
    matches!(
        m.syncs.get(id as usize),
        Some(SyncObj::Lock { .. } | SyncObj::RLock { .. })
    )
}

/// The footprint of `tid`'s next step in `m` (also for a blocked thread: the step it waits to take).
pub fn next_step(m: &Machine, tid: u32) -> Fp {
    let Some(t) = m.threads.get(tid as usize) else {
        return Fp::ALL;
    };
    let x = &m.extras;
    if t.pending.is_some()
        || t.state != TState::Live
        || !x.wakes.is_empty()
        || !x.deadlines.is_empty()
        || !x.daemons.is_empty()
        || !x.barrier_waits.is_empty()
    {
        return Fp::ALL;
    }
    if is_local_step(m, tid) {
        return Fp::EMPTY;
    }
    let Some(f) = t.frames.last() else {
        return Fp::ALL;
    };
    let code = &m.prog.codes[f.code as usize];
    let Some(i) = code.instrs.get(f.pc as usize) else {
        return Fp::ALL;
    };
    let p = t.process;
    let n = f.stack.len();
    let top = |k: usize| (n > k).then(|| &f.stack[n - 1 - k]);
    let name = |i: &u32| &*code.names[*i as usize];
    match &i.op {
        Op::LoadName(i) | Op::LoadGlobal(i) => Fp::read(global(p, name(i))),
        Op::StoreName(i) | Op::StoreGlobal(i) | Op::DeleteName(i) | Op::DeleteGlobal(i) => {
            Fp::write(global(p, name(i)))
        }
        Op::LoadLib(_) | Op::BuildSlice | Op::RotThree | Op::ListToTuple => Fp::EMPTY,
        Op::LoadAttr(_) => match top(0) {
            Some(Value::Module(super::super::value::Module::Sys)) => Fp::ALL,
            Some(Value::Module(_)) => Fp::EMPTY,
            Some(Value::Instance(id) | Value::Class(id)) => Fp::read(obj_read(m, p, *id)),
            Some(Value::List(id) | Value::Dict(id) | Value::Set(id)) => Fp::read(heap(p, *id)),
            Some(Value::Sync(id)) => Fp::read(sync_bits(m, *id)),
            Some(Value::ThreadObj(_)) => Fp::read(TOBJS | EXTRAS),
            Some(v) if plain(v) => Fp::EMPTY,
            _ => Fp::ALL,
        },
        Op::StoreAttr(_) => match top(1) {
            Some(Value::Instance(id)) => Fp::rw(obj_read(m, p, *id), heap(p, *id)),
            _ => Fp::ALL,
        },
        Op::BinarySubscr => match (top(1), top(0)) {
            (Some(Value::List(id) | Value::Dict(id)), Some(k)) if plain(k) => {
                Fp::read(heap(p, *id))
            }
            (Some(o), Some(k)) if plain(o) && plain(k) => Fp::EMPTY,
            _ => Fp::ALL,
        },
        Op::StoreSubscr => match (top(2), top(1)) {
            (Some(Value::List(id) | Value::Dict(id)), Some(k)) if plain(k) => {
                Fp::write(heap(p, *id))
            }
            _ => Fp::ALL,
        },
        Op::DeleteSubscr => match (top(1), top(0)) {
            (Some(Value::List(id) | Value::Dict(id)), Some(k)) if plain(k) => {
                Fp::write(heap(p, *id))
            }
            _ => Fp::ALL,
        },
        Op::LoadDeref(s) | Op::StoreDeref(s) | Op::DeleteDeref(s) => {
            let bits = match f.locals.get(*s as usize) {
                Some(Some(Value::Cell(c))) => heap(p, *c),
                _ => HEAP_ALL,
            };
            if matches!(i.op, Op::LoadDeref(_)) {
                Fp::read(bits)
            } else {
                Fp::write(bits)
            }
        }
        Op::BuildList(_) | Op::BuildMap(_) | Op::BuildSet(_) | Op::BuildConstSet(_) => {
            Fp::write(ALLOC)
        }
        Op::ListAppend(k) | Op::SetAdd(k) => match n.checked_sub(1 + *k as usize) {
            Some(at) => match &f.stack[at] {
                Value::List(id) | Value::Set(id)
                    if plain(&f.stack[n - 1]) || i.op == Op::ListAppend(*k) =>
                {
                    Fp::write(heap(p, *id))
                }
                _ => Fp::ALL,
            },
            None => Fp::ALL,
        },
        Op::GetIter => match top(0) {
            Some(Value::List(_) | Value::Range(..)) => Fp::EMPTY,
            Some(Value::Tuple(_)) => Fp::EMPTY,
            _ => Fp::ALL,
        },
        Op::ForIter(_) => match top(0) {
            Some(Value::ListIter(id, _)) => Fp::read(heap(p, *id)),
            _ => Fp::ALL,
        },
        Op::WithEnter | Op::WithExit => match top(0) {
            Some(Value::Sync(id)) => {
                // A thread lock's acquire and release touch only the lock (`Machine::acquire`,
                // `release`); other sync objects may read the extras (bounds, counters).
                let fp = Fp::rw(extras_read(m, *id), sync_bits(m, *id));
                match (is_lock(m, *id), i.op == Op::WithEnter) {
                    (true, true) => fp.with(Sync::Acquire(*id)),
                    (true, false) => fp.with(Sync::Release(*id)),
                    _ => fp,
                }
            }
            _ => Fp::ALL,
        },
        Op::ReturnValue => {
            if code.fun.generator {
                Fp::ALL
            } else if t.frames.len() > 1 {
                Fp::EMPTY
            } else if t.kind == super::super::vm::Kind::Thread {
                Fp::write(thread_end(tid)).with(Sync::End(tid))
            } else {
                Fp::ALL
            }
        }
        Op::Call(k) => match n.checked_sub(1 + *k as usize) {
            Some(at) => call(m, p, &f.stack[at], &f.stack[at + 1..]),
            None => Fp::ALL,
        },
        // `threading.Thread(target=…, args=…)`: only the constructor is modelled with keywords.
        Op::CallKw(npos, k) => {
            let nkw = match code.consts.get(*k as usize) {
                Some(Value::Tuple(t)) => t.len(),
                _ => return Fp::ALL,
            };
            match n.checked_sub(1 + *npos as usize + nkw) {
                Some(at) if matches!(f.stack[at], Value::Builtin(Builtin::Thread)) => thread_new(m),
                _ => Fp::ALL,
            }
        }
        _ => Fp::ALL,
    }
}

/// A call of `callee` with positional `args`.
fn call(m: &Machine, p: u32, callee: &Value, args: &[Value]) -> Fp {
    // A call of a plain function only pushes its frame — and allocates the cells of the locals
    // its nested functions read (`FuncInfo::cells`), so who calls first numbers them.
    let func = |c: u32| {
        let code = &m.prog.codes[c as usize];
        match (
            code.fun.generator || code.is_async || code.fun.varkw.is_some(),
            code.fun.cells.is_empty(),
        ) {
            (true, _) => Fp::ALL,
            (false, true) => Fp::EMPTY,
            (false, false) => Fp::write(ALLOC),
        }
    };
    let reads_args = if args.iter().all(plain) { 0 } else { HEAP_ALL };
    match callee {
        Value::Func(c) => func(*c),
        Value::Closure(cl) => func(cl.code),
        Value::Bound(b) => match &b.1 {
            Value::Func(c) => func(*c),
            Value::Closure(cl) => func(cl.code),
            _ => Fp::ALL,
        },
        Value::Builtin(b) => match b {
            Builtin::Print => Fp::rw(reads_args, OUTPUT),
            Builtin::Thread => thread_new(m),
            // A new lock's id is the next free one: who creates first matters (allocation).
            Builtin::Lock | Builtin::RLock if args.is_empty() => Fp::write(ALLOC),
            Builtin::Len
            | Builtin::Str
            | Builtin::Int
            | Builtin::Bool
            | Builtin::Abs
            | Builtin::Repr
            | Builtin::Float
            | Builtin::Round
            | Builtin::Divmod
            | Builtin::Hash
            | Builtin::Chr
            | Builtin::Ord
            | Builtin::Range
                if reads_args == 0 || matches!(b, Builtin::Len) =>
            {
                match args {
                    [Value::List(id) | Value::Dict(id) | Value::Set(id)] => Fp::read(heap(p, *id)),
                    _ if reads_args == 0 => Fp::EMPTY,
                    _ => Fp::ALL,
                }
            }
            _ => Fp::ALL,
        },
        Value::Method(mb) => method(m, p, &mb.0, &mb.1, args),
        _ => Fp::ALL,
    }
}

/// A new `threading.Thread`: it appends a thread object and its name counter and info (the
/// extras), and may allocate (its `args` and `kwargs`); it keeps references to its target and
/// arguments without reading them.
fn thread_new(m: &Machine) -> Fp {
    match m.mode.is_processes() {
        true => Fp::ALL,
        false => Fp::write(TOBJS | EXTRAS | ALLOC),
    }
}

/// `recv.name(*args)` for the receivers whose methods are modelled.
fn method(m: &Machine, p: u32, recv: &Value, name: &str, args: &[Value]) -> Fp {
    let all_plain = args.iter().all(plain);
    match recv {
        Value::Sync(id) => {
            let s = sync_bits(m, *id);
            #[allow(clippy::match_like_matches_macro)]
            let ok = match (m.syncs.get(*id as usize), name, args.len()) {
                (
                    Some(SyncObj::Lock {
                        asyncio: false,
                        mp: false,
                        ..
                    }),
                    "acquire" | "release" | "locked",
                    0,
                ) => true,
                (Some(SyncObj::RLock { .. }), "acquire" | "release", 0) => true,
                (Some(SyncObj::Semaphore { .. }), "acquire" | "release", 0) => true,
                (Some(SyncObj::Event { .. }), "set" | "clear" | "is_set" | "wait", 0) => true,
                (Some(SyncObj::Queue { .. }), "get" | "qsize" | "empty" | "full", 0) => true,
                (Some(SyncObj::Queue { .. }), "put", 1) => true,
                _ => false,
            };
            // A queue counts unfinished items in the extras; a bounded semaphore reads its bound.
            let fp = Fp::rw(
                extras_read(m, *id),
                s | if name == "put" { EXTRAS } else { 0 },
            );
            match (ok, is_lock(m, *id), name) {
                (false, ..) => Fp::ALL,
                (true, true, "acquire") => fp.with(Sync::Acquire(*id)),
                (true, true, "release") => fp.with(Sync::Release(*id)),
                _ => fp,
            }
        }
        // (A `multiprocessing.Process` is a thread object too: its start makes a process.)
        Value::ThreadObj(o)
            if !m.mode.is_processes()
                && m.tobjs.get(*o as usize).is_some_and(|t| !t.is_process) =>
        {
            match (name, args.len()) {
                ("start", 0) => Fp::write(TOBJS | THREAD_TABLE | EXTRAS),
                ("join", 0) => match m.tobjs.get(*o as usize).and_then(|t| t.tid) {
                    Some(tid) => Fp::read(TOBJS | thread_end(tid)).with(Sync::Join(tid)),
                    None => Fp::ALL,
                },
                _ => Fp::ALL,
            }
        }
        Value::List(id) => match name {
            "append" => Fp::write(heap(p, *id)),
            "pop" | "insert" | "clear" | "reverse" if all_plain => Fp::write(heap(p, *id)),
            "index" | "count" if all_plain => Fp::read(heap(p, *id)),
            _ => Fp::ALL,
        },
        Value::Dict(id) => match name {
            "get" if all_plain => Fp::read(heap(p, *id)),
            "pop" | "setdefault" if all_plain => Fp::write(heap(p, *id)),
            _ => Fp::ALL,
        },
        v if plain(v) && all_plain && !matches!(name, "format") => Fp::EMPTY,
        _ => Fp::ALL,
    }
}
