// Lab `threads-vs-processes` inside the coordinator worker: W writers at once
// on the rayon pool, all painting the one shared grid.

/** @typedef {{workers: number, iters: number, slow: boolean}} Params */
/** @typedef {{counter: number, steps: number[], stopped: boolean}} Result the kernel's `Outcome` */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.tvpLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => wasm.tvpRunThreads(p.workers, p.iters, p.slow),
  },
};
