// Lab `io` inside the coordinator worker: each way's kernel blocks here until
// it is done or stopped; the page watches the shared event log meanwhile.

/**
 * @typedef {{n: number, latency: number, jitter: number, units: number, workers: number, timeout: number,
 *   onTimeout: 'abandon' | 'ask', interval: number, seed: number}} Params what every way's kernel takes
 *   (`units`: the CPU cost c as work units, from `calibrate`)
 * @typedef {{latencyUs: number, row: number, startUs: number, endUs: number,
 *   status: 'done' | 'cancelled' | 'abandoned' | 'skipped' | 'stopped', checksum: number}} Request
 * @typedef {{elapsedMs: number, requests: Request[], checksum: number, stopped: boolean, switches: number,
 *   gilTakes: number, maxComputing: number, cpuMs: number, gilWaitMs: number}} WayResult a way's `WayOutcome`
 * @typedef {{aloneUs: number[], busyUs: number[], intervalUs: number, cpuUnits: number, stopped: boolean}} ConvoyResult
 */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.ioLayout(),
  kernels: {
    calibrate: (wasm, /** @type {{ms: number}} */ p) => wasm.ioCalibrate(p.ms),
    resetLog: (wasm) => wasm.ioResetLog(),
    sequential: (wasm, /** @type {Params} */ p) => wasm.ioRunSequential(p),
    threads: (wasm, /** @type {Params} */ p) => wasm.ioRunThreads(p),
    loop: (wasm, /** @type {Params} */ p) => wasm.ioRunEventLoop(p),
    convoy: (wasm, /** @type {{wakes: number, ioMs: number, interval: number}} */ p) => wasm.ioRunConvoy(p.wakes, p.ioMs, p.interval),
  },
};
