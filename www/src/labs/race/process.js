// Lab `race` inside an isolated worker: the same unsynchronised `counter += 1`
// (load, then store) N times on this instance's private counter, in chunks,
// posting the counter after each. Alone in its memory it loses nothing; the
// page sees the count only in these messages.

/** @typedef {{iters: number}} Params */
/** @typedef {{done: number, counter: number}} Snapshot each message's data: increments done, the private counter */

/** Progress messages per run: enough to watch the page's count stay 0. */
const CHUNKS = 8;

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  kernels: {
    run: async (/** @type {Params} */ { iters }, io) => {
      const { wasm } = io;
      wasm.raceIsoReset();
      const chunk = Math.max(1, Math.ceil(iters / CHUNKS));
      let done = 0;
      let counter = 0;
      while (done < iters) {
        const n = Math.min(chunk, iters - done);
        counter = wasm.raceIsoChunk(n);
        done += n;
        if (done < iters) {
          /** @type {Snapshot} */
          const snap = { done, counter };
          io.progress(snap);
          await io.sleep(0);
        }
      }
      /** @type {Snapshot} */
      const last = { done, counter };
      return last;
    },
  },
};
