// Lab `race` inside the coordinator worker: R repetitions of the three
// variants on the rayon pool, all on the shared `RACE` memory the page watches.

/** @typedef {{threads: number, iters: number, runs: number}} Params */
/**
 * @typedef {{counter: number, steps: number, lost: number, micros: number, stopped: boolean}} Trial
 *   one variant in one repetition (the kernel's `Trial`)
 * @typedef {{trials: Trial[][], stopped: boolean}} Result the kernel's `Outcome`: `trials[r][v]`, v by
 *   the variant's number in the layout's consts (`racy`, `mutex`, `atomic`)
 */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.raceLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => wasm.raceRunThreads(p.threads, p.iters, p.runs),
  },
};
