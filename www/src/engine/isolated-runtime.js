// The isolated runtime, page side: N dedicated workers, each with its own
// instance of the plain build and its own memory — the process analogue.
// Inputs go out and results come back only by postMessage; every message's
// payload is counted.
import { MSG, payloadBytes, waitFor } from './messages.js';

/**
 * @typedef {{messages: number, bytesOut: number, bytesIn: number}} Traffic
 * @typedef {import('./messages.js').IsoProgress | import('./messages.js').IsoDone} IsoReply
 * @typedef {(m: IsoReply, bytes: number) => void} OnMessage
 * @typedef {{kernel?: string, transferFor?: (i: number) => Transferable[]}} RunOptions
 *   `kernel`: which of the lab's process kernels (default `run`); `transferFor(i)`: what worker `i`'s
 *   params hand over rather than copy (ports, buffers).
 */

export class IsolatedRuntime {
  constructor() {
    /** @type {Worker[]} */
    this.workers = [];
    /** @type {Promise<unknown>[]} */
    this.ready = [];
    /** @type {Traffic} */
    this.traffic = { messages: 0, bytesOut: 0, bytesIn: 0 };
    this.nextId = 1;
    /** @type {(() => void) | null} */
    this.cancel = null;
    /** @type {Set<() => void>} Whoever waits for workers to start: a Stop ends every such wait. */
    this.startWaiters = new Set();
    /** @type {Record<string, import('./memory-view.js').Layout>} Every lab's layout in a worker's private instance. */
    this.layouts = {};
  }

  /**
   * At least `n` started workers. Resolves true once they are ready, or false
   * if a Stop came first (it terminates them, so their `ready` would never come).
   * @param {number} n
   * @returns {Promise<boolean>}
   */
  async ensure(n) {
    while (this.workers.length < n) {
      const w = new Worker(new URL('./isolated.worker.js', import.meta.url), {
        type: 'module',
        name: `threadlab-isolated-${this.workers.length}`,
      });
      this.ready.push(
        waitFor(w, MSG.ISO_READY).then((/** @type {import('./messages.js').IsoReady} */ m) => {
          this.layouts = m.layouts;
        }),
      );
      this.workers.push(w);
    }
    /** @type {() => void} */
    let stopped = () => {};
    const waiter = new Promise((resolve) => {
      stopped = () => resolve(false);
    });
    this.startWaiters.add(stopped);
    try {
      return await Promise.race([Promise.all(this.ready.slice(0, n)).then(() => true), waiter]);
    } finally {
      this.startWaiters.delete(stopped);
    }
  }

  /**
   * Sends each of `n` workers its params and collects one `iso/done` from each.
   * @param {string} lab
   * @param {number} n
   * @param {(i: number) => object} paramsFor
   * @param {OnMessage} onMessage every message from a worker, with its payload size
   * @param {RunOptions} [opts]
   * @returns {Promise<{results: import('./messages.js').IsoDone[], stopped: boolean}>}
   */
  async run(lab, n, paramsFor, onMessage, opts = {}) {
    // A Stop while the workers start ends the run before it begins.
    if (!(await this.ensure(n))) return { results: [], stopped: true };
    this.traffic = { messages: 0, bytesOut: 0, bytesIn: 0 };
    const id = this.nextId++;
    const workers = this.workers.slice(0, n);
    /** @type {Array<() => void>} */
    const cleanups = [];
    const runs = workers.map(
      (w, i) =>
        new Promise((resolve, reject) => {
          const onMsg = (/** @type {MessageEvent<any>} */ e) => {
            const m = e.data;
            if (m.id !== id) return;
            const bytes = payloadBytes(m);
            this.traffic.messages++;
            this.traffic.bytesIn += bytes;
            if (m.type === MSG.ERROR) reject(new Error(m.message));
            else {
              onMessage(m, bytes);
              if (m.type === MSG.ISO_DONE) resolve(m);
            }
          };
          // A worker that dies (a wasm trap, out of memory) ends the run with its message.
          const onError = (/** @type {ErrorEvent} */ e) => reject(new Error(`worker ${i + 1} failed: ${e.message || 'it crashed'}`));
          w.addEventListener('message', onMsg);
          w.addEventListener('error', onError);
          cleanups.push(() => {
            w.removeEventListener('message', onMsg);
            w.removeEventListener('error', onError);
          });
          /** @type {import('./messages.js').IsoRun} */
          const msg = { type: MSG.ISO_RUN, id, lab, kernel: opts.kernel ?? 'run', worker: i, params: paramsFor(i) };
          this.traffic.messages++;
          this.traffic.bytesOut += payloadBytes(msg);
          w.postMessage(msg, opts.transferFor?.(i) ?? []);
        }),
    );
    const stopped = new Promise((resolve) => {
      this.cancel = () => resolve('stopped');
    });
    try {
      const r = await Promise.race([Promise.all(runs), stopped]);
      return r === 'stopped' ? { results: [], stopped: true } : { results: /** @type {any[]} */ (r), stopped: false };
    } finally {
      this.cancel = null;
      cleanups.forEach((c) => c());
    }
  }

  /**
   * Stops a run at once by terminating every worker (squoosh-style: a worker
   * is cancelled by ending it, not by asking). Fresh ones start on the next run.
   */
  stop() {
    const cancel = this.cancel;
    const starting = [...this.startWaiters];
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.ready = [];
    cancel?.();
    starting.forEach((f) => f());
    return cancel || starting.length ? 'terminated' : 'idle';
  }
}
