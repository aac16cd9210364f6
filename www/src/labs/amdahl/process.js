// Lab `amdahl` inside an isolated worker: one piece of a run — the serial part
// or this worker's share, as the kernel's plan splits it — summed on this
// worker's private instance, with a progress message after each quarter. The
// checksum comes back by message, like everything a process gives its parent.

/**
 * @typedef {{piece: 'serial' | 'share', threads: number, s: number, work: number}} Params
 *   `serial`: the serial part (worker 0 only); `share`: this worker's share of the parallel part
 * @typedef {{steps: number}} WarmParams an untimed warm-up: steps 0..steps
 * @typedef {{done: number, total: number}} Progress each `iso/progress`'s data
 * @typedef {{done: number, total: number, checksum: bigint}} Done the `iso/done`'s data
 */

/** Progress messages per piece: the page sees a worker's progress only when one arrives. */
const REPORTS = 4;

/**
 * Sums `start..end` in REPORTS pieces, posting progress after each but the last.
 * @param {import('../../engine/lab-sides.js').ProcessIO} io
 * @param {number} start
 * @param {number} end
 * @returns {Done}
 */
function sum(io, start, end) {
  const total = end - start;
  io.progress(/** @type {Progress} */ ({ done: 0, total }));
  const piece = Math.max(1, Math.ceil(total / REPORTS));
  let checksum = 0n;
  for (let at = start; at < end; ) {
    const to = Math.min(end, at + piece);
    checksum = BigInt.asUintN(64, checksum + io.wasm.amdahlSumRange(at, to));
    at = to;
    if (at < end) io.progress(/** @type {Progress} */ ({ done: at - start, total }));
  }
  return { done: total, total, checksum };
}

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  kernels: {
    run: (/** @type {Params} */ p, io) => {
      const plan = io.wasm.amdahlPlan(p.threads, p.s, p.work);
      const { start, end } = p.piece === 'serial' ? plan.serial : plan.shares[io.worker];
      return sum(io, start, end);
    },
    warm: (/** @type {WarmParams} */ p, io) => sum(io, 0, p.steps),
  },
};
