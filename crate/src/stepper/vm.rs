//! The machine: threads (frames, stacks), per-process memories, sync objects,
//! and one bytecode step at a time.
//!
//! Blocking is *retry*: a thread whose next instruction cannot proceed (an
//! `acquire` of a held lock, a `get` on an empty queue, a `join` of a live
//! thread) is simply not runnable, and its instruction has not run. Only
//! `Condition.wait`, `asyncio.run` and `asyncio.gather` take two phases, kept
//! in [`Pending`] while the thread's pc stays on the instruction.

use super::compile::{Op, Program};
use super::syntax::ast::{BinOp, CmpOp};
use super::value::{
    range_len, truthy, Awaitable, Builtin, Fmt, HeapObj, Module, QueueKind, SyncObj, Value,
};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// A run stops with outcome `budget` after this many steps.
pub const MAX_STEPS: u32 = 100_000;
/// Thread ids are single digits in a schedule string.
pub const MAX_THREADS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A switch may happen after any bytecode.
    Threads,
    /// A switch only after `gil_interval` bytecodes of the running thread, or when it blocks, sleeps or ends.
    Gil,
    /// A switch only at an `await` that suspends (or when a task blocks or ends).
    Asyncio,
    /// Like threads, but every `Thread` started is a process with its own copy of the globals.
    Processes,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "threads" => Mode::Threads,
            "gil" => Mode::Gil,
            "asyncio" => Mode::Asyncio,
            "processes" => Mode::Processes,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Mode::Threads => "threads",
            Mode::Gil => "gil",
            Mode::Asyncio => "asyncio",
            Mode::Processes => "processes",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Main,
    Thread,
    Process,
    Task,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    pub code: u32,
    pub pc: u32,
    pub locals: Vec<Option<Value>>,
    pub stack: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pending {
    /// In `Condition.wait()`: waiting to be notified, then to take the lock back (`count` times for an RLock).
    CondWait { cond: u32, lock: u32, count: u32 },
    /// In `asyncio.run` (single) or `await asyncio.gather(...)`: waiting for these tasks.
    Tasks { tids: Vec<u32>, gather: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TState {
    Live,
    Done,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Thread {
    pub name: Rc<str>,
    pub kind: Kind,
    pub process: u32,
    pub frames: Vec<Frame>,
    pub pending: Option<Pending>,
    pub state: TState,
    /// Its last step gave up the CPU voluntarily (`await asyncio.sleep(0)`, `time.sleep`).
    pub yielded: bool,
    pub result: Value,
}

/// One process's memory: its globals and its heap of lists and dicts.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    pub name: Rc<str>,
    pub globals: BTreeMap<Rc<str>, Value>,
    /// Thread that last stored each global (shown, not part of the state's identity).
    pub writers: BTreeMap<Rc<str>, u32>,
    pub heap: Vec<HeapObj>,
}

/// A `threading.Thread` / `multiprocessing.Process` object before and after `start()`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TObj {
    pub target: Value,
    pub args: Vec<Value>,
    pub is_process: bool,
    pub tid: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coro {
    pub func: u32,
    pub args: Vec<Value>,
    pub used: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Outcome {
    /// finished | deadlock | assert | error | budget
    pub kind: &'static str,
    pub message: String,
    pub line: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Machine {
    pub prog: Rc<Program>,
    pub mode: Mode,
    pub gil_interval: u32,
    pub threads: Vec<Thread>,
    pub mems: Vec<Memory>,
    pub syncs: Vec<SyncObj>,
    pub tobjs: Vec<TObj>,
    pub coros: Vec<Coro>,
    /// (thread, text including its `end`)
    pub output: Vec<(u32, String)>,
    pub outcome: Option<Outcome>,
    pub steps: u32,
    pub schedule: String,
    pub current: Option<u32>,
    pub run_count: u32,
}

/// A Python exception: the message, and whether it is an AssertionError.
#[derive(Debug)]
pub struct RtErr {
    pub msg: String,
    pub assert: bool,
}

type R<T> = Result<T, RtErr>;

/// A call's callee, positional arguments and keyword arguments, as on the stack.
type CallParts<'a> = (Value, &'a [Value], Vec<(Rc<str>, Value)>);

fn rt<T>(msg: impl Into<String>) -> R<T> {
    Err(RtErr {
        msg: msg.into(),
        assert: false,
    })
}

enum Done {
    Value(Value),
    /// A frame was pushed (operands already popped, caller pc advanced).
    Frame,
    /// Two-phase call: the pc stays; `Thread::pending` is set.
    Pending,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        Value::Tuple(_) => "tuple",
        Value::Range(..) => "range",
        Value::Func(_) => "function",
        Value::Builtin(_) => "builtin_function_or_method",
        Value::Module(_) => "module",
        Value::Sync(_) => "sync object",
        Value::ThreadObj(_) => "Thread",
        Value::Method(_) => "method",
        Value::Coro(_) => "coroutine",
        Value::Awaitable(_) => "awaitable",
        _ => "iterator",
    }
}

/// Python built-ins outside the subset (named as such in the error).
const PY_BUILTINS: &[&str] = &[
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "map",
    "filter",
    "any",
    "all",
    "input",
    "open",
    "repr",
    "type",
    "isinstance",
    "float",
    "set",
    "dict",
    "tuple",
    "round",
    "divmod",
    "pow",
    "hash",
    "id",
    "iter",
    "next",
    "chr",
    "ord",
    "hex",
    "bin",
    "format",
    "super",
    "object",
    "getattr",
    "setattr",
    "hasattr",
    "vars",
    "dir",
    "globals",
    "locals",
    "exec",
    "eval",
    "compile",
    "callable",
    "frozenset",
    "bytes",
    "bytearray",
    "slice",
    "property",
    "staticmethod",
    "classmethod",
    "issubclass",
    "exit",
    "quit",
    "help",
];

fn builtin_named(n: &str) -> Option<Builtin> {
    Some(match n {
        "print" => Builtin::Print,
        "range" => Builtin::Range,
        "len" => Builtin::Len,
        "str" => Builtin::Str,
        "int" => Builtin::Int,
        "bool" => Builtin::Bool,
        "abs" => Builtin::Abs,
        "min" => Builtin::Min,
        "max" => Builtin::Max,
        "sum" => Builtin::Sum,
        "list" => Builtin::List,
        "sorted" => Builtin::Sorted,
        "reversed" => Builtin::Reversed,
        "any" => Builtin::Any,
        "all" => Builtin::All,
        "repr" => Builtin::Repr,
        "tuple" => Builtin::Tuple,
        "enumerate" => Builtin::Enumerate,
        "zip" => Builtin::Zip,
        _ => return None,
    })
}

impl Machine {
    pub fn new(prog: Rc<Program>, mode: Mode, gil_interval: u32) -> Machine {
        let nlocals = prog.codes[0].varnames.len();
        let mut globals = BTreeMap::new();
        globals.insert(Rc::from("__name__"), Value::Str("__main__".into()));
        Machine {
            prog,
            mode,
            gil_interval: gil_interval.clamp(1, 1000),
            threads: vec![Thread {
                name: "MainThread".into(),
                kind: Kind::Main,
                process: 0,
                frames: vec![Frame {
                    code: 0,
                    pc: 0,
                    locals: vec![None; nlocals],
                    stack: vec![],
                }],
                pending: None,
                state: TState::Live,
                yielded: false,
                result: Value::None,
            }],
            mems: vec![Memory {
                name: "main process".into(),
                globals,
                writers: BTreeMap::new(),
                heap: vec![],
            }],
            syncs: vec![],
            tobjs: vec![],
            coros: vec![],
            output: vec![],
            outcome: None,
            steps: 0,
            schedule: String::new(),
            current: None,
            run_count: 0,
        }
    }

    /// A hash of everything that decides the future and the outcome (not the
    /// step count, schedule or who-wrote-what), for the explorer's visited set.
    pub fn state_hash(&self) -> u64 {
        let mut h = DefaultHasher::new();
        if self.outcome.is_some() {
            // An end state: only what the learner sees (not whose turn it was).
            self.outcome.hash(&mut h);
            self.output.hash(&mut h);
            for m in &self.mems {
                m.globals.hash(&mut h);
                m.heap.hash(&mut h);
            }
            return h.finish();
        }
        self.threads.hash(&mut h);
        for m in &self.mems {
            m.globals.hash(&mut h);
            m.heap.hash(&mut h);
        }
        self.syncs.hash(&mut h);
        self.tobjs.hash(&mut h);
        self.coros.hash(&mut h);
        self.output.hash(&mut h);
        self.outcome.hash(&mut h);
        match self.mode {
            Mode::Gil => (self.current, self.run_count).hash(&mut h),
            Mode::Asyncio => self.current.hash(&mut h),
            _ => {}
        }
        h.finish()
    }

    pub fn fmt(&self, process: u32) -> Fmt<'_> {
        Fmt {
            heap: &self.mems[process as usize].heap,
            func_name: &|_| String::new(),
        }
    }

    pub fn func_name(&self, f: u32) -> String {
        self.prog
            .codes
            .get(f as usize)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    pub fn repr(&self, process: u32, v: &Value) -> String {
        let names = |f: u32| self.func_name(f);
        let fmt = Fmt {
            heap: &self.mems[process as usize].heap,
            func_name: &names,
        };
        match v {
            Value::Sync(s) => format!(
                "<{} object>",
                self.syncs.get(*s as usize).map_or("sync", |s| s.kind())
            ),
            Value::ThreadObj(t) => {
                let o = &self.tobjs[*t as usize];
                let what = if o.is_process { "Process" } else { "Thread" };
                match o.tid {
                    Some(tid) => format!("<{what} {}>", self.threads[tid as usize].name),
                    None => format!("<{what} (not started)>"),
                }
            }
            _ => fmt.repr(v),
        }
    }

    // ---------------------------------------------------------------- status

    pub fn is_live(&self, tid: u32) -> bool {
        self.threads
            .get(tid as usize)
            .is_some_and(|t| t.state == TState::Live)
    }

    fn lock_holder_text(&self, owner: Option<u32>) -> String {
        match owner {
            Some(o) => format!(" (held by {})", self.threads[o as usize].name),
            None => String::new(),
        }
    }

    fn sync_label(&self, sid: u32) -> String {
        format!(
            "{} {}",
            self.syncs[sid as usize].kind(),
            self.sync_name(sid)
        )
    }

    /// The global name bound to a sync object (or `#n`).
    pub fn sync_name(&self, sid: u32) -> String {
        let target = Value::Sync(sid);
        for m in &self.mems {
            for (k, v) in &m.globals {
                if *v == target {
                    return k.to_string();
                }
            }
        }
        // An element of a global list or dict: `forks[1]`, `locks['a']`.
        for (p, m) in self.mems.iter().enumerate() {
            for (k, v) in &m.globals {
                match v {
                    Value::List(id) => {
                        if let Some(HeapObj::List(xs)) = m.heap.get(*id as usize) {
                            if let Some(i) = xs.iter().position(|x| *x == target) {
                                return format!("{k}[{i}]");
                            }
                        }
                    }
                    Value::Dict(id) => {
                        if let Some(HeapObj::Dict(kv)) = m.heap.get(*id as usize) {
                            if let Some((key, _)) = kv.iter().find(|(_, x)| *x == target) {
                                return format!("{k}[{}]", self.repr(p as u32, key));
                            }
                        }
                    }
                    Value::Tuple(xs) => {
                        if let Some(i) = xs.iter().position(|x| *x == target) {
                            return format!("{k}[{i}]");
                        }
                    }
                    _ => {}
                }
            }
        }
        // A Value's or Condition's lock.
        for (i, s) in self.syncs.iter().enumerate() {
            match s {
                SyncObj::MpValue { lock, .. } | SyncObj::Condition { lock, .. } if *lock == sid => {
                    return format!("{}'s lock", self.sync_name(i as u32));
                }
                _ => {}
            }
        }
        format!("#{sid}")
    }

    /// Would acquiring this lock-like object block `tid`? Returns what it waits for.
    fn acquire_blocks(&self, tid: u32, sid: u32) -> Option<String> {
        match self.syncs.get(sid as usize)? {
            SyncObj::Lock { owner: Some(o), .. } => Some(format!(
                "{}{}",
                self.sync_label(sid),
                self.lock_holder_text(Some(*o))
            )),
            SyncObj::RLock { owner: Some(o), .. } if *o != tid => Some(format!(
                "{}{}",
                self.sync_label(sid),
                self.lock_holder_text(Some(*o))
            )),
            SyncObj::Semaphore { value } if *value <= 0 => {
                Some(format!("{} (count 0)", self.sync_label(sid)))
            }
            SyncObj::Condition { lock, .. } => self.acquire_blocks(tid, *lock),
            _ => None,
        }
    }

    /// Why `tid` cannot take its next step, with the sync object it waits on, or None if it can.
    pub fn blocker(&self, tid: u32) -> Option<(String, Option<u32>)> {
        let t = self.threads.get(tid as usize)?;
        if t.state != TState::Live {
            return None;
        }
        match &t.pending {
            Some(Pending::CondWait { cond, lock, .. }) => {
                if let Some(SyncObj::Condition { waiters, .. }) = self.syncs.get(*cond as usize) {
                    if waiters.contains(&tid) {
                        return Some((
                            format!("notify on {}", self.sync_label(*cond)),
                            Some(*cond),
                        ));
                    }
                }
                return self.acquire_blocks(tid, *lock).map(|s| (s, Some(*lock)));
            }
            Some(Pending::Tasks { tids, .. }) => {
                let live: Vec<String> = tids
                    .iter()
                    .filter(|x| self.is_live(**x))
                    .map(|x| self.threads[*x as usize].name.to_string())
                    .collect();
                if live.is_empty() {
                    return None;
                }
                return Some((format!("tasks {} to finish", live.join(", ")), None));
            }
            None => {}
        }
        let f = t.frames.last()?;
        let code = &self.prog.codes[f.code as usize];
        let op = &code.instrs.get(f.pc as usize)?.op;
        match op {
            Op::Call(_) | Op::CallKw(..) => {
                let (callee, args, kw) = self.call_parts(f, code, op)?;
                let Value::Method(m) = callee else {
                    return None;
                };
                let (recv, name) = (&m.0, &*m.1);
                let blocking_arg = args.first().or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "blocking" || &**k == "block")
                        .map(|(_, v)| v)
                });
                let blocking =
                    !matches!(blocking_arg, Some(Value::Bool(false)) | Some(Value::Int(0)));
                match recv {
                    Value::Sync(sid) => {
                        let sid = *sid;
                        match (self.syncs.get(sid as usize)?, name) {
                            (
                                SyncObj::Lock { asyncio: false, .. }
                                | SyncObj::RLock { .. }
                                | SyncObj::Semaphore { .. }
                                | SyncObj::Condition { .. },
                                "acquire",
                            ) if blocking => self.acquire_blocks(tid, sid).map(|s| (s, Some(sid))),
                            (SyncObj::Event { flag: false }, "wait") => {
                                Some((format!("{} to be set", self.sync_label(sid)), Some(sid)))
                            }
                            (SyncObj::Queue { items, kind, .. }, "get")
                                if *kind != QueueKind::Asyncio && items.is_empty() && blocking =>
                            {
                                Some((
                                    format!("an item in {} (empty)", self.sync_label(sid)),
                                    Some(sid),
                                ))
                            }
                            (
                                SyncObj::Queue {
                                    items,
                                    maxsize,
                                    kind,
                                },
                                "put",
                            ) if *kind != QueueKind::Asyncio
                                && *maxsize > 0
                                && items.len() as i64 >= *maxsize =>
                            {
                                Some((
                                    format!("room in {} (full)", self.sync_label(sid)),
                                    Some(sid),
                                ))
                            }
                            _ => None,
                        }
                    }
                    Value::ThreadObj(o) if name == "join" => {
                        let tobj = self.tobjs.get(*o as usize)?;
                        let j = tobj.tid?;
                        if self.is_live(j) {
                            Some((format!("{} to finish", self.threads[j as usize].name), None))
                        } else {
                            None
                        }
                    }
                    _ => None,
                }
            }
            Op::WithEnter => match f.stack.last()? {
                Value::Sync(sid) => self.acquire_blocks(tid, *sid).map(|s| (s, Some(*sid))),
                _ => None,
            },
            Op::Await => match f.stack.last()? {
                Value::Awaitable(a) => match &**a {
                    Awaitable::LockAcquire(sid) => {
                        self.acquire_blocks(tid, *sid).map(|s| (s, Some(*sid)))
                    }
                    Awaitable::QueueGet(sid) => match self.syncs.get(*sid as usize)? {
                        SyncObj::Queue { items, .. } if items.is_empty() => Some((
                            format!("an item in {} (empty)", self.sync_label(*sid)),
                            Some(*sid),
                        )),
                        _ => None,
                    },
                    Awaitable::Task(t) if self.is_live(*t) => Some((
                        format!("{} to finish", self.threads[*t as usize].name),
                        None,
                    )),
                    Awaitable::QueuePut(sid, _) => match self.syncs.get(*sid as usize)? {
                        SyncObj::Queue { items, maxsize, .. }
                            if *maxsize > 0 && items.len() as i64 >= *maxsize =>
                        {
                            Some((
                                format!("room in {} (full)", self.sync_label(*sid)),
                                Some(*sid),
                            ))
                        }
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    fn call_parts<'a>(
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

    /// Threads that could take a step now, ignoring the mode's switching rules.
    pub fn ready(&self) -> Vec<u32> {
        if self.outcome.is_some() {
            return vec![];
        }
        (0..self.threads.len() as u32)
            .filter(|t| self.is_live(*t) && self.blocker(*t).is_none())
            .collect()
    }

    /// The current line and instruction offset of a thread.
    pub fn position(&self, tid: u32) -> Option<(u32, u32)> {
        let f = self.threads.get(tid as usize)?.frames.last()?;
        let line = self.prog.codes[f.code as usize]
            .instrs
            .get(f.pc as usize)
            .map_or(0, |i| i.line);
        Some((line, f.pc))
    }

    // ---------------------------------------------------------------- stepping

    /// One bytecode of thread `tid`. The caller checks it is runnable.
    pub fn step_unchecked(&mut self, tid: u32) {
        if self.current != Some(tid) {
            self.current = Some(tid);
            self.run_count = 0;
        }
        self.run_count += 1;
        self.steps += 1;
        self.schedule
            .push(char::from_digit(tid % 10, 10).unwrap_or('?'));
        self.threads[tid as usize].yielded = false;
        let line = self.position(tid).map(|p| p.0);
        if let Err(e) = self.exec(tid) {
            let t = &mut self.threads[tid as usize];
            t.state = TState::Failed;
            let kind = if e.assert { "assert" } else { "error" };
            let name = t.name.clone();
            self.outcome = Some(Outcome {
                kind,
                message: format!("{name}, line {}: {}", line.unwrap_or(0), e.msg),
                line,
            });
            return;
        }
        self.check_end();
    }

    fn check_end(&mut self) {
        if self.outcome.is_some() {
            return;
        }
        if self.threads.iter().all(|t| t.state != TState::Live) {
            self.outcome = Some(Outcome {
                kind: "finished",
                message: "all threads finished".into(),
                line: None,
            });
            return;
        }
        if self.ready().is_empty() {
            let waits: Vec<String> = (0..self.threads.len() as u32)
                .filter_map(|t| {
                    self.blocker(t)
                        .map(|(w, _)| format!("{} waits for {}", self.threads[t as usize].name, w))
                })
                .collect();
            self.outcome = Some(Outcome {
                kind: "deadlock",
                message: format!("deadlock: {}", waits.join("; ")),
                line: None,
            });
            return;
        }
        if self.steps >= MAX_STEPS {
            self.outcome = Some(Outcome {
                kind: "budget",
                message: format!("stopped after {MAX_STEPS} steps (an endless loop?)"),
                line: None,
            });
        }
    }

    fn frame(&mut self, tid: u32) -> &mut Frame {
        self.threads[tid as usize]
            .frames
            .last_mut()
            .expect("a live thread has a frame")
    }

    fn pop(&mut self, tid: u32) -> R<Value> {
        match self.frame(tid).stack.pop() {
            Some(v) => Ok(v),
            None => rt("internal error: stack underflow"),
        }
    }

    fn push(&mut self, tid: u32, v: Value) {
        self.frame(tid).stack.push(v);
    }

    fn proc(&self, tid: u32) -> usize {
        self.threads[tid as usize].process as usize
    }

    fn heap(&mut self, tid: u32) -> &mut Vec<HeapObj> {
        let p = self.proc(tid);
        &mut self.mems[p].heap
    }

    fn alloc(&mut self, tid: u32, o: HeapObj) -> u32 {
        let h = self.heap(tid);
        h.push(o);
        (h.len() - 1) as u32
    }

    fn exec(&mut self, tid: u32) -> R<()> {
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
                let v = self.get_attr(&o, &name(i))?;
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
                        if !matches!(v, Value::Int(_) | Value::Bool(_)) {
                            return rt(format!(
                                "TypeError: a multiprocessing.Value holds an int, not '{}'",
                                type_name(&v)
                            ));
                        }
                        if let SyncObj::MpValue { value, .. } = &mut self.syncs[*s as usize] {
                            *value = v;
                        }
                    }
                    _ => {
                        return rt(format!(
                        "AttributeError: cannot set attribute '{n}' of '{}' in ThreadLab's subset",
                        type_name(&o)
                    ))
                    }
                }
            }
            Op::BinarySubscr => {
                let i = self.pop(tid)?;
                let o = self.pop(tid)?;
                let v = self.subscr(tid, &o, &i)?;
                self.push(tid, v);
            }
            Op::StoreSubscr => {
                let v = self.pop(tid)?;
                let i = self.pop(tid)?;
                let o = self.pop(tid)?;
                self.store_subscr(tid, &o, i, v)?;
            }
            Op::Binary(op, _) => {
                let b = self.pop(tid)?;
                let a = self.pop(tid)?;
                let v = self.binary(tid, *op, &a, &b)?;
                self.push(tid, v);
            }
            Op::Compare(op) => {
                let b = self.pop(tid)?;
                let a = self.pop(tid)?;
                let v = self.compare(tid, *op, &a, &b)?;
                self.push(tid, Value::Bool(v));
            }
            Op::UnaryNot => {
                let a = self.pop(tid)?;
                let p = self.proc(tid);
                let t = truthy(&a, &self.mems[p].heap);
                self.push(tid, Value::Bool(!t));
            }
            Op::UnaryNeg => {
                let a = self.pop(tid)?;
                let v = match a {
                    Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                    Value::Bool(b) => Value::Int(-(b as i64)),
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
                let a = self.pop(tid)?;
                let p = self.proc(tid);
                let want = matches!(instr.op, Op::PopJumpIfTrue(_));
                if truthy(&a, &self.mems[p].heap) == want {
                    self.frame(tid).pc = *t;
                }
            }
            Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                let p = self.proc(tid);
                let a = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                let want = matches!(instr.op, Op::JumpIfTrueOrPop(_));
                if truthy(&a, &self.mems[p].heap) == want {
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
                let id = self.alloc(tid, HeapObj::List(items));
                self.push(tid, Value::List(id));
            }
            Op::BuildTuple(n) => {
                let f = self.frame(tid);
                let at = f.stack.len() - *n as usize;
                let items = f.stack.split_off(at);
                self.push(tid, Value::Tuple(items.into()));
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
                let id = self.alloc(tid, HeapObj::Dict(kv));
                self.push(tid, Value::Dict(id));
            }
            Op::GetIter => {
                let o = self.pop(tid)?;
                let p = self.proc(tid);
                let it = match o {
                    Value::Range(a, b, s) => Value::RangeIter(a, b, s),
                    Value::List(id) => Value::ListIter(id, 0),
                    Value::Tuple(t) => Value::TupleIter(t, 0),
                    Value::Str(s) => Value::TupleIter(
                        s.chars()
                            .map(|c| Value::Str(c.to_string().into()))
                            .collect(),
                        0,
                    ),
                    Value::Dict(id) => match &self.mems[p].heap[id as usize] {
                        HeapObj::Dict(kv) => {
                            Value::TupleIter(kv.iter().map(|(k, _)| k.clone()).collect(), 0)
                        }
                        _ => return rt("TypeError: bad dict"),
                    },
                    _ => {
                        return rt(format!(
                            "TypeError: '{}' object is not iterable",
                            type_name(&o)
                        ))
                    }
                };
                self.push(tid, it);
            }
            Op::ForIter(t) => {
                let p = self.proc(tid);
                let top = self.frame(tid).stack.last().cloned();
                let next = match top {
                    Some(Value::RangeIter(a, b, s)) => {
                        if (s > 0 && a < b) || (s < 0 && a > b) {
                            *self.frame(tid).stack.last_mut().expect("iter") =
                                Value::RangeIter(a.saturating_add(s), b, s);
                            Some(Value::Int(a))
                        } else {
                            None
                        }
                    }
                    Some(Value::ListIter(id, i)) => match &self.mems[p].heap[id as usize] {
                        HeapObj::List(xs) if (i as usize) < xs.len() => {
                            let v = xs[i as usize].clone();
                            *self.frame(tid).stack.last_mut().expect("iter") =
                                Value::ListIter(id, i + 1);
                            Some(v)
                        }
                        _ => None,
                    },
                    Some(Value::TupleIter(xs, i)) => {
                        if (i as usize) < xs.len() {
                            let v = xs[i as usize].clone();
                            *self.frame(tid).stack.last_mut().expect("iter") =
                                Value::TupleIter(xs, i + 1);
                            Some(v)
                        } else {
                            None
                        }
                    }
                    _ => return rt("internal error: FOR_ITER without an iterator"),
                };
                match next {
                    Some(v) => self.push(tid, v),
                    None => {
                        self.pop(tid)?;
                        self.frame(tid).pc = *t;
                    }
                }
            }
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
                    _ => return rt(format!("TypeError: '{}' object does not support the context manager protocol in ThreadLab's subset", type_name(&o))),
                }
            }
            Op::WithExit => {
                let o = self.pop(tid)?;
                if let Value::Sync(s) = o {
                    self.release(tid, s)?;
                }
            }
            Op::FormatValue(repr) => {
                let v = self.pop(tid)?;
                let p = self.proc(tid) as u32;
                let text = match (&v, repr) {
                    (Value::Str(s), false) => s.to_string(),
                    _ => self.repr(p, &v),
                };
                self.push(tid, Value::Str(text.into()));
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
                if let HeapObj::List(xs) = &mut self.heap(tid)[id as usize] {
                    if xs.len() >= 100_000 {
                        return rt("MemoryError: list too long for ThreadLab");
                    }
                    xs.push(v);
                }
            }
            Op::UnpackSequence(n) => {
                let v = self.pop(tid)?;
                let items = match &v {
                    Value::Tuple(_)
                    | Value::List(_)
                    | Value::Str(_)
                    | Value::Range(..)
                    | Value::Dict(_) => self.iter_items(tid, &v)?,
                    _ => {
                        return rt(format!(
                            "TypeError: cannot unpack non-iterable {} object",
                            type_name(&v)
                        ))
                    }
                };
                let n = *n as usize;
                if items.len() > n {
                    return rt(format!(
                        "ValueError: too many values to unpack (expected {n})"
                    ));
                }
                if items.len() < n {
                    return rt(format!(
                        "ValueError: not enough values to unpack (expected {n}, got {})",
                        items.len()
                    ));
                }
                for x in items.into_iter().rev() {
                    self.push(tid, x);
                }
            }
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
                if out.len() > 1_000_000 {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                self.push(tid, Value::Str(out.into()));
            }
            Op::Await => {
                let o = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
                match o {
                    Value::Coro(c) => {
                        self.pop(tid)?;
                        let co = &mut self.coros[c as usize];
                        if co.used {
                            return rt("RuntimeError: cannot reuse already awaited coroutine");
                        }
                        co.used = true;
                        let (func, args) = (co.func, co.args.clone());
                        self.push_frame(tid, func, args)?;
                    }
                    Value::Awaitable(a) => match &*a {
                        Awaitable::Sleep => {
                            self.pop(tid)?;
                            self.push(tid, Value::None);
                            self.threads[tid as usize].yielded = true;
                        }
                        Awaitable::Gather(coros) => {
                            self.frame(tid).pc -= 1;
                            let mut tids = vec![];
                            for c in coros {
                                tids.push(self.spawn_task(tid, c)?);
                            }
                            self.threads[tid as usize].pending =
                                Some(Pending::Tasks { tids, gather: true });
                        }
                        Awaitable::LockAcquire(s) => {
                            self.pop(tid)?;
                            self.acquire(tid, *s)?;
                            self.push(tid, Value::Bool(true));
                        }
                        Awaitable::QueueGet(s) => {
                            self.pop(tid)?;
                            let v = self.queue_get(*s)?;
                            self.push(tid, v);
                        }
                        Awaitable::Task(t) => {
                            self.pop(tid)?;
                            let v = self.threads[*t as usize].result.clone();
                            self.push(tid, v);
                        }
                        Awaitable::QueuePut(s, v) => {
                            self.pop(tid)?;
                            self.queue_put(*s, v.clone())?;
                            self.push(tid, Value::None);
                        }
                    },
                    _ => {
                        return rt(format!(
                            "TypeError: object {} can't be used in 'await' expression",
                            type_name(&o)
                        ))
                    }
                }
            }
        }
        Ok(())
    }

    fn ret(&mut self, tid: u32, v: Value) {
        let t = &mut self.threads[tid as usize];
        t.frames.pop();
        match t.frames.last_mut() {
            Some(f) => f.stack.push(v),
            None => {
                t.state = TState::Done;
                t.result = v;
            }
        }
    }

    fn finish_pending(&mut self, tid: u32, p: Pending) -> R<()> {
        self.threads[tid as usize].pending = None;
        let result = match p {
            Pending::CondWait { lock, count, .. } => {
                self.acquire(tid, lock)?;
                if let SyncObj::RLock { count: c, .. } = &mut self.syncs[lock as usize] {
                    *c = count.max(1);
                }
                Value::Bool(true)
            }
            Pending::Tasks { tids, gather } => {
                let results: Vec<Value> = tids
                    .iter()
                    .map(|t| self.threads[*t as usize].result.clone())
                    .collect();
                if gather {
                    let id = self.alloc(tid, HeapObj::List(results));
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

    fn check_hashable(&self, v: &Value) -> R<()> {
        match v {
            Value::List(_) => rt("TypeError: unhashable type: 'list'"),
            Value::Dict(_) => rt("TypeError: unhashable type: 'dict'"),
            _ => Ok(()),
        }
    }

    fn new_sync(&mut self, s: SyncObj) -> Value {
        self.syncs.push(s);
        Value::Sync((self.syncs.len() - 1) as u32)
    }

    fn acquire(&mut self, tid: u32, sid: u32) -> R<()> {
        match &mut self.syncs[sid as usize] {
            SyncObj::Lock { owner, .. } => {
                if owner.is_some() {
                    return rt("internal error: acquire of a held lock");
                }
                *owner = Some(tid);
            }
            SyncObj::RLock { owner, count } => {
                *owner = Some(tid);
                *count += 1;
            }
            SyncObj::Semaphore { value } => *value -= 1,
            SyncObj::Condition { lock, .. } => {
                let l = *lock;
                return self.acquire(tid, l);
            }
            _ => return rt("TypeError: this object cannot be acquired"),
        }
        Ok(())
    }

    fn release(&mut self, tid: u32, sid: u32) -> R<()> {
        match &mut self.syncs[sid as usize] {
            SyncObj::Lock { owner, .. } => {
                if owner.is_none() {
                    return rt("RuntimeError: release unlocked lock");
                }
                *owner = None;
            }
            SyncObj::RLock { owner, count } => {
                if *owner != Some(tid) {
                    return rt("RuntimeError: cannot release un-acquired lock");
                }
                *count -= 1;
                if *count == 0 {
                    *owner = None;
                }
            }
            SyncObj::Semaphore { value } => *value += 1,
            SyncObj::Condition { lock, .. } => {
                let l = *lock;
                return self.release(tid, l);
            }
            _ => return rt("TypeError: this object cannot be released"),
        }
        Ok(())
    }

    fn owns(&self, tid: u32, sid: u32) -> bool {
        match &self.syncs[sid as usize] {
            SyncObj::Lock { owner, .. } | SyncObj::RLock { owner, .. } => *owner == Some(tid),
            _ => false,
        }
    }

    fn queue_get(&mut self, sid: u32) -> R<Value> {
        match &mut self.syncs[sid as usize] {
            SyncObj::Queue { items, .. } => items.pop_front().map_or_else(|| rt("queue.Empty"), Ok),
            _ => rt("TypeError: not a queue"),
        }
    }

    fn queue_put(&mut self, sid: u32, v: Value) -> R<()> {
        match &mut self.syncs[sid as usize] {
            SyncObj::Queue { items, kind, .. } => {
                if *kind == QueueKind::Process && !crosses_processes(&v) {
                    return rt("TypeError: only ints, strings, bools, None and tuples of them can go through a multiprocessing.Queue in ThreadLab's subset");
                }
                items.push_back(v);
                Ok(())
            }
            _ => rt("TypeError: not a queue"),
        }
    }

    fn push_frame(&mut self, tid: u32, func: u32, args: Vec<Value>) -> R<()> {
        let code = &self.prog.codes[func as usize];
        let args = with_defaults(code, args);
        if args.len() != code.nparams as usize {
            return rt(format!(
                "TypeError: {}() takes {} positional argument{} but {} were given",
                code.name,
                code.nparams,
                if code.nparams == 1 { "" } else { "s" },
                args.len()
            ));
        }
        if self.threads[tid as usize].frames.len() >= 200 {
            return rt(
                "RecursionError: maximum recursion depth exceeded (ThreadLab allows 200 frames)",
            );
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
        });
        Ok(())
    }

    fn new_thread(
        &mut self,
        parent: u32,
        kind: Kind,
        frame_func: u32,
        args: Vec<Value>,
        copy_memory: bool,
    ) -> R<u32> {
        if self.threads.len() >= MAX_THREADS {
            return rt(format!("RuntimeError: ThreadLab's stepper allows at most {MAX_THREADS} threads (a schedule is a string of digits)"));
        }
        let tid = self.threads.len() as u32;
        let count = self.threads.iter().filter(|t| t.kind == kind).count() + 1;
        let name = match kind {
            Kind::Thread => format!("Thread-{count}"),
            Kind::Process => format!("Process-{count}"),
            Kind::Task => format!("Task-{count}"),
            Kind::Main => "MainThread".into(),
        };
        let mut process = self.threads[parent as usize].process;
        let mut args = args;
        if copy_memory {
            let mut m = self.mems[process as usize].clone();
            m.name = name.as_str().into();
            m.writers.clear();
            // A fork copies threading's objects too (in their current state);
            // only multiprocessing's are shared between processes.
            let shared = self.process_shared_syncs();
            let mut map = BTreeMap::new();
            for i in 0..self.syncs.len() as u32 {
                if !shared.contains(&i) {
                    map.insert(i, (self.syncs.len() + map.len()) as u32);
                }
            }
            let copies: Vec<SyncObj> = map
                .keys()
                .map(|i| match &self.syncs[*i as usize] {
                    SyncObj::Condition { lock, .. } => SyncObj::Condition {
                        lock: *map.get(lock).unwrap_or(lock),
                        waiters: vec![],
                    },
                    other => other.clone(),
                })
                .collect();
            self.syncs.extend(copies);
            for v in m.globals.values_mut() {
                *v = remap(v, &map);
            }
            for o in &mut m.heap {
                match o {
                    HeapObj::List(xs) => xs.iter_mut().for_each(|x| *x = remap(x, &map)),
                    HeapObj::Dict(kv) => kv.iter_mut().for_each(|(k, x)| {
                        *k = remap(k, &map);
                        *x = remap(x, &map);
                    }),
                }
            }
            args = args.iter().map(|a| remap(a, &map)).collect();
            self.mems.push(m);
            process = (self.mems.len() - 1) as u32;
        }
        self.threads.push(Thread {
            name: name.into(),
            kind,
            process,
            frames: vec![],
            pending: None,
            state: TState::Live,
            yielded: false,
            result: Value::None,
        });
        if let Err(e) = self.push_frame(tid, frame_func, args) {
            self.threads.pop();
            if copy_memory {
                self.mems.pop();
            }
            return Err(e);
        }
        Ok(tid)
    }

    /// Sync objects shared by all processes: multiprocessing's Lock, Queue, Value (and its lock).
    fn process_shared_syncs(&self) -> Vec<u32> {
        let mut out = vec![];
        for (i, s) in self.syncs.iter().enumerate() {
            match s {
                SyncObj::Lock { mp: true, .. }
                | SyncObj::Queue {
                    kind: QueueKind::Process,
                    ..
                } => out.push(i as u32),
                SyncObj::MpValue { lock, .. } => {
                    out.push(i as u32);
                    out.push(*lock);
                }
                _ => {}
            }
        }
        out
    }

    fn spawn_task(&mut self, parent: u32, c: &Value) -> R<u32> {
        let Value::Coro(ci) = c else {
            return rt(format!(
                "TypeError: an asyncio.Future, a coroutine or an awaitable is required, not {}",
                type_name(c)
            ));
        };
        let co = &mut self.coros[*ci as usize];
        if co.used {
            return rt("RuntimeError: cannot reuse already awaited coroutine");
        }
        co.used = true;
        let (func, args) = (co.func, co.args.clone());
        self.new_thread(parent, Kind::Task, func, args, false)
    }

    fn get_attr(&self, o: &Value, n: &str) -> R<Value> {
        let method = |o: &Value| Ok(Value::Method(Rc::new((o.clone(), Rc::from(n)))));
        match o {
            Value::Module(m) => match m.attr(n) {
                Some(b) => Ok(Value::Builtin(b)),
                None => rt(format!(
                    "AttributeError: `{}.{n}` is not supported in ThreadLab's Python subset",
                    m.name()
                )),
            },
            Value::Sync(s) => {
                let ok = match (&self.syncs[*s as usize], n) {
                    (SyncObj::MpValue { value, .. }, "value") => return Ok(value.clone()),
                    (SyncObj::MpValue { .. }, "get_lock") => true,
                    (
                        SyncObj::Lock { .. } | SyncObj::RLock { .. } | SyncObj::Semaphore { .. },
                        "acquire" | "release",
                    ) => true,
                    (SyncObj::Lock { .. }, "locked") => true,
                    (
                        SyncObj::Condition { .. },
                        "acquire" | "release" | "wait" | "notify" | "notify_all",
                    ) => true,
                    (SyncObj::Event { .. }, "set" | "clear" | "is_set" | "wait") => true,
                    (SyncObj::Queue { .. }, "put" | "get" | "qsize" | "empty" | "full") => true,
                    _ => false,
                };
                if ok {
                    method(o)
                } else {
                    rt(format!(
                        "AttributeError: '{}' object has no attribute '{n}' in ThreadLab's subset",
                        self.syncs[*s as usize].kind()
                    ))
                }
            }
            Value::ThreadObj(_) if matches!(n, "start" | "join" | "is_alive") => method(o),
            Value::List(_)
                if matches!(
                    n,
                    "append" | "pop" | "insert" | "extend" | "remove" | "index" | "count" | "clear"
                ) =>
            {
                method(o)
            }
            Value::Dict(_) if matches!(n, "get" | "pop" | "keys" | "values" | "items") => method(o),
            Value::Str(_) if matches!(n, "join" | "upper" | "lower") => method(o),
            _ => rt(format!(
                "AttributeError: '{}' object has no attribute '{n}' in ThreadLab's subset",
                type_name(o)
            )),
        }
    }

    fn subscr(&self, tid: u32, o: &Value, i: &Value) -> R<Value> {
        let heap = &self.mems[self.proc(tid)].heap;
        let index = |len: usize| -> R<usize> {
            let Value::Int(mut k) = *i else {
                if let Value::Bool(b) = i {
                    return Ok(*b as usize).and_then(|k| {
                        if k < len {
                            Ok(k)
                        } else {
                            rt("IndexError: index out of range")
                        }
                    });
                }
                return rt(format!(
                    "TypeError: indices must be integers, not {}",
                    type_name(i)
                ));
            };
            if k < 0 {
                k += len as i64;
            }
            if k < 0 || k >= len as i64 {
                return rt(format!("IndexError: {} index out of range", type_name(o)));
            }
            Ok(k as usize)
        };
        match o {
            Value::List(id) => match &heap[*id as usize] {
                HeapObj::List(xs) => Ok(xs[index(xs.len())?].clone()),
                _ => rt("TypeError: bad list"),
            },
            Value::Tuple(xs) => Ok(xs[index(xs.len())?].clone()),
            Value::Str(s) => {
                let n = s.chars().count();
                let k = index(n)?;
                Ok(Value::Str(
                    s.chars()
                        .nth(k)
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                        .into(),
                ))
            }
            Value::Dict(id) => match &heap[*id as usize] {
                HeapObj::Dict(kv) => match kv.iter().find(|(k, _)| eq(heap, k, i)) {
                    Some((_, v)) => Ok(v.clone()),
                    None => rt(format!("KeyError: {}", self.repr(self.proc(tid) as u32, i))),
                },
                _ => rt("TypeError: bad dict"),
            },
            _ => rt(format!(
                "TypeError: '{}' object is not subscriptable",
                type_name(o)
            )),
        }
    }

    fn store_subscr(&mut self, tid: u32, o: &Value, i: Value, v: Value) -> R<()> {
        let p = self.proc(tid);
        match o {
            Value::List(id) => {
                let len = match &self.mems[p].heap[*id as usize] {
                    HeapObj::List(xs) => xs.len() as i64,
                    _ => 0,
                };
                let Value::Int(mut k) = i else {
                    return rt(format!(
                        "TypeError: list indices must be integers, not {}",
                        type_name(&i)
                    ));
                };
                if k < 0 {
                    k += len;
                }
                if k < 0 || k >= len {
                    return rt("IndexError: list assignment index out of range");
                }
                if let HeapObj::List(xs) = &mut self.mems[p].heap[*id as usize] {
                    xs[k as usize] = v;
                }
                Ok(())
            }
            Value::Dict(id) => {
                self.check_hashable(&i)?;
                let pos = match &self.mems[p].heap[*id as usize] {
                    HeapObj::Dict(kv) => kv.iter().position(|(k, _)| eq(&self.mems[p].heap, k, &i)),
                    _ => None,
                };
                if let HeapObj::Dict(kv) = &mut self.mems[p].heap[*id as usize] {
                    match pos {
                        Some(j) => kv[j].1 = v,
                        None => kv.push((i, v)),
                    }
                }
                Ok(())
            }
            _ => rt(format!(
                "TypeError: '{}' object does not support item assignment",
                type_name(o)
            )),
        }
    }

    fn binary(&mut self, tid: u32, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        let as_int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        };
        if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
            return Ok(Value::Int(int_op(op, x, y)?));
        }
        let p = self.proc(tid);
        match (op, a, b) {
            (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                if x.len() + y.len() > 1_000_000 {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                Ok(Value::Str(format!("{x}{y}").into()))
            }
            (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
                if x.len() + y.len() > 100_000 {
                    return rt("MemoryError: tuple too long for ThreadLab");
                }
                Ok(Value::Tuple(x.iter().chain(y.iter()).cloned().collect()))
            }
            (BinOp::Add, Value::List(x), Value::List(y)) => {
                let mut items = list_items(&self.mems[p].heap, *x);
                items.extend(list_items(&self.mems[p].heap, *y));
                if items.len() > 100_000 {
                    return rt("MemoryError: list too long for ThreadLab");
                }
                Ok(Value::List(self.alloc(tid, HeapObj::List(items))))
            }
            (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s))
                if as_int(n).is_some() =>
            {
                let k = as_int(n).unwrap_or(0).max(0) as usize;
                if s.len().saturating_mul(k) > 1_000_000 {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                Ok(Value::Str(s.repeat(k).into()))
            }
            (BinOp::Mul, Value::List(x), n) | (BinOp::Mul, n, Value::List(x))
                if as_int(n).is_some() =>
            {
                let k = as_int(n).unwrap_or(0).max(0) as usize;
                let items = list_items(&self.mems[p].heap, *x);
                if items.len().saturating_mul(k) > 100_000 {
                    return rt("MemoryError: list too long for ThreadLab");
                }
                let all: Vec<Value> = (0..k).flat_map(|_| items.iter().cloned()).collect();
                Ok(Value::List(self.alloc(tid, HeapObj::List(all))))
            }
            _ => rt(format!(
                "TypeError: unsupported operand type(s) for {}: '{}' and '{}'",
                op.symbol(),
                type_name(a),
                type_name(b)
            )),
        }
    }

    fn compare(&self, tid: u32, op: CmpOp, a: &Value, b: &Value) -> R<bool> {
        let heap = &self.mems[self.proc(tid)].heap;
        let ord = || -> R<std::cmp::Ordering> {
            let as_int = |v: &Value| match v {
                Value::Int(i) => Some(*i),
                Value::Bool(b) => Some(*b as i64),
                _ => None,
            };
            match (a, b) {
                (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
                _ => match (as_int(a), as_int(b)) {
                    (Some(x), Some(y)) => Ok(x.cmp(&y)),
                    _ => rt(format!(
                        "TypeError: '{}' not supported between instances of '{}' and '{}'",
                        op.symbol(),
                        type_name(a),
                        type_name(b)
                    )),
                },
            }
        };
        Ok(match op {
            CmpOp::Eq => eq(heap, a, b),
            CmpOp::Ne => !eq(heap, a, b),
            CmpOp::Lt => ord()?.is_lt(),
            CmpOp::Le => ord()?.is_le(),
            CmpOp::Gt => ord()?.is_gt(),
            CmpOp::Ge => ord()?.is_ge(),
            CmpOp::Is => a == b,
            CmpOp::IsNot => a != b,
            CmpOp::In | CmpOp::NotIn => {
                let found = match b {
                    Value::List(id) => list_items(heap, *id).iter().any(|x| eq(heap, x, a)),
                    Value::Tuple(xs) => xs.iter().any(|x| eq(heap, x, a)),
                    Value::Dict(id) => match &heap[*id as usize] {
                        HeapObj::Dict(kv) => kv.iter().any(|(k, _)| eq(heap, k, a)),
                        _ => false,
                    },
                    Value::Str(s) => match a {
                        Value::Str(x) => s.contains(&**x),
                        _ => return rt("TypeError: 'in <string>' requires string as left operand"),
                    },
                    Value::Range(lo, hi, st) => match a {
                        Value::Int(x) => {
                            let n = range_len(*lo, *hi, *st);
                            n > 0
                                && ((*st > 0 && x >= lo && x < hi)
                                    || (*st < 0 && x <= lo && x > hi))
                                && (x - lo) % st == 0
                        }
                        _ => false,
                    },
                    _ => {
                        return rt(format!(
                            "TypeError: argument of type '{}' is not iterable",
                            type_name(b)
                        ))
                    }
                };
                found == (op == CmpOp::In)
            }
        })
    }

    /// Items of an iterable argument (for `list()`, `sum()`, `min()`, …).
    fn iter_items(&self, tid: u32, v: &Value) -> R<Vec<Value>> {
        let heap = &self.mems[self.proc(tid)].heap;
        Ok(match v {
            Value::List(id) => list_items(heap, *id),
            Value::Tuple(xs) => xs.to_vec(),
            Value::Range(a, b, s) => {
                let n = range_len(*a, *b, *s);
                if n > 100_000 {
                    return rt("MemoryError: range too long to materialise in ThreadLab");
                }
                (0..n).map(|i| Value::Int(a + i * s)).collect()
            }
            Value::Str(s) => s
                .chars()
                .map(|c| Value::Str(c.to_string().into()))
                .collect(),
            Value::Dict(id) => match &heap[*id as usize] {
                HeapObj::Dict(kv) => kv.iter().map(|(k, _)| k.clone()).collect(),
                _ => vec![],
            },
            _ => {
                return rt(format!(
                    "TypeError: '{}' object is not iterable",
                    type_name(v)
                ))
            }
        })
    }

    fn call(
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
        match callee {
            Value::Func(f) => {
                let code = &self.prog.codes[f as usize];
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
            other => rt(format!(
                "TypeError: '{}' object is not callable",
                type_name(&other)
            )),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call_builtin(
        &mut self,
        tid: u32,
        b: Builtin,
        args: Vec<Value>,
        kw: Vec<(Rc<str>, Value)>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
        no_kw: &dyn Fn(&str) -> R<()>,
        p: u32,
    ) -> R<Done> {
        use Builtin as B;
        let nargs = |lo: usize, hi: usize, name: &str| -> R<()> {
            if args.len() < lo || args.len() > hi {
                return rt(format!(
                    "TypeError: {name}() takes {lo}..{hi} arguments ({} given)",
                    args.len()
                ));
            }
            Ok(())
        };
        let int_arg = |v: &Value, what: &str| -> R<i64> {
            match v {
                Value::Int(i) => Ok(*i),
                Value::Bool(b) => Ok(*b as i64),
                _ => rt(format!(
                    "TypeError: {what} expects an integer, not '{}'",
                    type_name(v)
                )),
            }
        };
        let v = match b {
            B::Print => {
                for (k, _) in &kw {
                    if &**k != "sep" && &**k != "end" {
                        return rt(format!("TypeError: print() got an unexpected keyword argument '{k}' (ThreadLab supports sep and end)"));
                    }
                }
                let strarg = |k: &str, d: &str| -> R<String> {
                    match kwarg(k) {
                        None | Some(Value::None) => Ok(d.to_string()),
                        Some(Value::Str(s)) => Ok(s.to_string()),
                        Some(v) => rt(format!(
                            "TypeError: {k} must be None or a string, not {}",
                            type_name(&v)
                        )),
                    }
                };
                let sep = strarg("sep", " ")?;
                let end = strarg("end", "\n")?;
                let fmt_names = |f: u32| self.func_name(f);
                let mut parts = vec![];
                for a in &args {
                    parts.push(match a {
                        Value::Sync(_) | Value::ThreadObj(_) => self.repr(p, a),
                        _ => Fmt {
                            heap: &self.mems[p as usize].heap,
                            func_name: &fmt_names,
                        }
                        .str(a),
                    });
                }
                let text = parts.join(&sep) + &end;
                self.output.push((tid, text));
                Value::None
            }
            B::Range => {
                no_kw("range")?;
                nargs(1, 3, "range")?;
                let xs: Vec<i64> = args
                    .iter()
                    .map(|a| int_arg(a, "range()"))
                    .collect::<R<_>>()?;
                match xs.len() {
                    1 => Value::Range(0, xs[0], 1),
                    2 => Value::Range(xs[0], xs[1], 1),
                    _ => {
                        if xs[2] == 0 {
                            return rt("ValueError: range() arg 3 must not be zero");
                        }
                        Value::Range(xs[0], xs[1], xs[2])
                    }
                }
            }
            B::Len => {
                no_kw("len")?;
                nargs(1, 1, "len")?;
                let heap = &self.mems[p as usize].heap;
                Value::Int(match &args[0] {
                    Value::Str(s) => s.chars().count() as i64,
                    Value::List(id) => list_items(heap, *id).len() as i64,
                    Value::Dict(id) => match &heap[*id as usize] {
                        HeapObj::Dict(kv) => kv.len() as i64,
                        _ => 0,
                    },
                    Value::Tuple(t) => t.len() as i64,
                    Value::Range(a, b, s) => range_len(*a, *b, *s),
                    v => {
                        return rt(format!(
                            "TypeError: object of type '{}' has no len()",
                            type_name(v)
                        ))
                    }
                })
            }
            B::Str => {
                no_kw("str")?;
                nargs(0, 1, "str")?;
                match args.first() {
                    None => Value::Str("".into()),
                    Some(a) => {
                        let names = |f: u32| self.func_name(f);
                        Value::Str(
                            Fmt {
                                heap: &self.mems[p as usize].heap,
                                func_name: &names,
                            }
                            .str(a)
                            .into(),
                        )
                    }
                }
            }
            B::Int => {
                no_kw("int")?;
                nargs(0, 1, "int")?;
                match args.first() {
                    None => Value::Int(0),
                    Some(Value::Int(i)) => Value::Int(*i),
                    Some(Value::Bool(b)) => Value::Int(*b as i64),
                    Some(Value::Str(s)) => match s.trim().replace('_', "").parse::<i64>() {
                        Ok(i) => Value::Int(i),
                        Err(_) => {
                            return rt(format!(
                                "ValueError: invalid literal for int() with base 10: {}",
                                super::value::repr_str(s)
                            ))
                        }
                    },
                    Some(v) => {
                        return rt(format!(
                            "TypeError: int() argument must be a string or a number, not '{}'",
                            type_name(v)
                        ))
                    }
                }
            }
            B::Bool => {
                nargs(0, 1, "bool")?;
                Value::Bool(
                    args.first()
                        .is_some_and(|a| truthy(a, &self.mems[p as usize].heap)),
                )
            }
            B::Abs => {
                nargs(1, 1, "abs")?;
                Value::Int(
                    int_arg(&args[0], "abs()")?
                        .checked_abs()
                        .ok_or_else(overflow)?,
                )
            }
            B::Min | B::Max | B::Sum => {
                no_kw("min/max/sum")?;
                let items = if args.len() == 1 {
                    self.iter_items(tid, &args[0])?
                } else {
                    args.clone()
                };
                if b == B::Sum {
                    if args.len() != 1 {
                        return rt("TypeError: ThreadLab's sum() takes exactly one iterable");
                    }
                    let mut s = 0i64;
                    for x in &items {
                        s = s.checked_add(int_arg(x, "sum()")?).ok_or_else(overflow)?;
                    }
                    Value::Int(s)
                } else {
                    if items.is_empty() {
                        return rt("ValueError: arg is an empty sequence");
                    }
                    let mut best = items[0].clone();
                    for x in &items[1..] {
                        let better = if b == B::Min {
                            self.compare(tid, CmpOp::Lt, x, &best)?
                        } else {
                            self.compare(tid, CmpOp::Gt, x, &best)?
                        };
                        if better {
                            best = x.clone();
                        }
                    }
                    best
                }
            }
            B::List => {
                nargs(0, 1, "list")?;
                let items = match args.first() {
                    None => vec![],
                    Some(a) => self.iter_items(tid, a)?,
                };
                Value::List(self.alloc(tid, HeapObj::List(items)))
            }
            B::Sorted | B::Reversed => {
                nargs(1, 1, "sorted")?;
                let mut items = self.iter_items(tid, &args[0])?;
                if b == B::Sorted {
                    for (k, _) in &kw {
                        if &**k != "reverse" {
                            return rt(format!(
                                "TypeError: ThreadLab's sorted() takes only reverse=, not '{k}'"
                            ));
                        }
                    }
                    let heap = &self.mems[p as usize].heap;
                    let mut bad = false;
                    items.sort_by(|x, y| {
                        py_cmp(x, y).unwrap_or_else(|| {
                            bad = true;
                            std::cmp::Ordering::Equal
                        })
                    });
                    if bad {
                        return rt("TypeError: '<' not supported between these values (ThreadLab sorts ints, strings and tuples of them)");
                    }
                    if kwarg("reverse").is_some_and(|r| truthy(&r, heap)) {
                        items.reverse();
                    }
                } else {
                    no_kw("reversed")?;
                    items.reverse();
                }
                Value::List(self.alloc(tid, HeapObj::List(items)))
            }
            B::Any | B::All => {
                nargs(1, 1, "any/all")?;
                let items = self.iter_items(tid, &args[0])?;
                let heap = &self.mems[p as usize].heap;
                Value::Bool(if b == B::Any {
                    items.iter().any(|x| truthy(x, heap))
                } else {
                    items.iter().all(|x| truthy(x, heap))
                })
            }
            B::Repr => {
                nargs(1, 1, "repr")?;
                Value::Str(self.repr(p, &args[0]).into())
            }
            B::Tuple => {
                nargs(0, 1, "tuple")?;
                match args.first() {
                    None => Value::Tuple(Vec::new().into()),
                    Some(a) => Value::Tuple(self.iter_items(tid, a)?.into()),
                }
            }
            B::Enumerate => {
                nargs(1, 2, "enumerate")?;
                let start = match args.get(1).cloned().or_else(|| kwarg("start")) {
                    None => 0,
                    Some(v) => int_arg(&v, "enumerate()")?,
                };
                let items = self.iter_items(tid, &args[0])?;
                let mut pairs = vec![];
                for (i, x) in items.into_iter().enumerate() {
                    let k = start.checked_add(i as i64).ok_or_else(overflow)?;
                    pairs.push(Value::Tuple(vec![Value::Int(k), x].into()));
                }
                Value::List(self.alloc(tid, HeapObj::List(pairs)))
            }
            B::Zip => {
                no_kw("zip")?;
                let mut cols = vec![];
                for a in &args {
                    cols.push(self.iter_items(tid, a)?);
                }
                let n = cols.iter().map(|c| c.len()).min().unwrap_or(0);
                let rows: Vec<Value> = (0..n)
                    .map(|i| Value::Tuple(cols.iter().map(|c| c[i].clone()).collect()))
                    .collect();
                Value::List(self.alloc(tid, HeapObj::List(rows)))
            }
            B::Thread | B::Process => {
                if !args.is_empty() {
                    return rt("TypeError: ThreadLab's Thread/Process take keyword arguments only: target=…, args=(…)");
                }
                for (k, _) in &kw {
                    if !matches!(&**k, "target" | "args" | "name" | "daemon") {
                        return rt(format!("TypeError: Thread() got an unexpected keyword argument '{k}' in ThreadLab's subset"));
                    }
                }
                let target = kwarg("target").unwrap_or(Value::None);
                if !matches!(target, Value::Func(_)) {
                    return rt("TypeError: target= must be a function defined with def");
                }
                let targs = match kwarg("args") {
                    None => vec![],
                    Some(Value::Tuple(t)) => t.to_vec(),
                    Some(Value::List(id)) => list_items(&self.mems[p as usize].heap, id),
                    Some(v) => {
                        return rt(format!(
                            "TypeError: args= must be a tuple, not {}",
                            type_name(&v)
                        ))
                    }
                };
                self.tobjs.push(TObj {
                    target,
                    args: targs,
                    is_process: b == B::Process,
                    tid: None,
                });
                Value::ThreadObj((self.tobjs.len() - 1) as u32)
            }
            B::Lock | B::MpLock => {
                nargs(0, 0, "Lock")?;
                self.new_sync(SyncObj::Lock {
                    owner: None,
                    asyncio: false,
                    mp: b == B::MpLock,
                })
            }
            B::AsyncLock => {
                nargs(0, 0, "Lock")?;
                self.new_sync(SyncObj::Lock {
                    owner: None,
                    asyncio: true,
                    mp: false,
                })
            }
            B::RLock => {
                nargs(0, 0, "RLock")?;
                self.new_sync(SyncObj::RLock {
                    owner: None,
                    count: 0,
                })
            }
            B::Semaphore => {
                nargs(0, 1, "Semaphore")?;
                let v = match args.first().cloned().or_else(|| kwarg("value")) {
                    None => 1,
                    Some(v) => int_arg(&v, "Semaphore()")?,
                };
                if v < 0 {
                    return rt("ValueError: semaphore initial value must be >= 0");
                }
                self.new_sync(SyncObj::Semaphore { value: v })
            }
            B::Condition => {
                nargs(0, 1, "Condition")?;
                let lock = match args.first().cloned().or_else(|| kwarg("lock")) {
                    None | Some(Value::None) => match self.new_sync(SyncObj::RLock {
                        owner: None,
                        count: 0,
                    }) {
                        Value::Sync(s) => s,
                        _ => 0,
                    },
                    Some(Value::Sync(s))
                        if matches!(
                            self.syncs[s as usize],
                            SyncObj::Lock { .. } | SyncObj::RLock { .. }
                        ) =>
                    {
                        s
                    }
                    Some(v) => {
                        return rt(format!(
                            "TypeError: Condition() needs a Lock or RLock, not {}",
                            type_name(&v)
                        ))
                    }
                };
                self.new_sync(SyncObj::Condition {
                    lock,
                    waiters: vec![],
                })
            }
            B::Event => {
                nargs(0, 0, "Event")?;
                self.new_sync(SyncObj::Event { flag: false })
            }
            B::Queue | B::MpQueue | B::AsyncQueue => {
                nargs(0, 1, "Queue")?;
                let maxsize = match args.first().cloned().or_else(|| kwarg("maxsize")) {
                    None => 0,
                    Some(v) => int_arg(&v, "Queue()")?,
                };
                let kind = match b {
                    B::Queue => QueueKind::Thread,
                    B::MpQueue => QueueKind::Process,
                    _ => QueueKind::Asyncio,
                };
                self.new_sync(SyncObj::Queue {
                    items: VecDeque::new(),
                    maxsize,
                    kind,
                })
            }
            B::MpValue => {
                nargs(2, 2, "Value")?;
                if !matches!(args[0], Value::Str(_)) {
                    return rt("TypeError: Value() needs a typecode string such as 'i'");
                }
                let v = Value::Int(int_arg(&args[1], "Value()")?);
                let lock = match self.new_sync(SyncObj::RLock {
                    owner: None,
                    count: 0,
                }) {
                    Value::Sync(s) => s,
                    _ => 0,
                };
                self.new_sync(SyncObj::MpValue { value: v, lock })
            }
            B::AsyncRun => {
                nargs(1, 1, "asyncio.run")?;
                let t = self.spawn_task(tid, &args[0])?;
                self.threads[tid as usize].pending = Some(Pending::Tasks {
                    tids: vec![t],
                    gather: false,
                });
                return Ok(Done::Pending);
            }
            B::AsyncCreateTask => {
                nargs(1, 1, "asyncio.create_task")?;
                let t = self.spawn_task(tid, &args[0])?;
                Value::Awaitable(Rc::new(Awaitable::Task(t)))
            }
            B::AsyncSleep => {
                nargs(1, 1, "asyncio.sleep")?;
                Value::Awaitable(Rc::new(Awaitable::Sleep))
            }
            B::AsyncGather => {
                no_kw("gather")?;
                Value::Awaitable(Rc::new(Awaitable::Gather(args.clone())))
            }
            B::TimeSleep => {
                nargs(1, 1, "time.sleep")?;
                self.threads[tid as usize].yielded = true;
                Value::None
            }
        };
        Ok(Done::Value(v))
    }

    fn call_method(
        &mut self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
        no_kw: &dyn Fn(&str) -> R<()>,
    ) -> R<Done> {
        let p = self.proc(tid);
        let v = match recv {
            Value::Sync(sid) => {
                let sid = *sid;
                let blocking = !matches!(
                    args.first()
                        .cloned()
                        .or_else(|| kwarg("blocking"))
                        .or_else(|| kwarg("block")),
                    Some(Value::Bool(false)) | Some(Value::Int(0))
                );
                let s = self.syncs[sid as usize].clone();
                match (&s, name) {
                    (SyncObj::Lock { asyncio: true, .. }, "acquire") => {
                        Value::Awaitable(Rc::new(Awaitable::LockAcquire(sid)))
                    }
                    (
                        SyncObj::Lock { .. }
                        | SyncObj::RLock { .. }
                        | SyncObj::Semaphore { .. }
                        | SyncObj::Condition { .. },
                        "acquire",
                    ) => {
                        if self.acquire_blocks(tid, sid).is_some() {
                            if blocking {
                                return rt("internal error: blocked acquire ran");
                            }
                            Value::Bool(false)
                        } else {
                            self.acquire(tid, sid)?;
                            Value::Bool(true)
                        }
                    }
                    (_, "release") => {
                        self.release(tid, sid)?;
                        Value::None
                    }
                    (SyncObj::Lock { owner, .. }, "locked") => Value::Bool(owner.is_some()),
                    (SyncObj::Condition { lock, .. }, "wait") => {
                        let lock = *lock;
                        if !self.owns(tid, lock) {
                            return rt("RuntimeError: cannot wait on un-acquired lock");
                        }
                        let count = match &self.syncs[lock as usize] {
                            SyncObj::RLock { count, .. } => *count,
                            _ => 1,
                        };
                        match &mut self.syncs[lock as usize] {
                            SyncObj::RLock { owner, count } => {
                                *owner = None;
                                *count = 0;
                            }
                            SyncObj::Lock { owner, .. } => *owner = None,
                            _ => {}
                        }
                        if let SyncObj::Condition { waiters, .. } = &mut self.syncs[sid as usize] {
                            waiters.push(tid);
                        }
                        self.threads[tid as usize].pending = Some(Pending::CondWait {
                            cond: sid,
                            lock,
                            count,
                        });
                        return Ok(Done::Pending);
                    }
                    (SyncObj::Condition { lock, .. }, "notify" | "notify_all") => {
                        if !self.owns(tid, *lock) {
                            return rt("RuntimeError: cannot notify on un-acquired lock");
                        }
                        let n = if name == "notify_all" {
                            usize::MAX
                        } else {
                            match args.first().cloned().or_else(|| kwarg("n")) {
                                None => 1,
                                Some(Value::Int(k)) => k.max(0) as usize,
                                Some(v) => {
                                    return rt(format!(
                                        "TypeError: notify() n must be an int, not {}",
                                        type_name(&v)
                                    ))
                                }
                            }
                        };
                        if let SyncObj::Condition { waiters, .. } = &mut self.syncs[sid as usize] {
                            let k = n.min(waiters.len());
                            waiters.drain(..k);
                        }
                        Value::None
                    }
                    (SyncObj::Event { .. }, "set" | "clear") => {
                        self.syncs[sid as usize] = SyncObj::Event {
                            flag: name == "set",
                        };
                        Value::None
                    }
                    (SyncObj::Event { flag }, "is_set") => Value::Bool(*flag),
                    (SyncObj::Event { .. }, "wait") => Value::Bool(true),
                    (
                        SyncObj::Queue {
                            kind: QueueKind::Asyncio,
                            ..
                        },
                        "get",
                    ) => Value::Awaitable(Rc::new(Awaitable::QueueGet(sid))),
                    (
                        SyncObj::Queue {
                            kind: QueueKind::Asyncio,
                            ..
                        },
                        "put",
                    ) => {
                        if args.len() != 1 {
                            return rt("TypeError: put() takes exactly one argument");
                        }
                        Value::Awaitable(Rc::new(Awaitable::QueuePut(sid, args[0].clone())))
                    }
                    (SyncObj::Queue { items, maxsize, .. }, "get") => {
                        if items.is_empty() {
                            if blocking {
                                return rt("internal error: blocked get ran");
                            }
                            return rt("queue.Empty");
                        }
                        let _ = maxsize;
                        self.queue_get(sid)?
                    }
                    (SyncObj::Queue { items, maxsize, .. }, "put") => {
                        if args.is_empty() {
                            return rt(
                                "TypeError: put() missing 1 required positional argument: 'item'",
                            );
                        }
                        if *maxsize > 0 && items.len() as i64 >= *maxsize {
                            return rt("queue.Full");
                        }
                        self.queue_put(sid, args[0].clone())?;
                        Value::None
                    }
                    (SyncObj::Queue { items, .. }, "qsize") => Value::Int(items.len() as i64),
                    (SyncObj::Queue { items, .. }, "empty") => Value::Bool(items.is_empty()),
                    (SyncObj::Queue { items, maxsize, .. }, "full") => {
                        Value::Bool(*maxsize > 0 && items.len() as i64 >= *maxsize)
                    }
                    (SyncObj::MpValue { lock, .. }, "get_lock") => Value::Sync(*lock),
                    _ => {
                        return rt(format!(
                        "AttributeError: '{}' object has no method '{name}' in ThreadLab's subset",
                        s.kind()
                    ))
                    }
                }
            }
            Value::ThreadObj(o) => {
                let o = *o;
                no_kw(name)?;
                match name {
                    "start" => {
                        let t = self.tobjs[o as usize].clone();
                        if t.tid.is_some() {
                            return rt("RuntimeError: threads can only be started once");
                        }
                        let Value::Func(f) = t.target else {
                            return rt("TypeError: target is not a function");
                        };
                        if self.prog.codes[f as usize].is_async {
                            return rt(
                                "TypeError: a thread's target must not be an async function",
                            );
                        }
                        let as_process = t.is_process || self.mode == Mode::Processes;
                        let kind = if as_process {
                            Kind::Process
                        } else {
                            Kind::Thread
                        };
                        let new = self.new_thread(tid, kind, f, t.args.clone(), as_process)?;
                        self.tobjs[o as usize].tid = Some(new);
                        Value::None
                    }
                    "join" => {
                        if self.tobjs[o as usize].tid.is_none() {
                            return rt("RuntimeError: cannot join thread before it is started");
                        }
                        Value::None
                    }
                    "is_alive" => {
                        Value::Bool(self.tobjs[o as usize].tid.is_some_and(|t| self.is_live(t)))
                    }
                    _ => return rt(format!("AttributeError: Thread has no method '{name}'")),
                }
            }
            Value::List(id)
                if matches!(name, "extend" | "remove" | "index" | "count" | "clear") =>
            {
                let id = *id;
                let items = list_items(&self.mems[p].heap, id);
                match (name, args.len()) {
                    ("extend", 1) => {
                        let more = self.iter_items(tid, &args[0])?;
                        if items.len() + more.len() > 100_000 {
                            return rt("MemoryError: list too long for ThreadLab");
                        }
                        if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                            xs.extend(more);
                        }
                        Value::None
                    }
                    ("clear", 0) => {
                        if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                            xs.clear();
                        }
                        Value::None
                    }
                    ("remove" | "index" | "count", 1) => {
                        let heap = &self.mems[p].heap;
                        let hits: Vec<usize> = items
                            .iter()
                            .enumerate()
                            .filter(|(_, x)| eq(heap, x, &args[0]))
                            .map(|(i, _)| i)
                            .collect();
                        match (name, hits.first()) {
                            ("count", _) => Value::Int(hits.len() as i64),
                            ("index", Some(i)) => Value::Int(*i as i64),
                            ("index", None) => {
                                return rt(format!(
                                    "ValueError: {} is not in list",
                                    self.repr(p as u32, &args[0])
                                ))
                            }
                            (_, Some(&i)) => {
                                if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                                    xs.remove(i);
                                }
                                Value::None
                            }
                            (_, None) => return rt("ValueError: list.remove(x): x not in list"),
                        }
                    }
                    _ => {
                        return rt(format!(
                            "TypeError: list.{name}() got {} arguments",
                            args.len()
                        ))
                    }
                }
            }
            Value::Dict(id) if matches!(name, "keys" | "values" | "items") => {
                if !args.is_empty() {
                    return rt(format!("TypeError: dict.{name}() takes no arguments"));
                }
                let kv = match &self.mems[p].heap[*id as usize] {
                    HeapObj::Dict(kv) => kv.clone(),
                    _ => vec![],
                };
                let out: Vec<Value> = kv
                    .into_iter()
                    .map(|(k, v)| match name {
                        "keys" => k,
                        "values" => v,
                        _ => Value::Tuple(vec![k, v].into()),
                    })
                    .collect();
                Value::List(self.alloc(tid, HeapObj::List(out)))
            }
            Value::List(id) => {
                let id = *id;
                let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] else {
                    return rt("TypeError: bad list");
                };
                match (name, args.len()) {
                    ("append", 1) => {
                        xs.push(args[0].clone());
                        Value::None
                    }
                    ("pop", 0 | 1) => {
                        let len = xs.len() as i64;
                        let mut k = match args.first() {
                            None => len - 1,
                            Some(Value::Int(k)) => *k,
                            Some(v) => {
                                return rt(format!(
                                    "TypeError: list indices must be integers, not {}",
                                    type_name(v)
                                ))
                            }
                        };
                        if k < 0 {
                            k += len;
                        }
                        if len == 0 {
                            return rt("IndexError: pop from empty list");
                        }
                        if k < 0 || k >= len {
                            return rt("IndexError: pop index out of range");
                        }
                        xs.remove(k as usize)
                    }
                    ("insert", 2) => {
                        let Value::Int(k) = args[0] else {
                            return rt("TypeError: insert() index must be an integer");
                        };
                        let len = xs.len() as i64;
                        let k = if k < 0 { (k + len).max(0) } else { k.min(len) };
                        xs.insert(k as usize, args[1].clone());
                        Value::None
                    }
                    _ => {
                        return rt(format!(
                            "TypeError: list.{name}() got {} arguments",
                            args.len()
                        ))
                    }
                }
            }
            Value::Dict(id) => {
                let id = *id;
                let heap = &self.mems[p].heap;
                let HeapObj::Dict(kv) = &heap[id as usize] else {
                    return rt("TypeError: bad dict");
                };
                if args.is_empty() || args.len() > 2 {
                    return rt(format!("TypeError: dict.{name}() takes 1 or 2 arguments"));
                }
                let pos = kv.iter().position(|(k, _)| eq(heap, k, &args[0]));
                match (name, pos) {
                    ("get", Some(i)) => kv[i].1.clone(),
                    ("get", None) => args.get(1).cloned().unwrap_or(Value::None),
                    ("pop", Some(i)) => {
                        if let HeapObj::Dict(kv) = &mut self.mems[p].heap[id as usize] {
                            kv.remove(i).1
                        } else {
                            Value::None
                        }
                    }
                    ("pop", None) => match args.get(1) {
                        Some(d) => d.clone(),
                        None => return rt(format!("KeyError: {}", self.repr(p as u32, &args[0]))),
                    },
                    _ => return rt(format!("AttributeError: dict has no method '{name}'")),
                }
            }
            Value::Str(s) => match (name, args.len()) {
                ("upper", 0) => Value::Str(s.to_uppercase().into()),
                ("lower", 0) => Value::Str(s.to_lowercase().into()),
                ("join", 1) => {
                    let items = self.iter_items(tid, &args[0])?;
                    let mut parts = vec![];
                    for it in items {
                        match it {
                            Value::Str(x) => parts.push(x.to_string()),
                            v => {
                                return rt(format!(
                                    "TypeError: sequence item: expected str instance, {} found",
                                    type_name(&v)
                                ))
                            }
                        }
                    }
                    Value::Str(parts.join(s).into())
                }
                _ => {
                    return rt(format!(
                        "TypeError: str.{name}() got {} arguments",
                        args.len()
                    ))
                }
            },
            _ => {
                return rt(format!(
                    "TypeError: '{}' has no method '{name}'",
                    type_name(recv)
                ))
            }
        };
        Ok(Done::Value(v))
    }
}

fn overflow() -> RtErr {
    RtErr {
        msg: "OverflowError: integer result does not fit in 64 bits (ThreadLab's integers are i64)"
            .into(),
        assert: false,
    }
}

fn int_op(op: BinOp, x: i64, y: i64) -> R<i64> {
    let r = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0 {
                return rt("ZeroDivisionError: integer division or modulo by zero");
            }
            let q = x.checked_div(y).ok_or_else(overflow)?;
            let r = x - q * y;
            let (q, r) = if r != 0 && ((r < 0) != (y < 0)) {
                (q - 1, r + y)
            } else {
                (q, r)
            };
            Some(if op == BinOp::FloorDiv { q } else { r })
        }
        BinOp::Pow => {
            if y < 0 {
                return rt("ValueError: negative exponents give floats, which ThreadLab's subset does not support");
            }
            u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
        }
    };
    r.ok_or_else(overflow)
}

fn list_items(heap: &[HeapObj], id: u32) -> Vec<Value> {
    match heap.get(id as usize) {
        Some(HeapObj::List(xs)) => xs.clone(),
        _ => vec![],
    }
}

/// Python's ordering for what `sorted` accepts: ints/bools, strings, tuples of them.
fn py_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    let as_int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Tuple(xs), Value::Tuple(ys)) => {
            for (x, y) in xs.iter().zip(ys.iter()) {
                match py_cmp(x, y)? {
                    std::cmp::Ordering::Equal => continue,
                    o => return Some(o),
                }
            }
            Some(xs.len().cmp(&ys.len()))
        }
        _ => Some(as_int(a)?.cmp(&as_int(b)?)),
    }
}

/// Positional arguments completed with the function's defaults (if few enough are missing).
fn with_defaults(code: &super::compile::Code, mut args: Vec<Value>) -> Vec<Value> {
    let n = code.nparams as usize;
    let first_default = n - code.defaults.len();
    if args.len() < n && args.len() >= first_default {
        let from = args.len() - first_default;
        args.extend(code.defaults[from..].iter().cloned());
    }
    args
}

/// `v` with sync object ids replaced per `map` (a process's copies).
fn remap(v: &Value, map: &BTreeMap<u32, u32>) -> Value {
    match v {
        Value::Sync(s) => Value::Sync(*map.get(s).unwrap_or(s)),
        Value::Tuple(xs) => Value::Tuple(xs.iter().map(|x| remap(x, map)).collect()),
        Value::Method(m) => Value::Method(Rc::new((remap(&m.0, map), m.1.clone()))),
        other => other.clone(),
    }
}

/// Values that may go through a multiprocessing.Queue (no references into one process's heap).
fn crosses_processes(v: &Value) -> bool {
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) => true,
        Value::Tuple(xs) => xs.iter().all(crosses_processes),
        _ => false,
    }
}

/// Python `==` (a self-containing list compares unequal past depth 50 instead of recursing forever).
pub fn eq(heap: &[HeapObj], a: &Value, b: &Value) -> bool {
    let budget = std::cell::Cell::new(1_000_000u32);
    eq_depth(heap, a, b, 0, &budget)
}

fn eq_depth(
    heap: &[HeapObj],
    a: &Value,
    b: &Value,
    depth: u32,
    budget: &std::cell::Cell<u32>,
) -> bool {
    if a == b && !matches!(a, Value::Tuple(_)) {
        return true; // the same object (or the same scalar)
    }
    if depth > 50 || budget.get() == 0 {
        return false;
    }
    budget.set(budget.get() - 1);
    let eq = |heap: &[HeapObj], a: &Value, b: &Value| eq_depth(heap, a, b, depth + 1, budget);
    let as_int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return x == y;
    }
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            let (xs, ys) = (list_items(heap, *x), list_items(heap, *y));
            xs.len() == ys.len() && xs.iter().zip(&ys).all(|(p, q)| eq(heap, p, q))
        }
        (Value::Tuple(xs), Value::Tuple(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys.iter()).all(|(p, q)| eq(heap, p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => match (heap.get(*x as usize), heap.get(*y as usize)) {
            (Some(HeapObj::Dict(a)), Some(HeapObj::Dict(b))) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| eq(heap, k, k2) && eq(heap, v, v2)))
            }
            _ => false,
        },
        _ => a == b,
    }
}
