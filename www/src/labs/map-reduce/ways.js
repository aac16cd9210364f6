// Lab `map-reduce`, page side: the one-worker baseline and the three ways to
// run the map — each returns the same report, so the panel compares them.
//
// What each way copies, and what it does not:
// - threads: the image is copied once into the shared wasm memory (timed as
//   `loadMs`, before the clock starts); the threads write the result in place;
// - interpreters: the image is copied once into a SharedArrayBuffer (timed as
//   `loadMs`); workers take tile *numbers* from a queue in shared memory and
//   read and write the pixels there — no message carries a pixel;
// - processes: every window is cut out (a copy) and sent by message (copied
//   again, or transferred), and every tile comes back by message.
import meta from './meta.js';
import { WIN_FIELDS } from './process.js';
import { LiveLoop } from '../../views/live.js';

/**
 * @typedef {import('./image.js').Picture} Picture
 * @typedef {{filter: string, radius: number, level: number, tile: number, workers: number, schedule: string,
 *   transfer: boolean, uneven: boolean, slow: boolean}} Settings
 * @typedef {{ms: number, pixels: Uint8Array, windows: Uint32Array, hist: number[], means: number[]}} Baseline
 * @typedef {{tiles: number, computeMs: number, copyMs: number}} WorkerRow
 * @typedef {{way: string, stopped: boolean, totalMs: number, loadMs: number, workers: WorkerRow[],
 *   hists: number[][], pixels: Uint8Array | null, bytesCopied: number, bytesTransferred: number}} WayReport
 * @typedef {{ctx: import('../../main.js').LabContext, pic: Picture, s: Settings, base: Baseline,
 *   view: import('./live.js').ImageView, redraw: LiveLoop, stopRequested: () => boolean}} WayArgs
 */

const filterOf = (/** @type {Settings} */ s) => ({ filter: s.filter, radius: s.radius, level: s.level });

/**
 * The whole image filtered by one isolated worker with no tiles: the time
 * the speedups are measured against and the pixels every way must match.
 * @param {import('../../main.js').LabContext} ctx @param {Picture} pic @param {Settings} s
 * @returns {Promise<Baseline | null>} null when stopped
 */
export async function runBaseline(ctx, pic, s) {
  const out = await ctx.isolated.run(
    meta.id,
    1,
    () => ({ ...filterOf(s), width: pic.width, height: pic.height, side: s.tile, uneven: s.uneven, pixels: pic.pixels.buffer }),
    () => {},
    { kernel: 'baseline' },
  );
  if (out.stopped) return null;
  return out.results[0].data;
}

/** @param {Uint8Array} a @param {Uint8Array} b */
export function bytesDiffering(a, b) {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/** A way that a Stop ended before it did anything. @param {string} way @returns {WayReport} */
const stoppedWay = (way) => ({ way, stopped: true, totalMs: 0, loadMs: 0, workers: [], hists: [], pixels: null, bytesCopied: 0, bytesTransferred: 0 });

/**
 * Threads: one coordinator, a pool of W threads, one shared result.
 * @param {WayArgs} a @returns {Promise<WayReport>}
 */
export async function runThreads({ ctx, pic, s, base, view, redraw, stopRequested }) {
  const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
  await shared.ensure(s.workers);
  const empty = stoppedWay('threads');
  if (stopRequested()) return empty;
  const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
  const size = pic.width * pic.height * 4;
  mem.views.tileWorker.fill(0);
  const pixelsNow = () => {
    const ptr = mem.views.dstPtr[0];
    return ptr && mem.views.width[0] === pic.width && mem.views.height[0] === pic.height
      ? new Uint8Array(/** @type {WebAssembly.Memory} */ (shared.memory).buffer, ptr, size)
      : null;
  };
  redraw.start(() => {
    const px = pixelsNow();
    if (px) view.draw(px, mem.views.tileWorker, base.windows);
  });
  const run = await shared.run(meta.id, {
    pixels: pic.pixels.buffer,
    width: pic.width,
    height: pic.height,
    ...filterOf(s),
    tile: s.tile,
    workers: s.workers,
    schedule: s.schedule,
    uneven: s.uneven,
    slow: s.slow,
  });
  redraw.stop();
  if (run.terminated) return empty;
  /** @type {import('./threads.js').Result} */
  const r = run.result;
  const px = pixelsNow();
  if (px) view.draw(px, mem.views.tileWorker, base.windows);
  return {
    way: 'threads',
    stopped: r.stopped,
    totalMs: r.runMs,
    loadMs: r.loadMs,
    workers: r.busyUs.map((us, w) => ({ tiles: r.tilesBy[w], computeMs: us / 1000, copyMs: 0 })),
    hists: r.hist,
    pixels: px ? px.slice() : null,
    bytesCopied: 0,
    bytesTransferred: 0,
  };
}

/** @param {any[]} results @returns {WorkerRow[]} */
const rowsOf = (results) => results.map((m) => ({ tiles: m.data.tiles, computeMs: m.data.computeMs, copyMs: m.data.copyMs }));

/**
 * Interpreters: W isolated instances; a queue of tile numbers and the pixels in shared memory.
 * @param {WayArgs} a @returns {Promise<WayReport>}
 */
export async function runInterpreters({ ctx, pic, s, base, view, redraw, stopRequested }) {
  const iso = ctx.isolated;
  // Workers start before the clock; a Stop meanwhile (or just before) ends the way here.
  if (!(await iso.ensure(s.workers)) || stopRequested()) return stoppedWay('interpreters');
  const size = pic.width * pic.height * 4;
  const n = base.windows.length / WIN_FIELDS;
  const l0 = performance.now();
  const src = new SharedArrayBuffer(size);
  new Uint8Array(src).set(pic.pixels);
  const loadMs = performance.now() - l0;
  const dst = new SharedArrayBuffer(size);
  const queue = new SharedArrayBuffer(8); // [head: next tile number to take, stop]
  const owner = new SharedArrayBuffer(n);
  const dstView = new Uint8Array(dst);
  const ownerView = new Uint8Array(owner);
  redraw.start(() => view.draw(dstView, ownerView, base.windows));
  const t0 = performance.now();
  const out = await iso.run(
    meta.id,
    s.workers,
    () => ({ ...filterOf(s), width: pic.width, height: pic.height, windows: base.windows, src, dst, queue, owner }),
    () => {},
    { kernel: 'queue' },
  );
  const totalMs = performance.now() - t0;
  redraw.stop();
  view.draw(dstView, ownerView, base.windows);
  if (out.stopped) return { way: 'interpreters', stopped: true, totalMs, loadMs, workers: [], hists: [], pixels: null, bytesCopied: 0, bytesTransferred: 0 };
  return {
    way: 'interpreters',
    stopped: false,
    totalMs,
    loadMs,
    workers: rowsOf(out.results),
    hists: out.results.map((m) => m.data.hist),
    pixels: dstView.slice(),
    bytesCopied: 0,
    bytesTransferred: 0,
  };
}

/**
 * Processes: W isolated workers; each window sent by message (copied or
 * transferred), each tile back by message. Tiles are split statically, in
 * runs of ⌈n / W⌉, as `Pool.map` hands out chunks.
 * @param {WayArgs} a @returns {Promise<WayReport>}
 */
export async function runProcesses({ ctx, pic, s, base, view, redraw, stopRequested }) {
  const iso = ctx.isolated;
  // Workers start before the clock; a Stop meanwhile (or just before) ends the way here.
  if (!(await iso.ensure(s.workers)) || stopRequested()) return stoppedWay('processes');
  const n = base.windows.length / WIN_FIELDS;
  const per = Math.ceil(n / s.workers);
  const result = new Uint8Array(pic.width * pic.height * 4);
  const owner = new Uint8Array(n);
  /** @type {number[]} page-side copy time per worker: cutting its windows, pasting its tiles */
  const pageCopy = new Array(s.workers).fill(0);
  let bytesCopied = 0;
  let bytesTransferred = 0;
  const t0 = performance.now();
  /** @param {number} i */
  const jobsFor = (i) => {
    const c0 = performance.now();
    const jobs = [];
    for (let t = i * per; t < Math.min(n, (i + 1) * per); t++) {
      const w = base.windows.subarray(t * WIN_FIELDS, (t + 1) * WIN_FIELDS);
      const [, , tw, th, wx, wy, ww, wh, ix, iy, repeats] = w;
      const bytes = new Uint8Array(ww * wh * 4);
      for (let r = 0; r < wh; r++) bytes.set(pic.pixels.subarray(((wy + r) * pic.width + wx) * 4, ((wy + r) * pic.width + wx + ww) * 4), r * ww * 4);
      jobs.push({ t, win: [wx, wy, ww, wh], inner: [ix, iy, tw, th], repeats, bytes: bytes.buffer });
      if (s.transfer) bytesTransferred += bytes.byteLength;
      else bytesCopied += bytes.byteLength;
    }
    pageCopy[i] += performance.now() - c0;
    return jobs;
  };
  /** @type {Map<number, ArrayBuffer[]>} */
  const sent = new Map();
  redraw.start(() => view.draw(result, owner, base.windows));
  const out = await iso.run(
    meta.id,
    s.workers,
    (i) => {
      const jobs = jobsFor(i);
      sent.set(i, jobs.map((j) => j.bytes));
      return { ...filterOf(s), jobs, transfer: s.transfer };
    },
    (m) => {
      if (m.type !== 'iso/progress') return;
      const c0 = performance.now();
      const { t, pixels } = m.data;
      const w = base.windows.subarray(t * WIN_FIELDS, (t + 1) * WIN_FIELDS);
      const [tx, ty, tw, th] = w;
      for (let r = 0; r < th; r++) result.set(pixels.subarray(r * tw * 4, (r + 1) * tw * 4), ((ty + r) * pic.width + tx) * 4);
      owner[t] = m.worker + 1;
      if (s.transfer) bytesTransferred += pixels.byteLength;
      else bytesCopied += pixels.byteLength;
      pageCopy[m.worker] += performance.now() - c0;
    },
    { kernel: 'tiles', transferFor: s.transfer ? (i) => sent.get(i) ?? [] : undefined },
  );
  const totalMs = performance.now() - t0;
  redraw.stop();
  view.draw(result, owner, base.windows);
  if (out.stopped) return { way: 'processes', stopped: true, totalMs, loadMs: 0, workers: [], hists: [], pixels: null, bytesCopied, bytesTransferred };
  const workers = rowsOf(out.results).map((r, i) => ({ ...r, copyMs: r.copyMs + pageCopy[i] }));
  return { way: 'processes', stopped: false, totalMs, loadMs: 0, workers, hists: out.results.map((m) => m.data.hist), pixels: result, bytesCopied, bytesTransferred };
}
