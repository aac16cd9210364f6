// Lab `stepper`: the page's handle on the program being stepped. Requests go
// one at a time, in order, to the interpreter (interpreter.js) and each answer
// carries the whole new state, so the page only draws.
import { STEPPER_MSG } from './messages.js';

/**
 * @typedef {import('./messages.js').StepWorkerRequest} StepWorkerRequest
 * @typedef {import('./messages.js').StepWorkerReply} StepWorkerReply
 * @typedef {import('./messages.js').Started} Started
 * @typedef {import('./messages.js').State} State
 * @typedef {import('./types.js').Sample} Sample
 */

/** Thrown for a request that was dropped because the session was stopped or restarted. */
export class Stopped extends Error {}

export class StepSession {
  #nextId = 1;
  #pending = 0;
  /**
   * @param {{onPending?: (n: number) => void}} [opts] `onPending`: told how many requests are waiting or
   *   running, after every change (the page shows it; tests wait for 0).
   */
  constructor(opts = {}) {
    this.onPending = opts.onPending ?? (() => {});
  }
  /** @type {Promise<unknown>} */
  #chain = Promise.resolve();

  /**
   * Sends one request once every earlier one has been answered.
   * @template {StepWorkerReply} R
   * @param {Omit<StepWorkerRequest, 'id'>} req
   * @returns {Promise<R>}
   */
  #call(req) {
    const run = async () => {
      const { answer } = await import('./interpreter.js');
      const reply = await answer(/** @type {StepWorkerRequest} */ ({ ...req, id: this.#nextId++ }));
      return /** @type {R} */ (reply);
    };
    this.onPending(++this.#pending);
    const p = this.#chain.then(run).finally(() => this.onPending(--this.#pending));
    this.#chain = p.catch(() => {});
    return p;
  }

  /** @returns {Promise<Sample[]>} */
  async samples() {
    return (await this.#call({ type: STEPPER_MSG.SAMPLES })).samples;
  }

  /** Compiles and starts `source`, then replays `schedule`. @returns {Promise<Started>} */
  start(/** @type {string} */ source, /** @type {string} */ mode, /** @type {number} */ k, /** @type {string} */ schedule = '') {
    return this.#call({ type: STEPPER_MSG.START, source, mode, k, schedule });
  }

  /** @returns {Promise<State>} */
  step(/** @type {number} */ thread, /** @type {boolean} */ toLine) {
    return this.#call({ type: STEPPER_MSG.STEP, thread, toLine });
  }

  /** @returns {Promise<State>} */
  undo(/** @type {number} */ to) {
    return this.#call({ type: STEPPER_MSG.UNDO, to });
  }

  /** @returns {Promise<State>} */
  replay(/** @type {string} */ schedule) {
    return this.#call({ type: STEPPER_MSG.REPLAY, schedule });
  }

  /** @returns {Promise<State>} */
  run(/** @type {'random' | 'sequential'} */ how, /** @type {number} */ seed, /** @type {number} */ maxSteps) {
    return this.#call({ type: STEPPER_MSG.RUN, how, seed, maxSteps });
  }

  dispose() {}
}
