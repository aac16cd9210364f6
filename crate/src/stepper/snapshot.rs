//! The visible state as `Serialize` types (the JSON that `Stepper.snapshot()` returns, described
//! in API.md), and the only place where a [`Wait`] becomes English text.

use super::sched;
use super::value::{HeapObj, SyncObj, Value};
use super::vm::{Kind, Machine, Pending, TState, Wait};
use serde::Serialize;
use std::collections::BTreeMap;

/// `stepper.snapshot()`: the whole visible state after the steps so far.
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    pub step: u32,
    pub schedule: String,
    pub mode: &'static str,
    /// Threads the learner may step now (the mode's rules applied).
    pub runnable: Vec<u32>,
    pub threads: Vec<ThreadView>,
    pub memories: Vec<MemoryView>,
    pub syncs: Vec<SyncView>,
    pub output: Vec<OutputLine>,
    pub outcome: Option<OutcomeView>,
    // clock
    /// Virtual time in nanoseconds (see `vm/clock.rs`), and as the page shows it ("2.000 s").
    #[serde(rename = "virtualNs")]
    pub virtual_ns: u64,
    #[serde(rename = "virtualTime")]
    pub virtual_time: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadView {
    pub id: u32,
    pub name: String,
    /// main | thread | process | task
    pub kind: &'static str,
    /// ready | blocked | done | failed
    pub status: &'static str,
    /// Why it waits, in words (a [`Wait`] rendered), or null.
    pub waiting_for: Option<String>,
    pub line: Option<u32>,
    pub offset: Option<u32>,
    /// The next instruction as `dis` shows it, e.g. `BINARY_OP +=`.
    pub instr: Option<String>,
    pub frames: Vec<FrameView>,
    /// Which process (memory) it runs in: 0 = the parent.
    pub process: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct FrameView {
    pub func: String,
    pub line: u32,
    /// Local name → Python repr, sorted by name.
    pub locals: BTreeMap<String, String>,
    pub stack: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MemoryView {
    pub process: u32,
    pub name: String,
    pub globals: Vec<GlobalView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GlobalView {
    pub name: String,
    /// The Python repr.
    pub value: String,
    /// The thread that last stored it.
    pub writer: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SyncView {
    pub name: String,
    pub kind: &'static str,
    pub owner: Option<u32>,
    pub waiters: Vec<u32>,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutputLine {
    pub thread: u32,
    /// One `print`'s text without its final newline.
    pub text: String,
    /// numbers: "out" (stdout) or "err" (stderr: `print(file=sys.stderr)`, `sys.stderr.write`).
    pub stream: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutcomeView {
    /// finished | deadlock | assert | error | budget
    pub kind: &'static str,
    pub message: String,
    pub line: Option<u32>,
}

impl Wait {
    /// What thread `tid` waits for, in words: "Lock lock (held by Thread-2)".
    pub fn text(&self, m: &Machine, tid: u32) -> String {
        let thread = |t: u32| m.threads[t as usize].name.to_string();
        match self {
            Wait::Lock { sync, holder } => {
                format!("{} (held by {})", sync_label(m, *sync), thread(*holder))
            }
            Wait::Semaphore { sync } => format!("{} (count 0)", sync_label(m, *sync)),
            Wait::Notify { cond } => format!("notify on {}", sync_label(m, *cond)),
            Wait::Event { sync } => format!("{} to be set", sync_label(m, *sync)),
            Wait::QueueEmpty { sync } => format!("an item in {} (empty)", sync_label(m, *sync)),
            Wait::QueueFull { sync } => format!("room in {} (full)", sync_label(m, *sync)),
            Wait::Join { thread: t } => format!("{} to finish", thread(*t)),
            Wait::Tasks => {
                let live: Vec<String> = match &m.threads[tid as usize].pending {
                    Some(Pending::Tasks { tids, .. }) => tids
                        .iter()
                        .filter(|x| m.is_live(**x))
                        .map(|x| thread(*x))
                        .collect(),
                    _ => vec![],
                };
                format!("tasks {} to finish", live.join(", "))
            }
            // clock
            Wait::Sleep { until } => format!("virtual time {} (asleep)", seconds_text(*until)),
            Wait::TaskDone { sync } => {
                format!("every item of {} to be task_done()", sync_label(m, *sync))
            }
            Wait::Barrier { sync } => format!("the other parties at {}", sync_label(m, *sync)),
            // asyncio
            Wait::AioTasks => "its tasks (asyncio.wait, as_completed or a TaskGroup)".into(),
            Wait::AioFuture => "an asyncio.Future to be done".into(),
        }
    }
}

/// What `tid` waits for, in words, if it is blocked.
pub fn waiting_for(m: &Machine, tid: u32) -> Option<String> {
    m.blocker(tid).map(|b| b.why.text(m, tid))
}

fn sync_label(m: &Machine, sid: u32) -> String {
    format!("{} {}", m.syncs[sid as usize].kind(), sync_name(m, sid))
}

/// The global name bound to a sync object (`lock`, `forks[1]`, `locks['a']`, `v's lock`) or `#n`.
pub fn sync_name(m: &Machine, sid: u32) -> String {
    let target = Value::Sync(sid);
    for mem in &m.mems {
        for (k, v) in &mem.globals {
            if *v == target {
                return k.to_string();
            }
        }
    }
    // An element of a global list or dict: `forks[1]`, `locks['a']`.
    for (p, mem) in m.mems.iter().enumerate() {
        for (k, v) in &mem.globals {
            match v {
                Value::List(id) => {
                    if let Some(HeapObj::List(xs)) = mem.heap.get(*id as usize) {
                        if let Some(i) = xs.iter().position(|x| *x == target) {
                            return format!("{k}[{i}]");
                        }
                    }
                }
                Value::Dict(id) => {
                    if let Some(HeapObj::Dict(kv)) = mem.heap.get(*id as usize) {
                        if let Some((key, _)) = kv.iter().find(|(_, x)| *x == target) {
                            return format!("{k}[{}]", m.repr(p as u32, key));
                        }
                    }
                }
                Value::Tuple(xs) => {
                    if let Some(i) = xs.iter().position(|x| *x == target) {
                        return format!("{k}[{i}]");
                    }
                }
                // classes: an attribute of a global instance, `account.lock`
                Value::Instance(id) => {
                    if let Some(HeapObj::Instance { attrs, .. }) = mem.heap.get(*id as usize) {
                        if let Some((a, _)) = attrs.iter().find(|(_, x)| *x == target) {
                            return format!("{k}.{a}");
                        }
                    }
                }
                _ => {}
            }
        }
    }
    // A Value's or Condition's lock.
    for (i, s) in m.syncs.iter().enumerate() {
        match s {
            SyncObj::MpValue { lock, .. }
            | SyncObj::Condition { lock, .. }
            | SyncObj::MpArray { lock, .. } // multiprocessing
                if *lock == sid =>
            {
                return format!("{}'s lock", sync_name(m, i as u32));
            }
            _ => {}
        }
    }
    format!("#{sid}")
}

/// The whole visible state.
pub fn snapshot(m: &Machine) -> Snapshot {
    let runnable = sched::runnable(m);
    let mut waiters: Vec<Vec<u32>> = vec![vec![]; m.syncs.len()];
    let threads = m
        .threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let tid = i as u32;
            let block = m.blocker(tid);
            if let Some(s) = block.as_ref().and_then(|b| b.on) {
                if let Some(w) = waiters.get_mut(s as usize) {
                    w.push(tid);
                }
            }
            let status = match t.state {
                TState::Done => "done",
                TState::Failed => "failed",
                TState::Live if block.is_some() => "blocked",
                TState::Live => "ready",
            };
            let kind = match t.kind {
                Kind::Main => "main",
                Kind::Thread => "thread",
                Kind::Process => "process",
                Kind::Task => "task",
            };
            let frames = t
                .frames
                .iter()
                .enumerate()
                .map(|(j, f)| {
                    let code = &m.prog.codes[f.code as usize];
                    FrameView {
                        func: code.name.clone(),
                        // functions: a prelude frame shows the program's line that called it.
                        line: if code.fun.lib {
                            t.frames
                                .iter()
                                .take(j)
                                .rev()
                                .find(|g| !m.prog.codes[g.code as usize].fun.lib)
                                .and_then(|g| {
                                    m.prog.codes[g.code as usize].instrs.get(g.pc as usize)
                                })
                                .map_or(0, |i| i.line)
                        } else {
                            code.instrs.get(f.pc as usize).map_or(0, |i| i.line)
                        },
                        locals: code
                            .varnames
                            .iter()
                            .zip(&f.locals)
                            .filter(|(n, _)| !n.starts_with('.'))
                            .filter_map(|(n, v)| {
                                // classes: an instance with its attributes
                                v.as_ref().map(|v| {
                                    (n.to_string(), super::vm::view_value(m, t.process, v))
                                })
                            })
                            .collect(),
                        stack: f.stack.iter().map(|v| m.repr(t.process, v)).collect(),
                    }
                })
                .collect();
            let at = m.user_frame(tid).and_then(|f| {
                let code = &m.prog.codes[f.code as usize];
                code.instrs.get(f.pc as usize).map(|ins| {
                    let arg = code.arg_text(&ins.op, &m.prog.codes);
                    let text = if arg.is_empty() {
                        ins.op.name().to_string()
                    } else {
                        format!("{} {arg}", ins.op.name())
                    };
                    (ins.line, f.pc, text)
                })
            });
            ThreadView {
                id: tid,
                name: t.name.to_string(),
                kind,
                status,
                // clock: a wait with a timeout says until when.
                waiting_for: block.map(|b| b.why.text(m, tid) + &deadline_text(m, tid)),
                line: at.as_ref().map(|a| a.0),
                offset: at.as_ref().map(|a| a.1),
                instr: at.map(|a| a.2),
                frames,
                process: t.process,
            }
        })
        .collect();
    let memories = m
        .mems
        .iter()
        .enumerate()
        .map(|(p, mem)| MemoryView {
            process: p as u32,
            name: mem.name.to_string(),
            globals: mem
                .globals
                .iter()
                .filter(|(k, v)| {
                    !k.starts_with("__")
                        && !matches!(
                            v,
                            Value::Module(_)
                                | Value::Func(_)
                                | Value::Builtin(_)
                                | Value::Closure(_)
                                | Value::Class(_)
                        )
                })
                .map(|(k, v)| GlobalView {
                    name: k.to_string(),
                    value: super::vm::view_value(m, p as u32, v), // classes: attributes shown
                    writer: mem.writers.get(k).copied(),
                })
                .collect(),
        })
        .collect();
    let syncs = m
        .syncs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            use SyncObj as S;
            let (owner, value) = match s {
                S::Lock { owner, .. } => (
                    *owner,
                    if owner.is_some() {
                        "locked"
                    } else {
                        "unlocked"
                    }
                    .to_string(),
                ),
                S::RLock { owner, count } => (*owner, format!("count {count}")),
                S::Semaphore { value } => (None, value.to_string()),
                S::Condition { lock, waiters } => {
                    let o = match &m.syncs[*lock as usize] {
                        S::Lock { owner, .. } | S::RLock { owner, .. } => *owner,
                        _ => None,
                    };
                    (o, format!("{} waiting", waiters.len()))
                }
                S::Event { flag } => (None, if *flag { "set" } else { "clear" }.to_string()),
                S::Queue { items, maxsize, .. } => {
                    let xs: Vec<String> = items.iter().map(|v| m.repr(0, v)).collect();
                    let cap = if *maxsize > 0 {
                        format!(" (max {maxsize})")
                    } else {
                        String::new()
                    };
                    (None, format!("[{}]{cap}", xs.join(", ")))
                }
                S::MpValue { value, .. } => (None, m.repr(0, value)),
                // clock
                S::Barrier { parties, count, .. } => {
                    (None, format!("{count} of {parties} waiting"))
                }
                S::Local { slots } => (None, format!("{} per-thread values", slots.len())),
                // multiprocessing
                S::Conn { .. } | S::MpArray { .. } => (None, m.mp_sync_text(s)),
            };
            SyncView {
                name: sync_name(m, i as u32),
                kind: s.kind(),
                owner,
                waiters: std::mem::take(&mut waiters[i]),
                value,
            }
        })
        .collect();
    let output = m
        .output
        .iter()
        .map(|(t, s, stream)| OutputLine {
            thread: *t,
            text: s.strip_suffix('\n').unwrap_or(s).to_string(),
            stream: stream.name(),
        })
        .collect();
    Snapshot {
        step: m.steps,
        schedule: m.schedule.clone(),
        mode: m.mode.name(),
        runnable,
        threads,
        memories,
        syncs,
        output,
        outcome: m.outcome.as_ref().map(|o| OutcomeView {
            kind: o.kind,
            message: o.message.clone(),
            line: o.line,
        }),
        // clock
        virtual_ns: m.extras.now,
        virtual_time: seconds_text(m.extras.now),
    }
}

// clock
/// Virtual nanoseconds as seconds with milliseconds: `2.000 s`.
pub fn seconds_text(ns: u64) -> String {
    format!(
        "{}.{:03} s",
        ns / 1_000_000_000,
        ns % 1_000_000_000 / 1_000_000
    )
}

/// ` (timeout at virtual time 3.000 s)` for a thread waiting with a timeout, else empty.
fn deadline_text(m: &Machine, tid: u32) -> String {
    m.extras.deadlines.get(&tid).map_or_else(String::new, |d| {
        format!(" (timeout at virtual time {})", seconds_text(*d))
    })
}
