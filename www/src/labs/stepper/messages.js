// Lab `stepper`: every message between the page and the stepper's two workers
// — the stepping worker (step.worker.js: one program, stepped on request) and
// the exploring worker (explore.worker.js: every interleaving). Types are
// namespaced `stepper/…`; each request carries an `id` that its reply echoes;
// a failure is the engine's `worker/error` ({id, message}: engine/messages.js),
// after which the page replaces the worker.

export const STEPPER_MSG = Object.freeze({
  // page → step worker: the samples the core ships.
  SAMPLES: 'stepper/samples',
  // step worker → page: the samples.
  SAMPLE_LIST: 'stepper/sample-list',
  // page → step worker: compile a program and start it (then replay a schedule).
  START: 'stepper/start',
  // step worker → page: how it compiled, and the first state when it did.
  STARTED: 'stepper/started',
  // page → step worker: step one thread, one bytecode or to its next line.
  STEP: 'stepper/step',
  // page → step worker: back to an earlier step (`to`), or `back` steps from wherever it is then.
  UNDO: 'stepper/undo',
  // page → step worker: replay a schedule from step 0.
  REPLAY: 'stepper/replay',
  // page → step worker: run to the end (seeded random or sequential) within a step budget.
  RUN: 'stepper/run',
  // step worker → page: the state after a STEP, UNDO, REPLAY or RUN (or why it was refused).
  STATE: 'stepper/state',
  // page → explore worker: explore every interleaving within a state budget.
  EXPLORE: 'stepper/explore',
  // explore worker → page: the endings found.
  EXPLORED: 'stepper/explored',
  // explore worker → page: how far a search has got (between slices).
  EXPLORE_PROGRESS: 'stepper/explore-progress',
  // page → explore worker: end the search now and report what it found.
  EXPLORE_STOP: 'stepper/explore-stop',
});

/**
 * @typedef {import('./types.js').Snapshot} Snapshot
 * @typedef {import('./types.js').CompileResult} CompileResult
 * @typedef {import('./types.js').ExploreResult} ExploreResult
 * @typedef {import('./types.js').Sample} Sample
 *
 * @typedef {{type: 'stepper/samples', id: number}} SamplesRequest
 * @typedef {{type: 'stepper/sample-list', id: number, samples: Sample[]}} SampleList
 * @typedef {{type: 'stepper/start', id: number, source: string, mode: string, k: number, schedule: string, seed: number}} StartRequest
 *   `seed`: what the program's `random` is seeded with until it seeds it (the page's Seed).
 * @typedef {{type: 'stepper/started', id: number, compiled: CompileResult, snapshot: Snapshot | null,
 *   refused: string | null}} Started
 *   `refused`: the program compiled but could not start, or the schedule could not be replayed (then
 *   `snapshot` is step 0).
 * @typedef {{type: 'stepper/step', id: number, thread: number, toLine: boolean}} StepRequest
 * @typedef {{type: 'stepper/undo', id: number, to?: number, back?: number}} UndoRequest
 *   `back` counts from the state the worker holds when the request arrives, so undos queued behind
 *   other requests each go one further back.
 * @typedef {{type: 'stepper/replay', id: number, schedule: string}} ReplayRequest
 * @typedef {{type: 'stepper/run', id: number, how: 'random' | 'sequential', seed: number, maxSteps: number}} RunRequest
 * @typedef {{type: 'stepper/state', id: number, snapshot: Snapshot, refused: string | null, ms: number}} State
 *   `refused`: why the request did nothing (a thread that may not run, a bad schedule); the stepper is intact.
 *   `ms`: the time the interpreter took.
 * @typedef {{type: 'stepper/explore', id: number, source: string, mode: string, k: number, budget: number,
 *   search: 'every' | 'bounded' | 'hunt', depth: number, seed: number}} ExploreRequest
 *   `depth`: the hunt's bug depth d; `seed`: the hunt's seed and the program's `random` seed (the page's Seed).
 * @typedef {{type: 'stepper/explore-stop', id: number}} ExploreStop
 * @typedef {{type: 'stepper/explore-progress', id: number, progress: import('./types.js').SearchProgress, ms: number}} ExploreProgress
 * @typedef {{type: 'stepper/explored', id: number, result: ExploreResult, ms: number}} Explored
 *   `result.stopped`: a Stop ended the search early (what it found so far).
 * @typedef {{type: 'worker/error', id?: number, message: string}} Failure
 *
 * @typedef {SamplesRequest | StartRequest | StepRequest | UndoRequest | ReplayRequest | RunRequest} StepWorkerRequest
 * @typedef {SampleList | Started | State | Failure} StepWorkerReply
 */

export {};
