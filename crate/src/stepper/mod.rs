//! The stepper: Python-subset programs run one bytecode at a time, with the
//! learner (or a seeded random scheduler, or a schedule string) choosing which
//! thread steps next, and an explorer that visits every interleaving.
//!
//! Pipeline, one idea per module:
//! - [`syntax`]: text → tokens (INDENT/DEDENT, 1-based line/col) → AST; anything
//!   outside the subset is an error naming it;
//! - [`compile`]: AST → a small stack bytecode, disassembled like `dis`;
//! - [`value`]: values, heap objects, sync objects, CPython's `repr`;
//! - [`vm`]: the machine (threads, frames, memories per process, blocking);
//! - [`sched`]: the modes as "who may step now", sequential / random / replay;
//! - [`schedule`]: the schedule format (digits, `[12]` for ids above 9);
//! - [`snapshot`]: the visible state as `Serialize` types (the only place a `Wait` becomes text);
//! - [`explore`]: DFS over states with de-duplication and partial-order reduction;
//! - [`wasm`]: the `#[wasm_bindgen]` boundary (JSON strings, see API.md).
//!
//! The subset: module globals; ints (i64, overflow is an error), bools, None,
//! strings, lists, dicts, tuples; `+ - * // % **`, comparisons, `in`, `and/or/not`;
//! assignment and augmented assignment to names, `x[i]`, `v.value`; tuple
//! unpacking into names (`a, b = b, a`, `for i, x in enumerate(xs)`);
//! if/elif/else, while, for over range/lists/tuples/strings/dicts, break/continue;
//! `def` (positional/keyword arguments, constant defaults) and `return`; `global`;
//! functions in full: defaults evaluated by `def`, `*args`, keyword-only parameters,
//! `**kwargs`, `f(*xs, **d)`, `lambda`, nested `def` with closures and `nonlocal`,
//! decorators (with and without arguments), recursion; generators (`yield`, `yield from`,
//! `send`, `next(g[, default])`, generator expressions, `return` in a generator); `map`,
//! `filter`, `functools.reduce`, `sorted`/`min`/`max` with `key=`/`default=`, `list.sort`
//! (written in Python in `prelude.py`); sets (`{…}`, `set()`, add/discard/remove/pop, `| & - ^`,
//! in CPython's order); set and dict comprehensions, several `for`s in a comprehension;
//! unpacking into any targets (`a, *rest = xs`, `x[i], x[j] = …`, nested tuples in `for`);
//! `del`; `for`/`while … else`; `with a, b:`; `a = b = v`; `:=`; `|`, `&`, `^` on ints;
//! print (sep, end), assert, len/str/int/bool/abs/min/max/sum/list/tuple/range/
//! repr/any/all/sorted, and enumerate/zip/reversed and dict.keys/values/items
//! (which give lists here: printing them differs from CPython's views);
//! list append/pop/insert/extend/remove/index/count/clear, dict get/pop,
//! str join/upper/lower; conditional expressions; list comprehensions.
//! Concurrency: threading (Thread, Lock, RLock, Semaphore, Condition, Event),
//! queue.Queue, multiprocessing (Process, Value, Queue, Lock), asyncio (run,
//! sleep, gather, create_task, Lock, Queue, `async def`, `await`, `async with`),
//! time.sleep on a virtual clock (see `vm/clock.rs`: sleeps order the threads, the clock
//! jumps when no thread can run), time/perf_counter/monotonic, timeit.default_timer,
//! timeouts, daemon threads, Timer, Barrier, BoundedSemaphore, local, thread names,
//! queue's LifoQueue/PriorityQueue/SimpleQueue/task_done/join, random (CPython's
//! Mersenne Twister), os.getpid/cpu_count, multiprocessing.current_process.
//! f-strings (`{expr}`, `{expr!r}`, `{{`/`}}`).
//! Classes (inheritance with CPython's MRO, `super()`, `__init__`/`__str__`/`__repr__`/`__eq__`/
//! `__lt__`/`__len__`/`__contains__`, `isinstance`/`type`/`getattr`…, `Thread`/`Process`
//! subclasses with `run()`) and exceptions (`try`/`except`/`else`/`finally`, `raise … from`, the
//! built-in hierarchy; every runtime error is catchable): see `vm::classes`, `vm::exceptions`.
//! An exception no handler catches ends only its `Thread`/`Process` (printed to stderr as
//! `threading.excepthook` prints it); in the main thread its traceback goes to stderr and the
//! other threads run on, then the run ends with outcome `error` or `assert` (`vm/main_exit.rs`);
//! in an asyncio task (or asyncio mode) it ends the whole run at once.
//! Numbers and text ([`number`], [`format`], `vm/float.rs`, `vm/text.rs`, …): floats
//! (CPython's repr, `/`, `//`, `%`, `**`, `round`, `int`/`float`, `divmod`, `pow`, `math`),
//! format specs in f-strings (`{x:>10.2f}`, `{x=}`), `format()`, `str.format`, `%`-formatting,
//! slices and slice assignment, chained comparisons, the common string methods, `print(sep=,
//! end=, file=sys.stderr, flush=)` and `sys` (stdout/stderr, exit, argv, version_info,
//! maxsize, set/getswitchinterval).
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
pub mod format;
pub mod number;
// clock
pub mod modules;
pub mod sched;
pub mod schedule;
pub mod search;
pub mod snapshot;
pub mod syntax;
pub mod value;
pub mod vm;
pub mod wasm;

#[cfg(test)]
mod tests;

use serde_json::{json, Value as Json};
use std::rc::Rc;
use vm::{Machine, Mode};

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
        .filter(|c| !c.fun.lib)
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
        mode: "free-threaded",
        source: include_str!("samples/race.py"),
    },
    Sample {
        id: "lock",
        title: "Lock: the same, with a lock",
        mode: "free-threaded",
        source: include_str!("samples/lock.py"),
    },
    Sample {
        id: "deadlock",
        title: "Deadlock: three dining philosophers",
        mode: "free-threaded",
        source: include_str!("samples/deadlock.py"),
    },
    Sample {
        id: "starvation",
        title: "Starvation: a greedy thread and a polite one",
        mode: "free-threaded",
        source: include_str!("samples/starvation.py"),
    },
    Sample {
        id: "prodcons",
        title: "Producer / consumer with a bounded queue",
        mode: "free-threaded",
        source: include_str!("samples/prodcons.py"),
    },
    Sample {
        id: "processes",
        title: "Processes: each has its own memory (forkserver)",
        mode: "forkserver",
        source: include_str!("samples/processes.py"),
    },
    Sample {
        id: "gil",
        title: "GIL before 3.10: switches every k bytecodes",
        mode: "gil-3.9",
        source: include_str!("samples/gil.py"),
    },
    Sample {
        id: "asyncio",
        title: "asyncio: switches only at await",
        mode: "asyncio",
        source: include_str!("samples/asyncio.py"),
    },
    // explore: the Pythons as modes, and liveness
    Sample {
        id: "gil310",
        title: "GIL 3.10+: += is safe, a call is not",
        mode: "gil-3.10",
        source: include_str!("samples/gil310.py"),
    },
    Sample {
        id: "spouses",
        title: "Livelock: two polite spouses and one spoon",
        mode: "free-threaded",
        source: include_str!("samples/spouses.py"),
    },
    // samples: classes, exceptions and a pool
    Sample {
        id: "bank",
        title: "Classes: Thread subclasses and a BankAccount",
        mode: "free-threaded",
        source: include_str!("samples/bank.py"),
    },
    Sample {
        id: "exceptions",
        title: "Exceptions in threads: with releases, acquire() does not",
        mode: "free-threaded",
        source: include_str!("samples/exceptions.py"),
    },
    Sample {
        id: "pool",
        title: "Thread pool: finished first, returned in order",
        mode: "gil-3.10",
        source: include_str!("samples/pool.py"),
    },
    // asyncio
    Sample {
        id: "async_timeout",
        title: "asyncio with sleeps and a timeout",
        mode: "asyncio",
        source: include_str!("samples/async_timeout.py"),
    },
    // multiprocessing
    Sample {
        id: "poolmap",
        title: "Pool.map: results in order, each worker its own memory",
        mode: "fork",
        source: include_str!("samples/poolmap.py"),
    },
];

/// The stepper session behind the wasm `Stepper` class: the start state and the current one.
pub struct Session {
    pub init: Machine,
    pub cur: Machine,
}

impl Session {
    pub fn new(source: &str, mode: &str, gil_interval: u32) -> Result<Session, String> {
        let mode = Mode::parse(mode).ok_or_else(|| {
            format!(
                "unknown mode `{mode}` ({})",
                vm::modes::MODE_NAMES.join(", ")
            )
        })?;
        let prog = compile_source(source).map_err(|e| e.to_string())?;
        let init = Machine::new(Rc::new(prog), mode, gil_interval);
        Ok(Session {
            cur: init.clone(),
            init,
        })
    }

    // clock
    /// The seed `random` uses until the program seeds it (the page's seed; API.md). Resets the
    /// run to its start.
    pub fn set_random_seed(&mut self, seed: u32) {
        self.init.set_random_seed(seed);
        self.cur = self.init.clone();
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
        let prefix = schedule::prefix(&self.cur.schedule, to_step as usize);
        if let Ok(m) = sched::replay(&self.init, &prefix) {
            self.cur = m;
        }
    }

    /// Explores a small sample (the three philosophers, every interleaving) once, for its side
    /// effects only: the prelude gets compiled for this thread, and a browser's engine optimises
    /// the explorer's hot code before the learner's first exploration — the page's exploring
    /// worker calls it as it starts. Measured in `node`: the first exploration of `gil` took
    /// 393 ms, 147 ms after this (130 ms warm). Returns the states it explored.
    pub fn warm_up() -> u32 {
        let Some(s) = SAMPLES.iter().find(|s| s.id == "deadlock") else {
            return 0;
        };
        let Ok(sess) = Session::new(s.source, s.mode, 3) else {
            return 0;
        };
        let mut search = search::Search::new(&sess.init, search::Strategy::Every, 5_000);
        search.run(u32::MAX);
        search.progress().states
    }

    /// Exploration (see the contract), with a naive count for comparison.
    pub fn explore(&self, state_budget: u32) -> explore::ExploreReport {
        let t0 = crate::clock::now_ms();
        let mut s = search::Search::new(&self.init, search::Strategy::Every, state_budget);
        s.run(u32::MAX);
        s.report(crate::clock::now_ms() - t0)
    }

    pub fn snapshot(&self) -> snapshot::Snapshot {
        snapshot::snapshot(&self.cur)
    }

    /// The snapshot as the JSON the page receives.
    pub fn snapshot_json(&self) -> Json {
        serde_json::to_value(self.snapshot()).unwrap_or(Json::Null)
    }

    /// The exploration report as the JSON the page receives.
    pub fn explore_json(&self, state_budget: u32) -> Json {
        serde_json::to_value(self.explore(state_budget)).unwrap_or(Json::Null)
    }
}
