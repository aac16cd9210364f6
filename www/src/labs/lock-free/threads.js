// Lab `lock-free` inside the coordinator worker: one structure's throughput
// on n threads of the pool, or the ABA run.

/** @typedef {{structure: string, threads: number, ops: number, threshold: number}} BenchParams */
/** @typedef {{threads: number, rounds: number, stress: number, tagged: boolean}} AbaParams */
/**
 * @typedef {{structure: string, threads: number, ops: bigint, ms: number, retries: bigint, value: bigint,
 *   expected: bigint, lag: bigint, stopped: boolean}} BenchResult the kernel's `BenchOutcome`
 * @typedef {{tagged: boolean, rounds: bigint, retries: bigint, handedTwice: number | null, onStack: number[],
 *   cycle: boolean, lost: number[], held: number[], corrupted: boolean, stopped: boolean, ms: number}} AbaResult
 *   the kernel's `AbaOutcome`
 */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.lockFreeLayout(),
  kernels: {
    bench: (wasm, /** @type {BenchParams} */ p) => wasm.lockFreeBench(p.structure, p.threads, p.ops, p.threshold),
    aba: (wasm, /** @type {AbaParams} */ p) => wasm.lockFreeAba(p.threads, p.rounds, p.stress, p.tagged),
  },
};
