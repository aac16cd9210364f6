//! The stepper: Python-subset programs run one bytecode at a time, with the
//! learner (or a seeded random scheduler, or a schedule string) choosing which
//! thread steps next, and an explorer that visits every interleaving.
//!
//! Pipeline, one idea per module:
//! - [`lexer`]: text → tokens (INDENT/DEDENT, 1-based line/col);
//! - [`parser`]: tokens → AST; anything outside the subset is an error naming it;
//! - [`compile`]: AST → a small stack bytecode, disassembled like `dis`;
//! - [`value`]: values, heap objects, sync objects, CPython's `repr`;
//! - [`vm`]: the machine (threads, frames, memories per process, blocking);
//! - [`sched`]: the modes as "who may step now", sequential / random / replay;
//! - [`explore`]: DFS over states with de-duplication and partial-order reduction;
//! - [`wasm`]: the `#[wasm_bindgen]` boundary (JSON strings, see API.md).
//!
//! The subset: module globals; ints (i64, overflow is an error), bools, None,
//! strings, lists, dicts, tuples; `+ - * // % **`, comparisons, `in`, `and/or/not`;
//! assignment and augmented assignment to names, `x[i]`, `v.value`; tuple
//! unpacking into names (`a, b = b, a`, `for i, x in enumerate(xs)`);
//! if/elif/else, while, for over range/lists/tuples/strings/dicts, break/continue;
//! `def` (positional/keyword arguments, constant defaults) and `return`; `global`;
//! print (sep, end), assert, len/str/int/bool/abs/min/max/sum/list/tuple/range/
//! repr/any/all/sorted, and enumerate/zip/reversed and dict.keys/values/items
//! (which give lists here: printing them differs from CPython's views);
//! list append/pop/insert/extend/remove/index/count/clear, dict get/pop,
//! str join/upper/lower; conditional expressions; list comprehensions.
//! Concurrency: threading (Thread, Lock, RLock, Semaphore, Condition, Event),
//! queue.Queue, multiprocessing (Process, Value, Queue, Lock), asyncio (run,
//! sleep, gather, create_task, Lock, Queue, `async def`, `await`, `async with`),
//! time.sleep.
//! f-strings (`{expr}`, `{expr!r}`, `{{`/`}}`; no format specs).
//! An exception in any thread ends the whole run (outcome `error` or `assert`).
//!
//! Processes: `multiprocessing.Process` (and every `Thread` in `processes`
//! mode) starts with a copy of its parent's globals and heap, and copies of
//! `threading`'s sync objects in their current state (a fork); only
//! multiprocessing's Lock, Queue and Value are shared.
//!
//! Exploration: an outcome's `count` is the number of distinct end states
//! (after de-duplication) with that kind, globals, output and message — not
//! the number of schedules. `witness` is the first schedule found for it.
//!
//! CPython equivalence: `cpython_harness.py` runs a program on real CPython
//! threads under the same sequential schedule as [`sched::run_sequential`]
//! (a baton passed at blocking calls); `tests.rs` compares output and final
//! globals for every sample and `tests/*.py` program, plus random programs.

pub mod compile;
pub mod explore;
pub mod sched;
pub mod syntax;
pub mod value;
pub mod vm;
pub mod wasm;

#[cfg(test)]
mod tests;

use serde_json::{json, Map, Value as Json};
use std::rc::Rc;
use vm::{Kind, Machine, Mode, TState};

/// A compile (syntax or subset) error at a 1-based line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.col, self.message
        )
    }
}

/// Source → bytecode program.
pub fn compile_source(src: &str) -> Result<compile::Program, Error> {
    let toks = syntax::lexer::lex(src)?;
    let ast = syntax::parser::parse(toks)?;
    compile::compile(&ast)
}

/// The disassembly, as `stepperCompile` returns it.
pub fn disassembly(p: &compile::Program) -> Json {
    let codes: Vec<Json> = p
        .codes
        .iter()
        .map(|c| {
            let instrs: Vec<Json> = c
                .instrs
                .iter()
                .enumerate()
                .map(|(i, ins)| {
                    let arg = c.arg_text(&ins.op, &p.codes);
                    let op = ins.op.name();
                    let text = if arg.is_empty() {
                        op.to_string()
                    } else {
                        format!("{op} {arg}")
                    };
                    json!({"offset": i, "line": ins.line, "op": op, "arg": arg, "text": text})
                })
                .collect();
            json!({"name": c.name, "instrs": instrs})
        })
        .collect();
    json!(codes)
}

/// A sample program for the page.
pub struct Sample {
    pub id: &'static str,
    pub title: &'static str,
    pub mode: &'static str,
    pub source: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "race",
        title: "Race: two threads, counter += 1",
        mode: "threads",
        source: include_str!("samples/race.py"),
    },
    Sample {
        id: "lock",
        title: "Lock: the same, with a lock",
        mode: "threads",
        source: include_str!("samples/lock.py"),
    },
    Sample {
        id: "deadlock",
        title: "Deadlock: three dining philosophers",
        mode: "threads",
        source: include_str!("samples/deadlock.py"),
    },
    Sample {
        id: "starvation",
        title: "Starvation: a greedy thread and a polite one",
        mode: "threads",
        source: include_str!("samples/starvation.py"),
    },
    Sample {
        id: "prodcons",
        title: "Producer / consumer with a bounded queue",
        mode: "threads",
        source: include_str!("samples/prodcons.py"),
    },
    Sample {
        id: "processes",
        title: "Processes: each has its own copy of the globals",
        mode: "processes",
        source: include_str!("samples/processes.py"),
    },
    Sample {
        id: "gil",
        title: "GIL: switches only every k bytecodes",
        mode: "gil",
        source: include_str!("samples/gil.py"),
    },
    Sample {
        id: "asyncio",
        title: "asyncio: switches only at await",
        mode: "asyncio",
        source: include_str!("samples/asyncio.py"),
    },
];

/// The stepper session behind the wasm `Stepper` class: the start state and the current one.
pub struct Session {
    pub init: Machine,
    pub cur: Machine,
}

impl Session {
    pub fn new(source: &str, mode: &str, gil_interval: u32) -> Result<Session, String> {
        let mode = Mode::parse(mode)
            .ok_or_else(|| format!("unknown mode `{mode}` (threads, gil, asyncio, processes)"))?;
        let prog = compile_source(source).map_err(|e| e.to_string())?;
        let init = Machine::new(Rc::new(prog), mode, gil_interval);
        Ok(Session {
            cur: init.clone(),
            init,
        })
    }

    pub fn step(&mut self, tid: u32) -> Result<(), String> {
        sched::step(&mut self.cur, tid)
    }

    pub fn step_line(&mut self, tid: u32) -> Result<(), String> {
        sched::step_line(&mut self.cur, tid)
    }

    pub fn run_random(&mut self, seed: u32, max_steps: u32) -> u32 {
        sched::run_random(&mut self.cur, seed, max_steps)
    }

    pub fn run_sequential(&mut self, max_steps: u32) -> u32 {
        sched::run_sequential(&mut self.cur, max_steps)
    }

    pub fn replay(&mut self, schedule: &str) -> Result<(), String> {
        self.cur = sched::replay(&self.init, schedule)?;
        Ok(())
    }

    pub fn undo(&mut self, to_step: u32) {
        let prefix: String = self.cur.schedule.chars().take(to_step as usize).collect();
        if let Ok(m) = sched::replay(&self.init, &prefix) {
            self.cur = m;
        }
    }

    /// Exploration as JSON (see the contract), with a naive count for comparison.
    pub fn explore(&self, state_budget: u32) -> Json {
        let t0 = crate::clock::now_ms();
        let r = explore::explore(&self.init, state_budget, true);
        let ms = crate::clock::now_ms() - t0;
        // The naive count is only a comparison for the learner ("N states
        // without merging thread-local steps"), so it stops once it is 100×
        // the reduced count: at the full budget it took the page up to a
        // second per exploration, for a number that says "more than …".
        let naive_budget = state_budget.min(r.states.saturating_mul(100).max(1_000));
        let naive = explore::explore(&self.init, naive_budget, false);
        let outcomes: Vec<Json> = r
            .outcomes
            .iter()
            .map(|o| {
                let g: Map<String, Json> = o.globals.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
                json!({"kind": o.kind, "globals": g, "output": o.output, "message": o.message, "count": o.count, "witness": o.witness})
            })
            .collect();
        json!({
            "states": r.states, "transitions": r.transitions, "complete": r.complete, "budgetHit": r.budget_hit,
            "naiveStates": naive.states, "naiveComplete": naive.complete, "ms": ms, "outcomes": outcomes
        })
    }

    pub fn snapshot(&self) -> Json {
        snapshot(&self.cur)
    }
}

/// The whole visible state (see the contract).
pub fn snapshot(m: &Machine) -> Json {
    let runnable = sched::runnable(m);
    let mut waiters: Vec<Vec<u32>> = vec![vec![]; m.syncs.len()];
    let threads: Vec<Json> = m
        .threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let tid = i as u32;
            let block = m.blocker(tid);
            if let Some((_, Some(s))) = &block {
                if let Some(w) = waiters.get_mut(*s as usize) {
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
            let frames: Vec<Json> = t
                .frames
                .iter()
                .map(|f| {
                    let code = &m.prog.codes[f.code as usize];
                    let line = code.instrs.get(f.pc as usize).map_or(0, |i| i.line);
                    let locals: Map<String, Json> = code
                        .varnames
                        .iter()
                        .zip(&f.locals)
                        .filter_map(|(n, v)| {
                            v.as_ref()
                                .map(|v| (n.to_string(), json!(m.repr(t.process, v))))
                        })
                        .collect();
                    let stack: Vec<String> = f.stack.iter().map(|v| m.repr(t.process, v)).collect();
                    json!({"func": code.name, "line": line, "locals": locals, "stack": stack})
                })
                .collect();
            let (line, offset, instr) = match t.frames.last() {
                Some(f) => {
                    let code = &m.prog.codes[f.code as usize];
                    match code.instrs.get(f.pc as usize) {
                        Some(ins) => {
                            let arg = code.arg_text(&ins.op, &m.prog.codes);
                            let text = if arg.is_empty() {
                                ins.op.name().to_string()
                            } else {
                                format!("{} {arg}", ins.op.name())
                            };
                            (json!(ins.line), json!(f.pc), json!(text))
                        }
                        None => (Json::Null, Json::Null, Json::Null),
                    }
                }
                None => (Json::Null, Json::Null, Json::Null),
            };
            json!({
                "id": tid, "name": &*t.name, "kind": kind, "status": status,
                "waitingFor": block.map(|b| b.0), "line": line, "offset": offset, "instr": instr,
                "frames": frames, "process": t.process
            })
        })
        .collect();
    let memories: Vec<Json> = m
        .mems
        .iter()
        .enumerate()
        .map(|(p, mem)| {
            let globals: Vec<Json> = mem
                .globals
                .iter()
                .filter(|(k, v)| !k.starts_with("__") && !matches!(v, value::Value::Module(_) | value::Value::Func(_) | value::Value::Builtin(_)))
                .map(|(k, v)| json!({"name": &**k, "value": m.repr(p as u32, v), "writer": mem.writers.get(k)}))
                .collect();
            json!({"process": p, "name": &*mem.name, "globals": globals})
        })
        .collect();
    let syncs: Vec<Json> = m
        .syncs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            use value::SyncObj as S;
            let (owner, val) = match s {
                S::Lock { owner, .. } => (*owner, if owner.is_some() { "locked" } else { "unlocked" }.to_string()),
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
                    let cap = if *maxsize > 0 { format!(" (max {maxsize})") } else { String::new() };
                    (None, format!("[{}]{cap}", xs.join(", ")))
                }
                S::MpValue { value, .. } => (None, m.repr(0, value)),
            };
            json!({"name": m.sync_name(i as u32), "kind": s.kind(), "owner": owner, "waiters": waiters[i], "value": val})
        })
        .collect();
    let output: Vec<Json> = m
        .output
        .iter()
        .map(|(t, s)| json!({"thread": t, "text": s.strip_suffix('\n').unwrap_or(s)}))
        .collect();
    let outcome = m
        .outcome
        .as_ref()
        .map(|o| json!({"kind": o.kind, "message": o.message, "line": o.line}));
    json!({
        "step": m.steps, "schedule": m.schedule, "mode": m.mode.name(), "runnable": runnable,
        "threads": threads, "memories": memories, "syncs": syncs, "output": output, "outcome": outcome
    })
}
