// Lab `map-reduce` inside an isolated worker (its own plain wasm instance and
// memory). Three kernels:
// - `baseline`: the whole image on one worker, no tiles — the time every
//   way's speedup is measured against, and the pixels they must all match;
// - `tiles` (processes): the windows this worker was sent by message (copied,
//   or transferred), each filtered and sent back by message;
// - `queue` (interpreters): tile numbers taken from a queue in shared memory;
//   the pixels are read from and written to a SharedArrayBuffer, never sent.

/**
 * @typedef {{filter: string, radius: number, level: number}} FilterParams
 * @typedef {FilterParams & {width: number, height: number, side: number, uneven: boolean, pixels: ArrayBuffer}} BaselineParams
 * @typedef {{t: number, win: number[], inner: number[], repeats: number, bytes: ArrayBuffer}} Job a window: `win` [x, y, w, h]
 *   in the image, `inner` [x, y, w, h] the tile inside it, `repeats` how many times it is filtered
 * @typedef {FilterParams & {jobs: Job[], transfer: boolean}} TilesParams
 * @typedef {FilterParams & {width: number, height: number, windows: Int32Array, src: SharedArrayBuffer,
 *   dst: SharedArrayBuffer, queue: SharedArrayBuffer, owner: SharedArrayBuffer}} QueueParams
 * @typedef {{tiles: number, computeMs: number, copyMs: number, hist: number[], bytesBack: number}} WorkerReport
 */

/** Fields of one tile in `windows` (mrWindows): tile x y w h, window x y w h, inner x y, repeats. */
export const WIN_FIELDS = 11;

/**
 * Copies `bytes` into this instance at a fresh input buffer, filters tile
 * `inner` of the window, and returns a view of the tile's pixels in wasm
 * memory (valid until the next call) with the tile's histogram.
 * @param {import('../../engine/lab-sides.js').PlainWasm} wasm
 * @param {FilterParams} p
 * @param {(into: Uint8Array) => void} fill copies the window into `into`
 * @param {number} winW @param {number} winH @param {number[]} inner @param {number} repeats
 * @param {{computeMs: number, copyMs: number}} time
 */
function filterOne(wasm, p, fill, winW, winH, inner, repeats, time) {
  let t0 = performance.now();
  const at = wasm.mrWindowInput(winW * winH * 4);
  const memory = /** @type {WebAssembly.Memory} */ (wasm.wasmMemory());
  fill(new Uint8Array(memory.buffer, at, winW * winH * 4));
  let t1 = performance.now();
  time.copyMs += t1 - t0;
  const hist = wasm.mrFilterWindow(p.filter, p.radius, p.level, winW, winH, inner[0], inner[1], inner[2], inner[3], repeats);
  t0 = performance.now();
  time.computeMs += t0 - t1;
  const out = new Uint8Array(memory.buffer, wasm.mrWindowOutput(), inner[2] * inner[3] * 4);
  return { out, hist };
}

/** @param {number[]} into @param {Uint32Array} hist */
const addHist = (into, hist) => hist.forEach((n, v) => (into[v] += n));

/** @type {import('../../engine/lab-sides.js').ProcessSide} */
export default {
  layout: (wasm) => wasm.mrLayout(),
  kernels: {
    baseline: (/** @type {BaselineParams} */ p, { wasm }) => {
      wasm.mrLoadImage(p.width, p.height, new Uint8Array(p.pixels));
      // Twice, keeping the faster: a fresh instance's first call runs V8's
      // baseline (Liftoff) code to its end — a whole image in one call never
      // reaches the optimised code that the tiled ways' many calls soon get.
      const run = () => wasm.mrRunSequential(p.filter, p.radius, p.level, p.side, p.uneven);
      const ms = Math.min(run(), run());
      const pixels = wasm.mrResult();
      const windows = wasm.mrWindows(p.width, p.height, p.side, p.filter, p.radius, p.level, p.uneven);
      // Each tile's mean grey in [0, 1], a 32-bit float: the numbers the float sum adds.
      const means = [];
      for (let t = 0; t < windows.length / WIN_FIELDS; t++) {
        const [tx, ty, tw, th] = windows.subarray(t * WIN_FIELDS, t * WIN_FIELDS + 4);
        let sum = 0;
        for (let y = ty; y < ty + th; y++) {
          for (let i = (y * p.width + tx) * 4, end = i + tw * 4; i < end; i += 4) sum += (77 * pixels[i] + 150 * pixels[i + 1] + 29 * pixels[i + 2] + 128) >> 8;
        }
        means.push(Math.fround(sum / (255 * tw * th)));
      }
      return { ms, pixels, windows, hist: Array.from(wasm.mrHistogram(pixels)), means };
    },
    tiles: async (/** @type {TilesParams} */ p, io) => {
      const time = { computeMs: 0, copyMs: 0 };
      const hist = new Array(256).fill(0);
      let bytesBack = 0;
      for (const job of p.jobs) {
        const { out, hist: h } = filterOne(io.wasm, p, (into) => into.set(new Uint8Array(job.bytes)), job.win[2], job.win[3], job.inner, job.repeats, time);
        addHist(hist, h);
        const t0 = performance.now();
        // A copy out of wasm memory, then a message: copied again, or transferred.
        const pixels = out.slice();
        io.progress({ t: job.t, pixels, hist: Array.from(h) }, p.transfer ? [pixels.buffer] : []);
        time.copyMs += performance.now() - t0;
        if (!p.transfer) bytesBack += pixels.byteLength;
      }
      return { tiles: p.jobs.length, ...time, hist, bytesBack };
    },
    queue: (/** @type {QueueParams} */ p, io) => {
      const time = { computeMs: 0, copyMs: 0 };
      const hist = new Array(256).fill(0);
      const src = new Uint8Array(p.src);
      const dst = new Uint8Array(p.dst);
      const queue = new Int32Array(p.queue);
      const owner = new Uint8Array(p.owner);
      const n = p.windows.length / WIN_FIELDS;
      let tiles = 0;
      for (;;) {
        // Take the next tile number: one atomic add on the queue's head.
        const t = Atomics.add(queue, 0, 1);
        if (t >= n || Atomics.load(queue, 1) !== 0) break;
        const w = p.windows.subarray(t * WIN_FIELDS, (t + 1) * WIN_FIELDS);
        const [tx, ty, tw, th, wx, wy, ww, wh, ix, iy, repeats] = w;
        const { out, hist: h } = filterOne(
          io.wasm,
          p,
          (into) => {
            for (let r = 0; r < wh; r++) into.set(src.subarray(((wy + r) * p.width + wx) * 4, ((wy + r) * p.width + wx + ww) * 4), r * ww * 4);
          },
          ww,
          wh,
          [ix, iy, tw, th],
          repeats,
          time,
        );
        const t0 = performance.now();
        for (let r = 0; r < th; r++) dst.set(out.subarray(r * tw * 4, (r + 1) * tw * 4), ((ty + r) * p.width + tx) * 4);
        time.copyMs += performance.now() - t0;
        addHist(hist, h);
        Atomics.store(owner, t, io.worker + 1);
        tiles++;
      }
      return { tiles, ...time, hist, bytesBack: 0 };
    },
  },
};
