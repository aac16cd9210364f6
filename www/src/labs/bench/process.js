// Lab `bench` inside an isolated worker: the sum on one thread of the plain
// build (P2), and one side of a pair measurement (P3, P4: pair.js).
import { pair } from './pair.js';

/** @typedef {{n: number, repeats: number}} SumParams */
/** @typedef {{checksum: string, samples: number[]}} SumData the sum (a u64, as decimal text) and ms per timed run */

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  kernels: {
    /** The sequential sum on this worker's private instance, timed `repeats` times after a warm-up. */
    sum: (/** @type {SumParams} */ { n, repeats }, { wasm }) => {
      const checksum = wasm.benchSum(n).toString();
      const samples = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        wasm.benchSum(n);
        samples.push(performance.now() - t0);
      }
      /** @type {SumData} */
      const data = { checksum, samples };
      return data;
    },
    pair: (/** @type {import('./pair.js').PairParams} */ params) => pair(params),
  },
};
