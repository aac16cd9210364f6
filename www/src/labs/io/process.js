// Lab `io` inside an isolated worker: one process of the pool. It takes every
// W-th request, waits for its response with a timer (no CPU: the worker's own
// event loop sleeps) and handles it in its private wasm instance. Each
// segment goes to the page by message — all the page ever sees of it.

/**
 * @typedef {import('./threads.js').Params & {epochMs: number}} Params `epochMs`: the run's start
 *   (timeOrigin + now), so every worker's times share the page's zero
 * @typedef {{row: number, req: number, kind: number, startUs: number, endUs: number}} Segment
 * @typedef {{segments: Segment[], open?: {row: number, kind: number, sinceUs: number},
 *   request?: import('./threads.js').Request & {index: number}}} Progress a message's data: finished
 *   segments, the one now open (a wait), and the request that just ended
 */

const clock = () => performance.timeOrigin + performance.now();

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  layout: (wasm) => wasm.ioLayout(),
  kernels: {
    calibrate: (/** @type {{ms: number}} */ p, io) => io.wasm.ioCalibrate(p.ms),
    run: async (/** @type {Params} */ p, io) => {
      const { wasm, worker } = io;
      const K = wasm.ioLayout().consts;
      const latencies = wasm.ioLatencies(p);
      const us = () => Math.max(0, Math.round((clock() - p.epochMs) * 1000));
      /** @type {import('./threads.js').Request[]} */
      const done = [];
      for (let i = worker; i < p.n; i += p.workers) {
        const latencyUs = latencies[i];
        const sent = us();
        io.progress(/** @type {Progress} */ ({ segments: [], open: { row: worker, kind: K.kindWait, sinceUs: sent } }));
        // The "I/O": a timer, as a process blocked in recv() uses no CPU.
        await io.sleep(latencyUs / 1000 - (us() - sent) / 1000);
        const woke = us();
        /** @type {Segment[]} */
        const segments = [{ row: worker, req: i, kind: K.kindWait, startUs: sent, endUs: woke }];
        const late = p.timeout > 0 && latencyUs > p.timeout * 1000;
        /** @type {import('./threads.js').Request & {index: number}} */
        const request = { index: i, latencyUs, row: worker, startUs: sent, endUs: woke, status: 'done', checksum: 0 };
        if (late && p.onTimeout === 'ask') {
          segments.push({ row: worker, req: i, kind: K.kindSawStop, startUs: woke, endUs: woke });
          request.status = 'skipped';
        } else {
          if (late) {
            const at = sent + p.timeout * 1000;
            segments.push({ row: worker, req: i, kind: K.kindAbandoned, startUs: at, endUs: at });
            request.status = 'abandoned';
          }
          request.checksum = wasm.ioHandleResponse(i, p.units);
          request.endUs = us();
          segments.push({ row: worker, req: i, kind: K.kindCompute, startUs: woke, endUs: request.endUs });
        }
        done.push(request);
        /** @type {Progress} */
        const progress = { segments, request };
        io.progress(progress);
      }
      return { requests: done };
    },
  },
};
