// Every message between the page and its workers, in one place.
//
// Types are namespaced by runtime: `shared/*` for the coordinator worker that
// hosts the threaded build, `iso/*` for the isolated (process-like) workers.
// Each message is a plain object `{type, ...payload}`; a request that expects a
// reply carries the `id` its reply echoes.

/** Message type strings. */
export const MSG = Object.freeze({
  // page → coordinator: start the threaded instance with a pool of `threads`.
  SHARED_INIT: 'shared/init',
  // coordinator → page: `{memory, layout, threads, startMs}` — sent once per coordinator.
  SHARED_READY: 'shared/ready',
  // page → coordinator: `{id, lab, params}` run a lab's parallel kernel.
  SHARED_RUN: 'shared/run',
  // coordinator → page: `{id, result, elapsedMs}` the run (or call) returned.
  SHARED_DONE: 'shared/done',
  // page → coordinator: `{id, fn, args}` call a quick, non-blocking export of the threaded
  // build (a lab's `…Layout()`, say) while no run is going; answered by `shared/done`.
  SHARED_CALL: 'shared/call',
  // isolated worker → page: `{}` its private instance is ready.
  ISO_READY: 'iso/ready',
  // page → isolated worker: `{id, lab, params}`.
  ISO_RUN: 'iso/run',
  // isolated worker → page: `{id, writer, done, counter, writers}` a snapshot of its private memory.
  ISO_PROGRESS: 'iso/progress',
  // isolated worker → page: `{id, writer, done, counter, writers, elapsedMs}` its final result.
  ISO_DONE: 'iso/done',
  // any worker → page: `{id?, message}` something failed.
  ERROR: 'worker/error',
  // page → isolated worker (lab `bench`): `{id, role: 'a'|'b', test, port, sab, data, rounds, batch}` —
  // two workers measure a hand-over or a round trip between them; `a` drives and times, `b` answers.
  BENCH_PAIR: 'bench/pair',
  // isolated worker → page: `{id, role, samples}` milliseconds per sample (`b` sends an empty list).
  BENCH_RESULT: 'bench/result',
});

/**
 * @typedef {{type: string, id?: number, [key: string]: unknown}} Message
 */

/**
 * Resolves with the first message of `type` (and `id`, when given) from
 * `worker`; rejects on a `worker/error` for the same request or a worker crash.
 * @param {Worker} worker
 * @param {string} type
 * @param {number} [id]
 * @returns {Promise<Message>}
 */
export function waitFor(worker, type, id) {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    const onMessage = (/** @type {MessageEvent<Message>} */ e) => {
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
