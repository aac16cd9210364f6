// Lab `threads-vs-processes` inside an isolated worker (its own instance of
// the plain build, its own memory): one writer's share on this worker's
// private grid, in chunks. Two kernels, differing only in how the page gets
// to see that private memory:
// - `run` (processes): a copy of the grid posted by message after each chunk;
// - `interp` (interpreters): the grid written into a slot of a queue in shared
//   memory (engine/shared-ring.js) after each chunk — the page reads it there,
//   in place, and no message carries it.
import { MemoryView } from '../../engine/memory-view.js';
import { SharedRing } from '../../engine/shared-ring.js';

/** @typedef {{iters: number, slow: boolean}} Params */
/** @typedef {Params & {ring: SharedArrayBuffer}} InterpParams */
/** @typedef {{done: number, counter: number, writers: Uint8Array}} Snapshot each message's data */
/** @typedef {{records: number, waitedMs: number}} InterpDone all an interpreter's done message says: its data went through the queue */

/** Slow motion: 16 ms per 1024 steps, the same pace the threaded writers keep. */
const SLOW_CHUNK = 1024;
const SLOW_PAUSE_MS = 16;

/**
 * One record in the interpreters' queue: four u32 — worker, steps done, its
 * private counter, 1 if it is the worker's last — then its grid's cells.
 */
export const RECORD = { worker: 0, done: 1, counter: 2, last: 3, cellsAt: 16 };

/**
 * Runs this worker's steps on its private grid, chunk by chunk, calling
 * `publish(done, last)` after each chunk.
 * @param {import('../../engine/lab-sides.js').PlainWasm} wasm
 * @param {number} worker
 * @param {Params} p
 * @param {(ms: number) => Promise<void>} sleep
 * @param {(done: number, last: boolean) => void} publish
 */
async function count(wasm, worker, { iters, slow }, sleep, publish) {
  wasm.tvpReset();
  // At full speed eight snapshots are enough to watch; in slow motion, one per 1024 steps.
  const chunk = slow ? SLOW_CHUNK : Math.max(1, Math.ceil(iters / 8));
  let done = 0;
  while (done < iters) {
    done += wasm.tvpRunChunk(worker, done, Math.min(iters, done + chunk));
    publish(done, done >= iters);
    if (done < iters && slow) await sleep(SLOW_PAUSE_MS);
  }
  return done;
}

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  kernels: {
    run: async (/** @type {Params} */ p, io) => {
      const { wasm, worker } = io;
      const mem = new MemoryView(/** @type {WebAssembly.Memory} */ (wasm.wasmMemory()), wasm.tvpLayout());
      const cells = mem.consts.side ** 2;
      /** @returns {Snapshot} a copy of this worker's private memory */
      const snapshot = (/** @type {number} */ done) => ({
        done,
        counter: mem.views.counter[0],
        writers: mem.views.writers.slice(0, cells),
      });
      const done = await count(wasm, worker, p, io.sleep, (d, last) => {
        if (!last) io.progress(snapshot(d));
      });
      return snapshot(done);
    },
    interp: async (/** @type {InterpParams} */ p, io) => {
      const { wasm, worker } = io;
      const mem = new MemoryView(/** @type {WebAssembly.Memory} */ (wasm.wasmMemory()), wasm.tvpLayout());
      const cells = mem.consts.side ** 2;
      const ring = new SharedRing(p.ring);
      let records = 0;
      let waitedMs = 0;
      await count(wasm, worker, p, io.sleep, (done, last) => {
        waitedMs += ring.push((slot) => {
          const head = new Uint32Array(slot.buffer, slot.byteOffset, 4);
          head[RECORD.worker] = worker;
          head[RECORD.done] = done;
          head[RECORD.counter] = mem.views.counter[0];
          head[RECORD.last] = last ? 1 : 0;
          // From this instance's private memory into the shared slot: the one
          // copy there is, made here; the page reads the slot where it is.
          slot.set(mem.views.writers.subarray(0, cells), RECORD.cellsAt);
        });
        records++;
      });
      /** @type {InterpDone} */
      const out = { records, waitedMs };
      return out;
    },
  },
};
