// What a lab puts inside the two engine workers, found by convention: the
// coordinator imports every `labs/<id>/threads.js`, each isolated worker every
// `labs/<id>/process.js` (Vite's `import.meta.glob`, as squoosh finds its
// feature workers). The engine names no lab; a lab names its own wasm exports.
//
// Types only: nothing here runs.

/**
 * @typedef {import('./memory-view.js').Layout} Layout
 * @typedef {typeof import('../../pkg/threads/threadlab.js')} ThreadsWasm the threaded build's exports
 * @typedef {typeof import('../../pkg/plain/threadlab.js')} PlainWasm the plain build's exports
 *
 * @typedef {object} ThreadsSide `labs/<id>/threads.js`'s default export, run in the coordinator worker.
 * @property {(wasm: ThreadsWasm) => Layout} [layout] where the lab's shared memory lies (its `…Layout()` export)
 * @property {Record<string, (wasm: ThreadsWasm, params: any) => unknown>} kernels
 *   each kernel runs the lab's parallel twin on the pool and returns its typed result; it may block
 *   until done or stopped (the page stops it through the control word, or ends the coordinator).
 *
 * @typedef {object} ProcessIO what an isolated kernel gets besides its params
 * @property {number} worker this worker's index among the run's workers
 * @property {PlainWasm} wasm this worker's private instance
 * @property {(data: unknown, transfer?: Transferable[]) => void} progress posts an `iso/progress` (a copy)
 * @property {(ms: number) => Promise<void>} sleep yields to the event loop (a Stop terminates the worker)
 *
 * @typedef {object} ProcessSide `labs/<id>/process.js`'s default export, run in every isolated worker.
 * @property {(wasm: PlainWasm) => Layout} [layout] where the lab's memory lies in this private instance
 * @property {Record<string, (params: any, io: ProcessIO) => unknown>} kernels
 *   each kernel does one worker's share on its private memory and returns the `data` of its `iso/done`.
 */

export {};
