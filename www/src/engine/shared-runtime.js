// The shared runtime, page side: one coordinator worker hosting the threaded
// build, views over its shared memory, and the stop word.
import { MemoryView } from './memory-view.js';
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
 * @typedef {{result: any, elapsedMs: number, terminated: boolean}} SharedRunResult
 *   `result` is what the lab's kernel returned (see its threads.js); absent when `terminated`.
 */

export class SharedRuntime {
  constructor() {
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {WebAssembly.Memory | null} The shared memory of the current coordinator. */
    this.memory = null;
    /** @type {Int32Array | null} The control word (`[stop]`, crate/src/control.rs). */
    this.control = null;
    /** @type {Record<string, import('./memory-view.js').Layout>} Every lab's layout in this instance. */
    this.layouts = {};
    /** @type {Map<string, MemoryView>} */
    this.views = new Map();
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
      /** @type {import('./messages.js').SharedReady} */
      const ready = await waitFor(worker, MSG.SHARED_READY);
      if (this.worker !== worker) return; // replaced meanwhile
      this.memory = ready.memory;
      const stop = ready.control.fields[0];
      this.control = new Int32Array(ready.memory.buffer, stop.offset, 1);
      this.layouts = ready.layouts;
      this.views.clear();
      this.startMs = ready.startMs;
    })();
    this.starting.catch(() => this.dispose());
    return this.starting;
  }

  /**
   * Typed-array views over lab `lab`'s memory in the current coordinator's
   * shared memory (null before one has started). A fresh coordinator means
   * fresh views: call this each time rather than keeping its result.
   * @param {string} lab
   * @returns {MemoryView | null}
   */
  view(lab) {
    if (!this.memory || !this.layouts[lab]) return null;
    let v = this.views.get(lab);
    if (!v) this.views.set(lab, (v = new MemoryView(this.memory, this.layouts[lab])));
    return v;
  }

  /** Whether the stop word is set (a Stop was pressed during the current run). */
  stopRequested() {
    return !!this.control && Atomics.load(this.control, 0) !== 0;
  }

  /**
   * Runs one of a lab's threaded kernels (its threads.js). Resolves when it
   * returns — or, if it had to be ended, with `terminated: true`.
   * @param {string} lab
   * @param {object} params
   * @param {string} [kernel]
   * @returns {Promise<SharedRunResult>}
   */
  run(lab, params, kernel = 'run') {
    const worker = this.worker;
    if (!worker || !this.control) return Promise.reject(new Error('the shared runtime is not started'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.finish = resolve;
      waitFor(worker, MSG.SHARED_DONE, id).then(
        (m) => {
          this.finish = null;
          resolve({ result: m.result, elapsedMs: m.elapsedMs, terminated: false });
        },
        (err) => {
          this.finish = null;
          reject(err);
        },
      );
      // A new run starts unstopped. Cleared here, not in the kernel, so that a
      // Stop pressed between this post and the kernel's start still counts.
      if (this.control) Atomics.store(this.control, 0, 0);
      /** @type {import('./messages.js').SharedRun} */
      const msg = { type: MSG.SHARED_RUN, id, lab, kernel, params };
      worker.postMessage(msg);
    });
  }

  /**
   * Stops the current run: sets the stop word in shared memory (the writers see
   * it within a few microseconds); if the run has not returned after
   * `graceMs`, terminates the coordinator and starts a fresh one.
   * @param {number} [graceMs]
   * @returns {Promise<'cooperative' | 'terminated' | 'idle'>}
   */
  async stop(graceMs = STOP_GRACE_MS) {
    if (!this.finish || !this.control) return 'idle';
    // One atomic store into the word every kernel polls; notify wakes a thread asleep on it.
    Atomics.store(this.control, 0, 1);
    Atomics.notify(this.control, 0);
    const deadline = performance.now() + graceMs;
    // A method, not `this.finish` itself: TypeScript would keep the check above's narrowing across the awaits.
    const going = () => this.finish !== null;
    while (going() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (!going()) return 'cooperative';
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
    this.memory = null;
    this.control = null;
    this.views.clear();
    this.starting = null;
  }
}
