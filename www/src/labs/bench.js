// Lab `bench`, page side: the measurements of `npm run bench`, run on the
// learner's own machine. Kernels: crate/src/labs/bench.rs (sum, paint) and the
// `bench/pair` protocol in engine/isolated.worker.js (hand-over, round trips).
// Driver: scripts/bench.mjs clicks Run here and reads `threadlabBench.last`.
// Browser test: tests/bench.test.mjs.
import { GridView } from '../views/grid.js';
import { MSG, waitFor } from '../engine/messages.js';
import { el, fmt, fmtBytes, fmtMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { stats } from '../stats.js';

const CORES = Math.max(1, navigator.hardwareConcurrency || 1);
const GRID_SIDE = 256;
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

/** @type {import('../params.js').Schema} */
export const schema = {
  n: { type: 'int', label: 'Sum size', min: 100_000, max: 400_000_000, default: 32_000_000, help: 'items of the CPU-bound sum (P1, P2)' },
  repeats: { type: 'int', label: 'Repeats', min: 1, max: 30, default: 5, help: 'timed runs of each measurement; the median is shown' },
  threads: { type: 'int', label: 'Threads', min: 1, max: 16, default: Math.min(16, CORES), help: '“all threads” for P1 and P5' },
  mib: { type: 'int', label: 'Hand-over size (MiB)', min: 1, max: 256, default: 64, help: 'the buffer handed to a worker (P3)' },
  rounds: { type: 'int', label: 'Round trips', min: 64, max: 100_000, default: 4096, help: 'ping-pongs between two workers (P4)' },
  paintms: { type: 'int', label: 'Paint time (ms)', min: 200, max: 20_000, default: 2000, help: 'how long the threads paint while the page draws (P5)' },
};

export const title = 'Benchmarks';

/** What the project aims at; shown beside each figure, never asserted. */
export const TARGETS = {
  P1: 'speedup ≥ 0.95 × threads',
  P2: '≤ 1.25 × native',
  P3: 'shared ≥ 1000 × faster than a copy',
  P4: '≤ 10 µs and ≥ 4 × faster than postMessage',
  P5: 'p95 ≤ 8 ms',
  P6: '≤ 250 KB gzip, pool ≤ 150 ms, interactive ≤ 1 s',
};

// --- statistics ---------------------------------------------------------------

class Stopped extends Error {}

const checksumOf = (/** @type {number[]} */ v) => ((BigInt(v[1] >>> 0) << 32n) | BigInt(v[0] >>> 0)).toString();

/**
 * Every measurement, in order. Parts that need shared memory report
 * `{unavailable}` when the page has none. The same function serves the Run
 * button and scripts/bench.mjs.
 * @param {Record<string, number>} cfg values of `schema`
 * @param {import('../main.js').LabContext} ctx
 * @param {{onStep: (what: string) => void, stopped: () => boolean, canvas: HTMLCanvasElement}} io
 */
export async function runAll(cfg, ctx, io) {
  const check = () => {
    if (io.stopped()) throw new Stopped('stopped');
  };
  const shared = ctx.shared;
  const unavailable = shared ? '' : `needs shared memory, which this page does not have (${ctx.sharedReason})`;
  /** @type {Record<string, any>} */
  const out = {
    cores: CORES,
    threads: cfg.threads,
    isolated: !!globalThis.crossOriginIsolated,
    config: { ...cfg },
    userAgent: navigator.userAgent,
    when: new Date().toISOString(),
  };

  // P6 (this page's own load, before we add any work): what came over the wire and when the page was ready.
  const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
  const resources = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'));
  const wire = (/** @type {PerformanceResourceTiming} */ r) => r.transferSize || r.encodedBodySize || 0;
  out.p6 = {
    pageBytes: (nav ? wire(nav) : 0) + resources.reduce((n, r) => n + wire(r), 0),
    readyMs: Number(document.documentElement.dataset.readyMs || performance.now()),
  };

  // P1: the CPU-bound sum on 1 thread, then on all threads, each in a coordinator worker.
  if (shared) {
    /** @type {Record<number, ReturnType<typeof stats>>} */
    const by = {};
    let checksum = '';
    for (const t of [1, cfg.threads]) {
      io.onStep(`P1: starting a pool of ${t} thread${t > 1 ? 's' : ''}…`);
      const t0 = performance.now();
      await shared.ensure(t);
      if (t === cfg.threads) out.p6 = { ...out.p6, poolStartMs: shared.startMs, coordinatorStartMs: performance.now() - t0 };
      check();
      const times = [];
      for (let r = 0; r <= cfg.repeats; r++) {
        io.onStep(`P1: sum of ${fmt(cfg.n)} items on ${t} thread${t > 1 ? 's' : ''}, run ${r} of ${cfg.repeats}${r ? '' : ' (warm-up)'}…`);
        const run = await shared.run('bench-sum', { n: cfg.n });
        check();
        if (run.terminated || run.result[2]) throw new Stopped('stopped');
        checksum = checksumOf(run.result);
        if (r) times.push(run.elapsedMs);
      }
      by[t] = stats(times);
    }
    const speedup = by[1].median / by[cfg.threads].median;
    out.p1 = { one: by[1], all: by[cfg.threads], speedup, efficiency: speedup / cfg.threads, checksum };
  } else {
    out.p1 = { unavailable };
  }

  // P2: the same sum on one thread of the plain build, in an isolated worker (native: scripts/bench.mjs).
  io.onStep('P2: the same sum on one thread, plain wasm…');
  const iso = await ctx.isolated.run('bench-sum', 1, () => ({ n: cfg.n, repeats: cfg.repeats }), () => {});
  check();
  if (iso.stopped) throw new Stopped('stopped');
  const r2 = iso.results[0];
  out.p2 = { wasm: stats(r2.samples), checksum: checksumOf(r2.checksum) };
  if (out.p1.checksum && out.p1.checksum !== out.p2.checksum) throw new Error('the threaded and the plain sums disagree');

  // P3 and P4: two isolated workers measure between them.
  await ctx.isolated.ensure(2);
  const pair = async (/** @type {string} */ test, /** @type {Record<string, any>} */ extra) => {
    check();
    const [a, b] = ctx.isolated.workers;
    const id = Math.floor(Math.random() * 2 ** 31);
    const ch = new MessageChannel();
    const sab = shared ? new SharedArrayBuffer(16) : null;
    const msg = { type: MSG.BENCH_PAIR, id, test, sab, ...extra };
    const done = Promise.all([waitFor(a, MSG.BENCH_RESULT, id), waitFor(b, MSG.BENCH_RESULT, id)]);
    b.postMessage({ ...msg, role: 'b', port: ch.port2 }, [ch.port2]);
    a.postMessage({ ...msg, role: 'a', port: ch.port1 }, [ch.port1]);
    const [ra] = /** @type {any[]} */ (await Promise.race([done, new Promise((resolve) => { stopWaiters.push(resolve); })]) ?? []);
    check();
    return /** @type {number[]} */ (ra.samples);
  };
  /** @type {Array<(v: unknown) => void>} */
  const stopWaiters = [];
  io.stopWaiters = stopWaiters;

  const bytes = cfg.mib * 1024 * 1024;
  io.onStep(`P3: handing ${cfg.mib} MiB to a worker by structured clone…`);
  const clone = stats(await pair('h-clone', { bytes, rounds: cfg.repeats }));
  io.onStep(`P3: … by transfer…`);
  const transfer = stats(await pair('h-transfer', { bytes, rounds: cfg.repeats }));
  let sharedHand = null;
  let sharedAsleep = null;
  if (shared) {
    io.onStep('P3: … in shared memory (nothing copied)…');
    const data = new SharedArrayBuffer(bytes);
    sharedHand = stats(await pair('h-shared', { data, rounds: BATCH * cfg.repeats, batch: BATCH, spin: SPIN }));
    io.onStep('P3: … in shared memory, to a worker asleep in Atomics.wait…');
    sharedAsleep = stats(await pair('h-shared', { data, rounds: BATCH * cfg.repeats, batch: BATCH, spin: 0 }));
  }
  out.p3 = {
    bytes,
    clone,
    transfer,
    shared: sharedHand ?? { unavailable },
    sharedAsleep: sharedAsleep ?? { unavailable },
    copyMBps: bytes / 1e6 / (clone.median / 1000),
    sharedVsClone: sharedHand ? clone.median / sharedHand.median : null,
    sharedAsleepVsClone: sharedAsleep ? clone.median / sharedAsleep.median : null,
  };

  const rounds = cfg.rounds;
  io.onStep(`P4: ${fmt(rounds)} postMessage round trips…`);
  const message = stats(await pair('pp-message', { rounds, batch: 32 }));
  let atomics = null;
  let atomicsWait = null;
  if (shared) {
    io.onStep(`P4: ${fmt(rounds)} Atomics round trips (spin, then wait)…`);
    atomics = stats(await pair('pp-atomics', { rounds, batch: BATCH, spin: SPIN }));
    io.onStep(`P4: ${fmt(rounds)} Atomics round trips (wait/notify only)…`);
    atomicsWait = stats(await pair('pp-atomics', { rounds, batch: 32, spin: 0 }));
  }
  out.p4 = {
    message,
    atomics: atomics ?? { unavailable },
    atomicsWaitOnly: atomicsWait ?? { unavailable },
    atomicsVsMessage: atomics ? message.median / atomics.median : null,
  };

  // P5: the page draws the 256×256 grid every frame while every thread paints it.
  if (shared) {
    io.onStep(`P5: ${cfg.threads} threads paint the 256×256 grid for ${fmt(cfg.paintms)} ms while this page draws it…`);
    await shared.ensure(cfg.threads);
    check();
    const grid = new GridView(io.canvas, GRID_SIDE);
    const work = [];
    const intervals = [];
    let last = 0;
    let running = true;
    const frame = (/** @type {number} */ t) => {
      if (!running) return;
      const t0 = performance.now();
      const arena = shared.arena;
      if (arena) grid.draw(arena.views().writers.subarray(0, GRID_SIDE * GRID_SIDE));
      work.push(performance.now() - t0);
      if (last) intervals.push(t - last);
      last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    let run;
    try {
      run = await shared.run('bench-paint', { ms: cfg.paintms });
    } finally {
      running = false; // ends the redraw loop even when the run fails
    }
    check();
    if (run.terminated || run.result[0]) throw new Stopped('stopped');
    const painted = run.result.slice(1).reduce((a, b) => a + b, 0);
    const w = stats(work.length ? work : [NaN]);
    out.p5 = { frame: w, interval: stats(intervals.length ? intervals : [NaN]), frames: work.length, painted };
  } else {
    out.p5 = { unavailable };
  }
  return out;
}

// --- the panel ------------------------------------------------------------------

/** Formats a stats object as "median (min–max)" in `unit`. */
const usNum = (/** @type {number} */ ms) => (ms * 1000).toFixed(ms < 0.01 ? 2 : 1);
const us = (/** @type {number} */ ms) => `${usNum(ms)} µs`;
const msf = (/** @type {number} */ ms) => `${fmtMs(ms)} ms`;
const range = (/** @type {any} */ s, /** @type {(x: number) => string} */ f) =>
  f === us ? `${usNum(s.min)}–${usNum(s.max)} µs` : f === msf ? `${fmtMs(s.min)}–${fmtMs(s.max)} ms` : `${f(s.min)}–${f(s.max)}`;
const times = (/** @type {number} */ x) => `${x >= 100 ? fmt(Math.round(x)) : x.toFixed(2)}×`;

/**
 * Rows of the results table: [id, measure, value text, numeric value, min–max, target, met?].
 * Shared with scripts/bench.mjs (which adds the native figure and the gzip bytes first).
 * @param {Record<string, any>} r a result of runAll (plus, from the script, `native` and `firstLoad`)
 */
export function rows(r) {
  const na = (/** @type {any} */ x) => !!x?.unavailable;
  /** @type {Array<{id: string, measure: string, value: string, num: number | null, range: string, target: string, met: boolean | null}>} */
  const out = [];
  const add = (/** @type {string} */ id, /** @type {string} */ measure, value = '', num = /** @type {number|null} */ (null), rng = '', met = /** @type {boolean|null} */ (null), target = '') =>
    out.push({ id, measure, value, num, range: rng, target, met });
  if (na(r.p1)) add('P1', 'Parallel speedup', 'unavailable', null, '', null, TARGETS.P1);
  else {
    add('P1', `Sum on 1 thread`, msf(r.p1.one.median), r.p1.one.median, range(r.p1.one, msf));
    add('P1', `Sum on ${r.threads} threads`, msf(r.p1.all.median), r.p1.all.median, range(r.p1.all, msf));
    add('P1', `Speedup (${r.threads} threads, ${r.cores} cores)`, `${r.p1.speedup.toFixed(2)}× · efficiency ${(100 * r.p1.efficiency).toFixed(0)} %`, r.p1.speedup,
      `${(r.p1.one.min / r.p1.all.max).toFixed(2)}–${(r.p1.one.max / r.p1.all.min).toFixed(2)}×`, r.p1.speedup >= 0.95 * r.threads, `≥ ${(0.95 * r.threads).toFixed(2)}×`);
  }
  add('P2', 'Sum on 1 thread, wasm (plain build)', msf(r.p2.wasm.median), r.p2.wasm.median, range(r.p2.wasm, msf));
  if (r.native) {
    const ratio = r.p2.wasm.median / r.native.seq.median;
    add('P2', 'Same sum, native Rust (release)', msf(r.native.seq.median), r.native.seq.median, range(r.native.seq, msf));
    add('P2', 'wasm ÷ native', times(ratio), ratio, '', ratio <= 1.25, TARGETS.P2);
    if (r.native.par) {
      // The same split natively: if native rayon gets no better speedup, the cores, not wasm, are the limit.
      const nativeSpeedup = r.native.seq.median / r.native.par.median;
      add('P2', `Native speedup on ${r.native.threads} threads (for P1)`, times(nativeSpeedup), nativeSpeedup,
        `${(r.native.seq.min / r.native.par.max).toFixed(2)}–${(r.native.seq.max / r.native.par.min).toFixed(2)}×`);
    }
  }
  add('P3', `${r.p3.bytes / 1048576} MiB by structured clone`, msf(r.p3.clone.median), r.p3.clone.median, range(r.p3.clone, msf));
  add('P3', 'Copy throughput', `${fmt(Math.round(r.p3.copyMBps))} MB/s`, r.p3.copyMBps);
  add('P3', `${r.p3.bytes / 1048576} MiB by transfer`, msf(r.p3.transfer.median), r.p3.transfer.median, range(r.p3.transfer, msf));
  if (na(r.p3.shared)) add('P3', 'In shared memory', 'unavailable', null, '', null, TARGETS.P3);
  else {
    add('P3', 'In shared memory (nothing copied)', us(r.p3.shared.median), r.p3.shared.median, range(r.p3.shared, us));
    add('P3', 'Shared vs clone', `${times(r.p3.sharedVsClone)} faster`, r.p3.sharedVsClone, '', r.p3.sharedVsClone >= 1000, TARGETS.P3);
    if (r.p3.sharedAsleep && !na(r.p3.sharedAsleep)) {
      add('P3', 'In shared memory, receiver asleep in Atomics.wait', us(r.p3.sharedAsleep.median), r.p3.sharedAsleep.median, range(r.p3.sharedAsleep, us));
      add('P3', 'Shared (receiver asleep) vs clone', `${times(r.p3.sharedAsleepVsClone)} faster`, r.p3.sharedAsleepVsClone, '', r.p3.sharedAsleepVsClone >= 1000, '≥ 1000×');
    }
  }
  add('P4', 'postMessage round trip (p50 · p95)', `${us(r.p4.message.median)} · ${us(r.p4.message.p95)}`, r.p4.message.median, range(r.p4.message, us));
  if (na(r.p4.atomics)) add('P4', 'Atomics round trip', 'unavailable', null, '', null, TARGETS.P4);
  else {
    const waitVsMessage = r.p4.message.median / r.p4.atomicsWaitOnly.median;
    add('P4', `Atomics wait/notify only (p50 · p95; ${times(waitVsMessage)} faster than postMessage)`, `${us(r.p4.atomicsWaitOnly.median)} · ${us(r.p4.atomicsWaitOnly.p95)}`, r.p4.atomicsWaitOnly.median,
      range(r.p4.atomicsWaitOnly, us), r.p4.atomicsWaitOnly.median <= 0.01 && waitVsMessage >= 4, '≤ 10 µs and ≥ 4×');
    add('P4', `Atomics spin, then wait (p50 · p95; ${times(r.p4.atomicsVsMessage)} faster than postMessage)`, `${us(r.p4.atomics.median)} · ${us(r.p4.atomics.p95)}`, r.p4.atomics.median, range(r.p4.atomics, us),
      r.p4.atomics.median <= 0.01 && r.p4.atomicsVsMessage >= 4, TARGETS.P4);
  }
  if (na(r.p5)) add('P5', 'Frame time while threads write', 'unavailable', null, '', null, TARGETS.P5);
  else {
    add('P5', `Frame work, 256×256 grid, ${r.threads} threads writing (p50 · p95)`, `${msf(r.p5.frame.median)} · ${msf(r.p5.frame.p95)}`, r.p5.frame.p95,
      range(r.p5.frame, msf), r.p5.frame.p95 <= 8, TARGETS.P5);
    add('P5', 'Frame interval (p50 · p95)', `${msf(r.p5.interval.median)} · ${msf(r.p5.interval.p95)}`, r.p5.interval.p95, range(r.p5.interval, msf));
  }
  if (r.firstLoad) {
    const f = r.firstLoad;
    add('P6', `First lab: bytes over the wire (gzip)`, fmtBytes(f.gzipBytes), f.gzipBytes, '', f.gzipBytes <= 250_000, '≤ 250 KB');
    add('P6', 'First lab: time to interactive', msf(f.interactiveMs.median), f.interactiveMs.median, range(f.interactiveMs, msf), f.interactiveMs.median <= 1000, '≤ 1 s');
  } else {
    add('P6', 'This page: bytes loaded (as served)', fmtBytes(r.p6.pageBytes), r.p6.pageBytes);
    add('P6', 'This page: ready after', msf(r.p6.readyMs), r.p6.readyMs);
  }
  if (r.p6.poolStartMs !== undefined) {
    add('P6', `Thread pool start (${r.threads} threads)`, msf(r.p6.poolStartMs), r.p6.poolStartMs, '', r.p6.poolStartMs <= 150, '≤ 150 ms');
  } else add('P6', 'Thread pool start', 'unavailable', null, '', null, '≤ 150 ms');
  return out;
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab bench" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">How fast is ThreadLab's engine on <em>your</em> machine? Run the measurements behind
    <code>npm run bench</code>: the same CPU-bound Rust sum on one thread and on all of them, handing
    ${values.mib ?? 64} MiB to a worker by copying it or by sharing it, a round trip between two threads, and
    drawing shared memory while every thread writes it. Each figure is the median of several runs, with the
    fastest and slowest beside it.</p>
    <dl class="readout bench-machine">
      <div><dt>Cores this browser reports</dt><dd id="bench-cores" data-value="${CORES}">${CORES}</dd></div>
      <div><dt>Threads (shared memory)</dt><dd id="bench-shared">${ctx.shared ? 'available' : 'unavailable'}</dd></div>
      <div><dt>Speedup, ${values.threads ?? CORES} threads vs 1</dt><dd id="bench-speedup" data-value="">–</dd><dd class="sub" id="bench-efficiency"></dd></div>
    </dl>
    <p id="bench-unavailable" class="notice" hidden></p>
    <form class="controls" id="controls" novalidate>
      ${Object.entries(schema)
        .map(([name, p]) => `<label class="num">${p.label} <input type="number" name="${name}" min="${p.min}" max="${p.max}" step="1" required
          aria-describedby="${name}-help"><small id="${name}-help">${p.help} · ${fmt(p.min)}–${fmt(p.max)}</small></label>`)
        .join('')}
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <p id="status" class="status" role="status" aria-live="polite">Ready. A run takes about ten seconds with the defaults.</p>
    <div class="bench-body">
      <table class="bench-results" id="bench-results" hidden>
        <caption>Results on this machine: median, and the fastest–slowest of the runs</caption>
        <thead><tr><th scope="col">Part</th><th scope="col">Measure</th><th scope="col">Median</th><th scope="col">Min–max</th><th scope="col">Target</th></tr></thead>
        <tbody></tbody>
      </table>
      <figure class="bench-grid">
        <canvas id="bench-canvas" class="grid big" width="256" height="256" role="img" aria-label="The 256×256 grid the threads paint during P5, as the page drew it"></canvas>
        <figcaption>P5: the 256 × 256 grid in shared memory, drawn every frame while the threads paint it.</figcaption>
      </figure>
    </div>
    <details class="how" open>
      <summary>Why is the speedup smaller than the number of cores?</summary>
      <p>The sum is the best case for threads: every item is independent and nothing is written to shared memory
      until the very end. Even so, W threads rarely make it W times faster:</p>
      <ul>
        <li><b>Not everything runs in parallel</b> (Amdahl's law): handing out the work, waking the threads and adding
        up their partial sums happen on one thread. If a fraction <i>s</i> is serial, the speedup is at most
        1 / (<i>s</i> + (1 − <i>s</i>) / W).</li>
        <li><b>The cores are not all yours.</b> The browser, this page, the compositor and every other program need a
        core now and then; while one of them runs, one of your threads waits, and the whole sum waits for the
        slowest thread.</li>
        <li><b>“Cores” may be hyper-threads.</b> <code>navigator.hardwareConcurrency</code> counts logical cores; two of
        them on one physical core share its arithmetic units and give far less than 2×.</li>
        <li><b>Clocks drop when every core is busy</b> (turbo boost is for one or two cores), and a laptop on battery
        may throttle.</li>
      </ul>
      <p>Copying is the other lesson: a structured clone copies every byte (P3), so handing a big buffer to a worker
      costs milliseconds, while shared memory hands it over with one atomic store — the worker already sees the
      bytes. And a round trip through shared memory (P4) is a few microseconds when the other thread is spinning,
      but tens when it sleeps in <code>Atomics.wait</code> and the operating system has to wake it.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  document.documentElement.dataset.readyMs ??= String(performance.now());

  if (!ctx.shared) {
    const note = $('#bench-unavailable');
    note.hidden = false;
    /** @type {HTMLElement} */ (root.querySelector('figure.bench-grid')).hidden = true;
    note.textContent = 'Without shared memory (see the note above) the thread measurements — P1 speedup, the shared hand-over in P3, ' +
      'the Atomics round trip in P4, P5 and the pool start — are unavailable here. The single-thread sum, copying, transfer and ' +
      'postMessage round trips still run.';
  }

  let running = false;
  let stopped = false;
  /** @type {{onStep: (s: string) => void, stopped: () => boolean, canvas: HTMLCanvasElement, stopWaiters?: Array<(v: unknown) => void>}} */
  const io = { onStep: (s) => (status.textContent = s), stopped: () => stopped, canvas: /** @type {HTMLCanvasElement} */ ($('#bench-canvas')) };

  const { showErrors } = bindParamForm({ form, errorsBox, runBtn, schema, values, ctx, isRunning: () => running });

  const show = (/** @type {Record<string, any>} */ r) => {
    const tbody = /** @type {HTMLElement} */ ($('#bench-results tbody'));
    tbody.replaceChildren(
      ...rows(r).map((row) =>
        el(
          'tr',
          { 'data-id': row.id, ...(row.met === null ? {} : { 'data-met': String(row.met) }) },
          el('th', { scope: 'row' }, row.id),
          el('td', {}, row.measure),
          el('td', { class: 'value', ...(row.num === null ? { 'data-unavailable': 'true' } : { 'data-value': String(row.num) }) }, row.value),
          el('td', { class: 'range' }, row.range),
          el('td', {}, row.target ? `${row.target}${row.met === null ? '' : row.met ? ' ✓ met' : ' ✗ missed'}` : ''),
        ),
      ),
    );
    $('#bench-results').hidden = false;
    if (r.p1?.speedup) {
      $('#bench-speedup').textContent = `${r.p1.speedup.toFixed(2)}×`;
      $('#bench-speedup').dataset.value = String(r.p1.speedup);
      $('#bench-efficiency').textContent = `${(100 * r.p1.efficiency).toFixed(0)} % of ${r.threads} threads on ${r.cores} cores`;
    } else {
      $('#bench-speedup').textContent = 'unavailable';
    }
  };

  /** For scripts/bench.mjs and the console: the last results, and how to show extra rows. */
  const api = { last: /** @type {Record<string, any> | null} */ (null), rows, show };
  Object.assign(globalThis, { threadlabBench: api });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled) return;
    running = true;
    stopped = false;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    try {
      const r = await runAll(values, ctx, io);
      api.last = r;
      show(r);
      root.dataset.state = 'done';
      status.textContent = r.p1.speedup
        ? `Done: ${r.threads} threads ran the sum ${r.p1.speedup.toFixed(2)}× faster than one, on ${r.cores} cores.`
        : 'Done. The thread measurements are unavailable on this page.';
    } catch (err) {
      if (err instanceof Stopped) {
        root.dataset.state = 'stopped';
        status.textContent = 'Stopped: the workers were told to stop (or ended), and nothing more was measured.';
      } else {
        showRunFailed(root, status, err);
      }
    } finally {
      running = false;
      stopBtn.disabled = true;
      showErrors({});
    }
  });

  stopBtn.addEventListener('click', async () => {
    stopBtn.disabled = true;
    stopped = true;
    status.textContent = 'Stopping…';
    // The pair workers may be blocked in Atomics.wait: end them (fresh ones start on the next run).
    ctx.isolated.stop();
    for (const w of io.stopWaiters ?? []) w(null);
    await ctx.shared?.stop();
  });

  return {
    dispose() {
      stopped = true;
    },
  };
}
