// Every message between the page and its workers, in one place.
//
// Types are namespaced by runtime: `shared/*` for the coordinator worker that
// hosts the threaded build, `iso/*` for the isolated (process-like) workers.
// Each message is a plain object `{type, ...payload}`; a request that expects a
// reply carries the `id` its reply echoes.

/** Message type strings. */
export const MSG = Object.freeze({
  SHARED_INIT: 'shared/init',
  SHARED_READY: 'shared/ready',
  SHARED_RUN: 'shared/run',
  SHARED_DONE: 'shared/done',
  ISO_READY: 'iso/ready',
  ISO_RUN: 'iso/run',
  ISO_PROGRESS: 'iso/progress',
  ISO_DONE: 'iso/done',
  ERROR: 'worker/error',
});

// One typedef per message. `lab` is a lab's id (its folder's name); `kernel`
// names one of the lab's kernels (`run` unless the lab has several); `worker`
// is always the index of the isolated worker a message is from or for; a lab's
// own payload travels in `params` (in) and `data` (out), whose shapes the lab
// declares in its threads.js / process.js.
/**
 * @typedef {import('./memory-view.js').Layout} Layout
 * @typedef {{type: 'shared/init', threads: number}} SharedInit
 *   page → coordinator: start the threaded instance with a pool of `threads`.
 * @typedef {{type: 'shared/ready', memory: WebAssembly.Memory, control: Layout,
 *   layouts: Record<string, Layout>, threads: number, startMs: number}} SharedReady
 *   coordinator → page, once per coordinator: the shared memory, where the stop word is, every lab's layout.
 * @typedef {{type: 'shared/run', id: number, lab: string, kernel: string, params: object}} SharedRun
 *   page → coordinator: run one of a lab's threaded kernels (it may block until done or stopped).
 * @typedef {{type: 'shared/done', id: number, result: any, elapsedMs: number}} SharedDone
 *   coordinator → page: what the kernel returned (a plain object; u64 values as BigInt).
 * @typedef {{type: 'iso/ready', layouts: Record<string, Layout>}} IsoReady
 *   isolated worker → page: its private instance is ready; where each lab's memory lies in it.
 * @typedef {{type: 'iso/run', id: number, lab: string, kernel: string, worker: number, params: object}} IsoRun
 *   page → isolated worker `worker`.
 * @typedef {{type: 'iso/progress', id: number, worker: number, data: any}} IsoProgress
 *   isolated worker → page: a snapshot of its private memory (a copy).
 * @typedef {{type: 'iso/done', id: number, worker: number, data: any, elapsedMs: number}} IsoDone
 *   isolated worker → page: its final result.
 * @typedef {{type: 'worker/error', id?: number, message: string}} WorkerError
 *   any worker → page: something failed.
 * @typedef {SharedInit | SharedReady | SharedRun | SharedDone | IsoReady | IsoRun | IsoProgress | IsoDone | WorkerError} Message
 */

/**
 * The id of a lab's folder from a module path found by `import.meta.glob`
 * (`../labs/race/threads.js` → `race`).
 * @param {string} path
 */
export const labOfPath = (path) => /** @type {string} */ (path.split('/').at(-2));

/**
 * Resolves with the first message of `type` (and `id`, when given) from
 * `worker`; rejects on a `worker/error` for the same request or a worker crash.
 * @param {Worker} worker
 * @param {string} type
 * @param {number} [id]
 * @returns {Promise<any>} the message (its type is `type`)
 */
export function waitFor(worker, type, id) {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    const onMessage = (/** @type {MessageEvent<any>} */ e) => {
      const m = e.data;
      if (id !== undefined && m.id !== undefined && m.id !== id) return;
      if (m.type === type) {
        done();
        resolve(m);
      } else if (m.type === MSG.ERROR) {
        done();
        reject(new Error(String(m.message)));
      }
    };
    const onError = (/** @type {ErrorEvent} */ e) => {
      done();
      reject(new Error(e.message || 'the worker failed to start'));
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}

/**
 * The bytes a message carries across the worker boundary: typed arrays and
 * ArrayBuffers by their length, everything else by its JSON length — what a
 * structured clone has to copy. (A SharedArrayBuffer or a wasm Memory is not
 * copied at all and counts 0: that is the point of shared memory.)
 * @param {unknown} value
 * @returns {number}
 */
export function payloadBytes(value) {
  if (value === null || value === undefined) return 0;
  // A u64 result (serde's BigInt) is 8 bytes; JSON.stringify would throw on it.
  if (typeof value === 'bigint') return 8;
  if (ArrayBuffer.isView(value)) {
    return value.buffer instanceof ArrayBuffer ? value.byteLength : 0;
  }
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) return 0;
  if (typeof WebAssembly !== 'undefined' && value instanceof WebAssembly.Memory) return 0;
  if (Array.isArray(value)) return value.reduce((n, v) => n + payloadBytes(v), 2);
  if (typeof value === 'object') {
    let n = 2;
    for (const [k, v] of Object.entries(value)) n += k.length + 3 + payloadBytes(v);
    return n;
  }
  return JSON.stringify(value)?.length ?? 0;
}
