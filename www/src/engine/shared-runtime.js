// The shared runtime, page side: one coordinator worker hosting the threaded
// build, and a view over its shared memory.
import { ArenaView } from './arena.js';
import { MSG, waitFor } from './messages.js';

/** How long a stop may take before the coordinator is deemed stuck and ended. */
export const STOP_GRACE_MS = 1000;

/**
 * Why the shared runtime cannot run here, or '' when it can.
 * @returns {string}
 */
export function sharedUnavailableReason() {
  if (!globalThis.crossOriginIsolated) return 'not-isolated';
  if (typeof SharedArrayBuffer === 'undefined') return 'no-sab';
  if (typeof Worker === 'undefined') return 'no-workers';
  return '';
}

/**
 * @typedef {{result: number[], elapsedMs: number, terminated: boolean}} SharedRunResult
 */

export class SharedRuntime {
  constructor() {
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {ArenaView | null} */
    this.arena = null;
    this.threads = 0;
    /** Thread-pool start-up time of the current coordinator, ms. */
    this.startMs = 0;
    /** @type {Promise<void> | null} */
    this.starting = null;
    this.nextId = 1;
    /** @type {((r: SharedRunResult) => void) | null} */
    this.finish = null;
    /** How many coordinators were ended because they did not stop. */
    this.terminations = 0;
  }

  /**
   * A coordinator with a pool of exactly `threads` threads, so that W writers
   * are W real threads; a different size means a fresh coordinator.
   * @param {number} threads
   */
  async ensure(threads) {
    if (this.worker && this.threads === threads && this.starting) return this.starting;
    this.dispose();
    const worker = new Worker(new URL('./coordinator.worker.js', import.meta.url), { type: 'module', name: 'threadlab-coordinator' });
    this.worker = worker;
    this.threads = threads;
    this.starting = (async () => {
      worker.postMessage({ type: MSG.SHARED_INIT, threads });
      const ready = /** @type {any} */ (await waitFor(worker, MSG.SHARED_READY));
      if (this.worker !== worker) return; // replaced meanwhile
      this.arena = new ArenaView(ready.memory, ready.layout);
      this.startMs = ready.startMs;
    })();
    this.starting.catch(() => this.dispose());
    return this.starting;
  }

  /**
   * Runs a lab's threaded kernel. Resolves when it returns — or, if it had to
   * be ended, with `terminated: true`.
   * @param {string} lab
   * @param {object} params
   * @returns {Promise<SharedRunResult>}
   */
  run(lab, params) {
    const worker = this.worker;
    if (!worker || !this.arena) return Promise.reject(new Error('the shared runtime is not started'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.finish = resolve;
      waitFor(worker, MSG.SHARED_DONE, id).then(
        (m) => {
          this.finish = null;
          resolve({ result: /** @type {number[]} */ (m.result), elapsedMs: /** @type {number} */ (m.elapsedMs), terminated: false });
        },
        (err) => {
          this.finish = null;
          reject(err);
        },
      );
      // A new run starts unstopped. Cleared here, not in the kernel, so that a
      // Stop pressed between this post and the kernel's start still counts.
      this.arena?.clearStop();
      worker.postMessage({ type: MSG.SHARED_RUN, id, lab, params });
    });
  }

  /**
   * Calls a quick export of the threaded instance — a lab's `…Layout()`, say —
   * and resolves with what it returned (typed arrays as plain arrays). Not for
   * kernels: it must not block, and a run must not be going.
   * @param {string} fn
   * @param {...unknown} args
   * @returns {Promise<any>}
   */
  async call(fn, ...args) {
    await this.starting;
    const worker = this.worker;
    if (!worker) throw new Error('the shared runtime is not started');
    const id = this.nextId++;
    const reply = waitFor(worker, MSG.SHARED_DONE, id);
    worker.postMessage({ type: MSG.SHARED_CALL, id, fn, args });
    return (await reply).result;
  }

  /**
   * Stops the current run: sets the stop word in shared memory (the writers see
   * it within a few microseconds); if the run has not returned after
   * `graceMs`, terminates the coordinator and starts a fresh one.
   * @param {number} [graceMs]
   * @returns {Promise<'cooperative' | 'terminated' | 'idle'>}
   */
  async stop(graceMs = STOP_GRACE_MS) {
    if (!this.finish || !this.arena) return 'idle';
    this.arena.requestStop();
    const deadline = performance.now() + graceMs;
    while (this.finish && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (!this.finish) return 'cooperative';
    this.terminate();
    return 'terminated';
  }

  /** Ends a stuck coordinator and starts a fresh one, without a page reload. */
  terminate() {
    const threads = this.threads;
    const finish = this.finish;
    this.finish = null;
    this.terminations++;
    this.dispose();
    finish?.({ result: [], elapsedMs: 0, terminated: true });
    this.ensure(threads).catch(() => {});
  }

  dispose() {
    this.worker?.terminate();
    this.worker = null;
    this.arena = null;
    this.starting = null;
  }
}
