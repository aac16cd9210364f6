// Lab `memory-model`: the messages between the panel and its litmus workers,
// in the format of the engine's (www/src/engine/messages.js: `{type, ...}`,
// types namespaced by who talks; errors are the engine's `worker/error`).

export const MM = Object.freeze({
  READY: 'memory-model/ready',
  START: 'memory-model/start',
  DONE: 'memory-model/done',
});

/**
 * @typedef {{type: 'memory-model/ready'}} MmReady worker → page: loaded, waiting for its thread.
 * @typedef {{type: 'memory-model/start', sab: SharedArrayBuffer, params: import('./kernel.js').RunParams}} MmStart
 *   page → worker: run thread `params.thread` of the test on `sab`.
 * @typedef {{type: 'memory-model/done', thread: number, iterations: number, ms: number}} MmDone
 *   worker → page: its iterations are done; `ms` from the first barrier to the last.
 */
export {};
