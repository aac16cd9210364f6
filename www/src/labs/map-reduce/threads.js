// Lab `map-reduce` inside the coordinator worker: the image copied once into
// the shared memory, then the tiles filtered on the rayon pool, every thread
// writing its tiles straight into the one shared result.

/**
 * @typedef {{pixels: ArrayBuffer, width: number, height: number, filter: string, radius: number,
 *   level: number, tile: number, workers: number, schedule: string, uneven: boolean, slow: boolean}} Params
 * @typedef {{stopped: boolean, tilesDone: number, busyUs: number[], tilesBy: number[], hist: number[][],
 *   loadMs: number, runMs: number}} Result the kernel's `Outcome`, with the load and the run timed apart
 */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.mrLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => {
      const t0 = performance.now();
      wasm.mrLoadImage(p.width, p.height, new Uint8Array(p.pixels));
      const t1 = performance.now();
      const out = wasm.mrRunThreads(p.filter, p.radius, p.level, p.tile, p.workers, p.schedule, p.uneven, p.slow);
      return { ...out, loadMs: t1 - t0, runMs: performance.now() - t1 };
    },
  },
};
