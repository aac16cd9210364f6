// Lab `stepper`: the shapes that cross the wasm boundary, as JSDoc types.
// The contract is crate/src/stepper/API.md; these typedefs restate it for the
// page's type checker and add nothing. (No runtime code: import types only.)

/**
 * @typedef {{name: string, instrs: Instr[]}} CodeObject  One function's bytecode (`<module>` for the body).
 * @typedef {{offset: number, line: number, op: string, arg?: string | null, text: string}} Instr
 * @typedef {{line: number, col: number, message: string}} CompileError  1-based line and column.
 * @typedef {{ok: true, code: CodeObject[]} | {ok: false, error: CompileError}} CompileResult
 *
 * @typedef {'ready' | 'blocked' | 'done' | 'failed'} ThreadStatus
 * @typedef {{func: string, line: number, locals?: Record<string, string>, stack?: string[]}} Frame
 * @typedef {{id: number, name: string, kind: 'main' | 'thread' | 'process' | 'task', status: ThreadStatus,
 *   waitingFor: string | null, line: number, offset: number, instr: string | null, frames?: Frame[],
 *   process: number}} Thread
 * @typedef {{name: string, value: string, writer: number | null}} Global  value: Python repr; writer: thread id.
 * @typedef {{process: number, name: string, globals: Global[]}} Memory
 * @typedef {{name: string, kind: string, owner: number | null, waiters?: number[], value?: string | null}} Sync
 * @typedef {{thread: number, text: string, stream?: 'out' | 'err'}} OutputLine  stream: 'err' for stderr (an uncaught exception in a thread, print(file=sys.stderr)).
 * @typedef {'finished' | 'deadlock' | 'assert' | 'error' | 'budget' | 'livelock' | 'starvation'} OutcomeKind
 * @typedef {{kind: OutcomeKind, message: string, line?: number | null}} Outcome
 * @typedef {{step: number, schedule: string, mode: string, runnable: number[], threads: Thread[],
 *   memories: Memory[], syncs: Sync[], output: OutputLine[], outcome: Outcome | null,
 *   virtualNs?: number, virtualTime?: string}} Snapshot  virtualNs/virtualTime: the virtual clock (API.md).
 *
 * @typedef {{kind: OutcomeKind, globals?: Record<string, string>, output?: string, message?: string,
 *   count: number, witness: string, loopFrom?: number, preemptions?: number, foundAt?: number}} Ending
 *   One ending a search reached, with a schedule that reaches it. `loopFrom`: a lasso (livelock,
 *   starvation) — the witness's steps before its loop; the rest is the loop. `preemptions`: bounded
 *   search, the fewest it needs. `foundAt`: states (a hunt: runs) when it was first found.
 * @typedef {{states: number, transitions: number, complete: boolean, budgetHit: boolean,
 *   naiveStates?: number, naiveComplete?: boolean, ms?: number, outcomes: Ending[],
 *   search?: 'every' | 'bounded' | 'hunt', bound?: number, completeBound?: number, runs?: number,
 *   depth?: number, firstOther?: number, stopped?: boolean, foundMs?: number[],
 *   reduction?: 'dpor' | 'visited'}} ExploreResult
 *   `firstOther`: the index of the first ending found that differs from the sequential run's.
 *   `foundMs`: for each ending, the milliseconds from the search's start until it was first found.
 *   `reduction` (`every`): which search gave the result — DPOR or the visited-set search (they race).
 * @typedef {{done: boolean, states: number, transitions: number, endings: number, bound?: number,
 *   completeBound?: number, runs?: number}} SearchProgress
 *
 * @typedef {{id: string, title: string, mode: string, source: string}} Sample
 */

export {};
