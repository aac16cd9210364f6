// Lab `bench` inside the coordinator worker: the CPU-bound sum on the whole
// pool (P1), and every pool thread painting the 256 × 256 grid (P5).

/** @typedef {{n: number}} SumParams */
/** @typedef {{checksum?: bigint, stopped: boolean}} SumResult the kernel's `SumResult` (no checksum when stopped) */
/** @typedef {{ms: number}} PaintParams */
/** @typedef {{stopped: boolean, cells: number[]}} PaintResult cells each pool thread painted */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.benchLayout(),
  kernels: {
    sum: (wasm, /** @type {SumParams} */ p) => wasm.benchSumThreads(p.n),
    paint: (wasm, /** @type {PaintParams} */ p) => wasm.benchPaintThreads(p.ms),
  },
};
