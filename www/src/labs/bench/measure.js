// Lab `bench`: every measurement, in order — the same function serves the Run
// button and scripts/bench.mjs (which clicks Run and reads the result).
// Parts that need shared memory report `{unavailable}` on a page without it.
import { FrameTimer } from './live.js';
import { fmt } from '../../views/dom.js';
import { stats } from '../../stats.js';
import meta from './meta.js';

/**
 * Hand-overs and round trips are timed in batches of this many: the browser's
 * timer ticks every 5 µs on an isolated page (100 µs otherwise), far coarser
 * than one atomic round trip. Medians and p95 are over batches.
 */
const BATCH = 256;
/**
 * Loads a waiting worker spins before it sleeps in Atomics.wait: ~2000 loads
 * is ~10 µs, the P4 target. Longer spins win nothing when the other thread is
 * running and burn a whole core when it is not (on a busy 2-core machine,
 * 20,000 spins made round trips 200 µs: the spinner kept the answerer off the CPU).
 */
const SPIN = 2000;

/** A run ended by Stop (not a failure). */
export class Stopped extends Error {}

/**
 * @typedef {ReturnType<typeof stats>} Stats
 * @typedef {{unavailable: string}} Unavailable
 * @typedef {{n: number, repeats: number, threads: number, mib: number, rounds: number, paintms: number}} Config
 * @typedef {object} Results what a run measured (scripts/bench.mjs adds `native`, `firstLoad`, `stepper`)
 * @property {number} cores
 * @property {number} threads
 * @property {boolean} isolated
 * @property {Config} config
 * @property {string} userAgent
 * @property {string} when
 * @property {{pageBytes: number, readyMs: number, poolStartMs?: number, coordinatorStartMs?: number}} p6
 * @property {{one: Stats, all: Stats, speedup: number, efficiency: number, checksum: string} | Unavailable} p1
 * @property {{wasm: Stats, checksum: string}} p2
 * @property {{bytes: number, clone: Stats, transfer: Stats, shared: Stats | Unavailable, sharedAsleep: Stats | Unavailable,
 *   copyMBps: number, sharedVsClone: number | null, sharedAsleepVsClone: number | null}} p3
 * @property {{message: Stats, atomics: Stats | Unavailable, atomicsWaitOnly: Stats | Unavailable, atomicsVsMessage: number | null}} p4
 * @property {{frame: Stats, interval: Stats, frames: number, painted: number} | Unavailable} p5
 */

/**
 * @param {Config} cfg values of the schema
 * @param {import('../../main.js').LabContext} ctx
 * @param {{say: (what: string) => void, stopRequested: () => boolean, canvas: HTMLCanvasElement}} io
 * @returns {Promise<Results>}
 */
export async function runAll(cfg, ctx, io) {
  const check = () => {
    if (io.stopRequested()) throw new Stopped('stopped');
  };
  const { shared, isolated } = ctx;
  const unavailable = shared ? '' : `needs shared memory, which this page does not have (${ctx.sharedReason})`;
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);

  // P6 (this page's own load, before we add any work): what came over the wire and when the page was ready.
  const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
  const resources = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'));
  const wire = (/** @type {PerformanceResourceTiming} */ r) => r.transferSize || r.encodedBodySize || 0;
  /** @type {Results['p6']} */
  const p6 = {
    pageBytes: (nav ? wire(nav) : 0) + resources.reduce((n, r) => n + wire(r), 0),
    readyMs: Number(document.documentElement.dataset.readyMs || performance.now()),
  };

  // P1: the CPU-bound sum on 1 thread, then on all threads, each in a coordinator worker.
  /** @type {Results['p1']} */
  let p1 = { unavailable };
  if (shared) {
    /** @type {Record<number, Stats>} */
    const by = {};
    let checksum = '';
    for (const t of [1, cfg.threads]) {
      io.say(`P1: starting a pool of ${t} thread${t > 1 ? 's' : ''}…`);
      const t0 = performance.now();
      await shared.ensure(t);
      if (t === cfg.threads) Object.assign(p6, { poolStartMs: shared.startMs, coordinatorStartMs: performance.now() - t0 });
      check();
      const times = [];
      for (let r = 0; r <= cfg.repeats; r++) {
        io.say(`P1: sum of ${fmt(cfg.n)} items on ${t} thread${t > 1 ? 's' : ''}, run ${r} of ${cfg.repeats}${r ? '' : ' (warm-up)'}…`);
        const run = await shared.run(meta.id, { n: cfg.n }, 'sum');
        check();
        /** @type {import('./threads.js').SumResult} */
        const res = run.result;
        if (run.terminated || res.stopped || res.checksum === undefined) throw new Stopped('stopped');
        checksum = res.checksum.toString();
        if (r) times.push(run.elapsedMs);
      }
      by[t] = stats(times);
    }
    const speedup = by[1].median / by[cfg.threads].median;
    p1 = { one: by[1], all: by[cfg.threads], speedup, efficiency: speedup / cfg.threads, checksum };
  }

  // P2: the same sum on one thread of the plain build, in an isolated worker (native: scripts/bench.mjs).
  io.say('P2: the same sum on one thread, plain wasm…');
  const iso = await isolated.run(meta.id, 1, () => ({ n: cfg.n, repeats: cfg.repeats }), () => {}, { kernel: 'sum' });
  check();
  if (iso.stopped) throw new Stopped('stopped');
  /** @type {import('./process.js').SumData} */
  const sum = iso.results[0].data;
  const p2 = { wasm: stats(sum.samples), checksum: sum.checksum };
  if ('checksum' in p1 && p1.checksum !== p2.checksum) throw new Error('the threaded and the plain sums disagree');

  // P3 and P4: two isolated workers measure between them (pair.js). Worker 0
  // echoes and gets its message first; worker 1 times.
  const pair = async (/** @type {import('./pair.js').PairTest} */ test, /** @type {Record<string, unknown>} */ extra) => {
    check();
    const ch = new MessageChannel();
    const ports = [ch.port2, ch.port1];
    const sab = shared ? new SharedArrayBuffer(8) : null;
    const out = await isolated.run(
      meta.id,
      2,
      (i) => ({ role: i === 0 ? 'echo' : 'timer', test, port: ports[i], sab, ...extra }),
      () => {},
      { kernel: 'pair', transferFor: (i) => [ports[i]] },
    );
    check();
    if (out.stopped) throw new Stopped('stopped');
    /** @type {import('./pair.js').PairResult} */
    const timer = /** @type {import('../../engine/messages.js').IsoDone} */ (out.results.find((m) => m.worker === 1)).data;
    return stats(timer.samples);
  };

  const bytes = cfg.mib * 1024 * 1024;
  io.say(`P3: handing ${cfg.mib} MiB to a worker by structured clone…`);
  const clone = await pair('h-clone', { bytes, rounds: cfg.repeats });
  io.say('P3: … by transfer…');
  const transfer = await pair('h-transfer', { bytes, rounds: cfg.repeats });
  /** @type {Stats | Unavailable} */
  let sharedHand = { unavailable };
  /** @type {Stats | Unavailable} */
  let sharedAsleep = { unavailable };
  if (shared) {
    io.say('P3: … in shared memory (nothing copied)…');
    const data = new SharedArrayBuffer(bytes);
    sharedHand = await pair('h-shared', { data, rounds: BATCH * cfg.repeats, batch: BATCH, spin: SPIN });
    io.say('P3: … in shared memory, to a worker asleep in Atomics.wait…');
    sharedAsleep = await pair('h-shared', { data, rounds: BATCH * cfg.repeats, batch: BATCH, spin: 0 });
  }
  const p3 = {
    bytes,
    clone,
    transfer,
    shared: sharedHand,
    sharedAsleep,
    copyMBps: bytes / 1e6 / (clone.median / 1000),
    sharedVsClone: 'median' in sharedHand ? clone.median / sharedHand.median : null,
    sharedAsleepVsClone: 'median' in sharedAsleep ? clone.median / sharedAsleep.median : null,
  };

  const rounds = cfg.rounds;
  io.say(`P4: ${fmt(rounds)} postMessage round trips…`);
  const message = await pair('pp-message', { rounds, batch: 32 });
  /** @type {Stats | Unavailable} */
  let atomics = { unavailable };
  /** @type {Stats | Unavailable} */
  let atomicsWaitOnly = { unavailable };
  if (shared) {
    io.say(`P4: ${fmt(rounds)} Atomics round trips (spin, then wait)…`);
    atomics = await pair('pp-atomics', { rounds, batch: BATCH, spin: SPIN });
    io.say(`P4: ${fmt(rounds)} Atomics round trips (wait/notify only)…`);
    atomicsWaitOnly = await pair('pp-atomics', { rounds, batch: 32, spin: 0 });
  }
  const p4 = { message, atomics, atomicsWaitOnly, atomicsVsMessage: 'median' in atomics ? message.median / atomics.median : null };

  // P5: the page draws the 256×256 grid every frame while every thread paints it.
  /** @type {Results['p5']} */
  let p5 = { unavailable };
  if (shared) {
    io.say(`P5: ${cfg.threads} threads paint the 256×256 grid for ${fmt(cfg.paintms)} ms while this page draws it…`);
    await shared.ensure(cfg.threads);
    check();
    const frames = new FrameTimer(io.canvas, shared, meta.id);
    frames.start();
    let run;
    try {
      run = await shared.run(meta.id, { ms: cfg.paintms }, 'paint');
    } finally {
      frames.stop(); // ends the redraw loop even when the run fails
    }
    check();
    /** @type {import('./threads.js').PaintResult} */
    const res = run.result;
    if (run.terminated || res.stopped) throw new Stopped('stopped');
    const painted = res.cells.reduce((a, b) => a + b, 0);
    p5 = {
      frame: stats(frames.work.length ? frames.work : [NaN]),
      interval: stats(frames.intervals.length ? frames.intervals : [NaN]),
      frames: frames.work.length,
      painted,
    };
  }
  return {
    cores,
    threads: cfg.threads,
    isolated: !!globalThis.crossOriginIsolated,
    config: { ...cfg },
    userAgent: navigator.userAgent,
    when: new Date().toISOString(),
    p6,
    p1,
    p2,
    p3,
    p4,
    p5,
  };
}
