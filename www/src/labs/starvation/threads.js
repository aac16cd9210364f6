// Lab `starvation` inside the coordinator worker: R readers and W writers on
// their own pool threads, contending for one readers–writers lock.

/**
 * @typedef {{lock: 'reader' | 'writer' | 'fair', readers: number, writers: number, read: number, write: number,
 *   gap: number, duration: number}} Params
 * @typedef {{entries: number[], waitTotalUs: number[], waitMaxUs: number[], violations: number, stopped: boolean,
 *   elapsedUs: number}} Result the kernel's `Outcome`: per thread, readers first
 */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.starvationLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => wasm.starvationRunThreads(p.lock, p.readers, p.writers, p.read, p.write, p.gap, p.duration),
  },
};
