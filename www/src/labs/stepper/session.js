// Lab `stepper`: the page's handle on the program being stepped, which lives in
// a worker (step.worker.js) so that no step, however costly, freezes the page.
// Requests go one at a time, in order; each answer carries the whole new state,
// so the page only draws. Stop — or a request that outlives the watchdog —
// terminates the worker; so does any failure (a wasm trap, a crash). The next
// request gets a fresh worker, and the panel re-compiles the program there.
import { waitFor } from '../../engine/messages.js';
import { STEPPER_MSG } from './messages.js';

/**
 * @typedef {import('./messages.js').StepWorkerRequest} StepWorkerRequest
 * @typedef {import('./messages.js').StepWorkerReply} StepWorkerReply
 * @typedef {import('./messages.js').SampleList} SampleList
 * @typedef {import('./messages.js').Started} Started
 * @typedef {import('./messages.js').State} State
 * @typedef {import('./types.js').Sample} Sample
 */

/** A request still unanswered after this long shows as busy, with its Stop button. */
export const SLOW_MS = 250;
/** A request still unanswered after this long is ended as a runaway (one step or one run of the budget). */
export const WATCHDOG_MS = 15_000;

/**
 * Thrown for a request that was ended (Stop, the watchdog) or dropped because the session was stopped.
 * `dropped`: it never ran, or a new program replaced it — the page has nothing to recover.
 */
export class Stopped extends Error {
  constructor(/** @type {string} */ message, dropped = false) {
    super(message);
    this.dropped = dropped;
  }
}
/** Thrown when the interpreter failed (a trap, a crash): its worker is gone and the program must be started again. */
export class Crashed extends Error {}

export class StepSession {
  /** @type {Worker | null} */
  #worker = null;
  #nextId = 1;
  #pending = 0;
  /** Bumped by Stop: requests queued before it are dropped. */
  #generation = 0;
  /** @type {Promise<unknown>} */
  #chain = Promise.resolve();
  /** Ends the request in flight. @type {((err: Error) => void) | null} */
  #abort = null;

  /**
   * @param {{onPending?: (n: number) => void, onSlow?: (since: number | null) => void}} [opts]
   *   `onPending`: how many requests are waiting or running, after every change (tests wait for 0);
   *   `onSlow`: a request has been running since `performance.now()` = `since` for more than SLOW_MS
   *   (null when it ends).
   */
  constructor(opts = {}) {
    this.onPending = opts.onPending ?? (() => {});
    this.onSlow = opts.onSlow ?? (() => {});
  }

  get pending() {
    return this.#pending;
  }

  #ensureWorker() {
    this.#worker ??= new Worker(new URL('./step.worker.js', import.meta.url), { type: 'module', name: 'threadlab-stepper-step' });
    return this.#worker;
  }

  #kill() {
    this.#worker?.terminate();
    this.#worker = null;
  }

  /**
   * Sends one request once every earlier one has been answered; resolves with the reply of `replyType`.
   * @param {{type: StepWorkerRequest['type'], [field: string]: unknown}} req a request without its `id`
   * @param {StepWorkerReply['type']} replyType
   * @returns {Promise<StepWorkerReply>}
   */
  #call(req, replyType) {
    const generation = this.#generation;
    const run = async () => {
      if (generation !== this.#generation) throw new Stopped('the interpreter was stopped before it ran', true);
      const w = this.#ensureWorker();
      const id = this.#nextId++;
      const t0 = performance.now();
      const ended = new Promise((_, reject) => {
        this.#abort = reject;
      });
      const slow = setTimeout(() => this.onSlow(t0), SLOW_MS);
      const watchdog = setTimeout(() => this.#end(new Stopped(`it was still running after ${WATCHDOG_MS / 1000} s, so it was stopped`)), WATCHDOG_MS);
      const reply = waitFor(w, replyType, id);
      let crashed = false;
      const onCrash = () => void (crashed = true);
      w.addEventListener('error', onCrash);
      w.postMessage({ ...req, id });
      try {
        return /** @type {StepWorkerReply} */ (await Promise.race([reply, ended]));
      } catch (err) {
        if (err instanceof Stopped) throw err;
        // A worker/error or a crash: the instance may be broken, never reuse it. A worker that reported
        // its own failure closes itself (step.worker.js), off this thread; one that crashed is ended here.
        if (this.#worker === w) this.#worker = null;
        if (crashed) w.terminate();
        throw new Crashed(err instanceof Error ? err.message : String(err));
      } finally {
        w.removeEventListener('error', onCrash);
        clearTimeout(slow);
        clearTimeout(watchdog);
        this.#abort = null;
        this.onSlow(null);
      }
    };
    this.onPending(++this.#pending);
    const p = this.#chain.then(run).finally(() => this.onPending(--this.#pending));
    this.#chain = p.catch(() => {});
    return p;
  }

  /** Ends the request in flight with `err` and drops the queued ones; the next request starts a fresh worker. */
  #end(/** @type {Error} */ err) {
    this.#generation++;
    this.#kill();
    this.#abort?.(err);
  }

  /** Stop: ends whatever runs (its worker is terminated) and drops what waits. */
  stop() {
    this.#end(new Stopped('stopped'));
  }

  /** @returns {Promise<Sample[]>} */
  async samples() {
    return /** @type {SampleList} */ (await this.#call({ type: STEPPER_MSG.SAMPLES }, STEPPER_MSG.SAMPLE_LIST)).samples;
  }

  /**
   * Compiles and starts `source`, then replays `schedule`. Whatever was running or queued is ended
   * first: a new program never waits behind a runaway step of the old one.
   * @returns {Promise<Started>}
   */
  start(/** @type {string} */ source, /** @type {string} */ mode, /** @type {number} */ k, /** @type {string} */ schedule = '', seed = 0) {
    if (this.#pending) this.#end(new Stopped('a new program replaced it', true));
    return /** @type {Promise<Started>} */ (this.#call({ type: STEPPER_MSG.START, source, mode, k, schedule, seed }, STEPPER_MSG.STARTED));
  }

  /** @returns {Promise<State>} */
  step(/** @type {number} */ thread, /** @type {boolean} */ toLine) {
    return /** @type {Promise<State>} */ (this.#call({ type: STEPPER_MSG.STEP, thread, toLine }, STEPPER_MSG.STATE));
  }

  /** Back to step `to`. @returns {Promise<State>} */
  undo(/** @type {number} */ to) {
    return /** @type {Promise<State>} */ (this.#call({ type: STEPPER_MSG.UNDO, to }, STEPPER_MSG.STATE));
  }

  /** One step back from wherever the program is once the requests before this one are done. @returns {Promise<State>} */
  undoOne() {
    return /** @type {Promise<State>} */ (this.#call({ type: STEPPER_MSG.UNDO, back: 1 }, STEPPER_MSG.STATE));
  }

  /** @returns {Promise<State>} */
  replay(/** @type {string} */ schedule) {
    return /** @type {Promise<State>} */ (this.#call({ type: STEPPER_MSG.REPLAY, schedule }, STEPPER_MSG.STATE));
  }

  /** @returns {Promise<State>} */
  run(/** @type {'random' | 'sequential'} */ how, /** @type {number} */ seed, /** @type {number} */ maxSteps) {
    return /** @type {Promise<State>} */ (this.#call({ type: STEPPER_MSG.RUN, how, seed, maxSteps }, STEPPER_MSG.STATE));
  }

  /** Leaving the page: the worker goes, and whatever it was doing with it. */
  dispose() {
    this.stop();
  }
}
