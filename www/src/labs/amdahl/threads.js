// Lab `amdahl` inside the coordinator worker: one timed run on a pool of
// exactly `threads` threads, the serial part on thread 0, then a share each.

/** @typedef {{threads: number, s: number, work: number, steps?: number}} Params `steps` > 0: a warm-up of that many steps */
/** @typedef {{checksum: bigint, totalMs: number, serialMs: number, parallelMs: number, stopped: boolean}} Result the kernel's `Outcome` */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.amdahlLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => wasm.amdahlRunThreads(p.threads, p.s, p.work, p.steps ?? 0),
  },
};
