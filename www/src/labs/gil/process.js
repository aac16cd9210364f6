// Lab `gil` inside an isolated worker, variant (c): this worker's share of the
// CPU-bound task — units `first..first + count` — on its own plain instance.
// The checksum and the compute time measured here come back by message, so the
// page can tell the message cost (its round trip minus this) apart.

/** @typedef {{first: number, count: number}} Params */
/** @typedef {{checksum: bigint, elapsedUs: number}} Data the kernel's `Units` */

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  kernels: {
    run: (/** @type {Params} */ { first, count }, io) => /** @type {Data} */ (io.wasm.gilRunUnits(first, count)),
  },
};
