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
 * @typedef {{thread: number, text: string, stream?: 'out' | 'err'}} OutputLine
 * @typedef {'finished' | 'deadlock' | 'assert' | 'error' | 'budget'} OutcomeKind
 * @typedef {{kind: OutcomeKind, message: string, line?: number | null}} Outcome
 * @typedef {{step: number, schedule: string, mode: string, runnable: number[], threads: Thread[],
 *   memories: Memory[], syncs: Sync[], output: OutputLine[], outcome: Outcome | null}} Snapshot
 *
 * @typedef {{kind: OutcomeKind, globals?: Record<string, string>, output?: string, message?: string,
 *   count: number, witness: string}} Ending  One ending an exploration reached, with a schedule that reaches it.
 * @typedef {{states: number, transitions: number, complete: boolean, budgetHit: boolean,
 *   naiveStates?: number, naiveComplete?: boolean, ms?: number, outcomes: Ending[]}} ExploreResult
 *
 * @typedef {{id: string, title: string, mode: string, source: string}} Sample
 */

export {};
