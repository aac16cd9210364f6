// Lab `threads-vs-processes` inside an isolated worker: one writer's share on
// this worker's private grid, in chunks, with a copy of the grid posted after
// each — all the page ever sees of this memory.
import { MemoryView } from '../../engine/memory-view.js';

/** @typedef {{iters: number, slow: boolean}} Params */
/** @typedef {{done: number, counter: number, writers: Uint8Array}} Snapshot each message's data */

/** Slow motion: 16 ms per 1024 steps, the same pace the threaded writers keep. */
const SLOW_CHUNK = 1024;
const SLOW_PAUSE_MS = 16;

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  kernels: {
    run: async (/** @type {Params} */ { iters, slow }, io) => {
      const { wasm, worker } = io;
      const mem = new MemoryView(/** @type {WebAssembly.Memory} */ (wasm.wasmMemory()), wasm.tvpLayout());
      const cells = mem.consts.side ** 2;
      /** @returns {Snapshot} a copy of this worker's private memory */
      const snapshot = (/** @type {number} */ done) => ({
        done,
        counter: mem.views.counter[0],
        writers: mem.views.writers.slice(0, cells),
      });
      wasm.tvpReset();
      // At full speed eight snapshots are enough to watch; in slow motion, one per 1024 steps.
      const chunk = slow ? SLOW_CHUNK : Math.max(1, Math.ceil(iters / 8));
      let done = 0;
      while (done < iters) {
        done += wasm.tvpRunChunk(worker, done, Math.min(iters, done + chunk));
        if (done < iters) {
          io.progress(snapshot(done));
          if (slow) await io.sleep(SLOW_PAUSE_MS);
        }
      }
      return snapshot(done);
    },
  },
};
