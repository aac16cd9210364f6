// Lab `gil` inside the coordinator worker: one variant — the sequential
// baseline on the coordinator's own thread, or T threads with or without the
// GIL on the rayon pool — repeated, each hold recorded in the shared `GIL_LAB`.

/** @typedef {{variant: 'seq' | 'gil' | 'free', threads: number, work: number, interval: number, repeats: number}} Params */
/** @typedef {{checksum: bigint, stopped: boolean, elapsedUs: number[]}} Result the kernel's `Repeats`: µs of each repeat */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.gilLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => wasm.gilRunThreads(p.variant, p.threads, p.work, p.interval, p.repeats),
  },
};
