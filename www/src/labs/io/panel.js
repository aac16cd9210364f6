// Lab `io`, page side: the panel. The timelines are live.js, the chart
// chart.js, the convoy's histogram convoy.js, the models model.js; the code in
// the two engine workers is threads.js and process.js.
import python from './io.py?raw';
import './io.css';
import meta from './meta.js';
import { Timeline, legendSwatch, readWay } from './live.js';
import { TimeChart } from './chart.js';
import { drawConvoy, median } from './convoy.js';
import { FORMULAS, WAYS, WAY_NAMES, model } from './model.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { el, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController, stopSide } from '../../views/run-controller.js';
import { explainHtml, sawOf, verdictOf } from './words.js';

const { title, schema } = meta;
export { title, schema };

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['1', 'About 1× — the GIL lets only one thread run at a time'],
  ['8', 'About 8× — the GIL is released while a thread waits, so all eight wait at once'],
  ['2', 'About 2× — no more than the cores'],
];

const NO_CONVOY = 'part=convoy needs shared memory (threads), which this page does not have; use part=ways';

/** The x values of a sweep. */
const SWEEP = { n: [1, 2, 4, 8, 16], cpu: [0, 2, 5, 10, 20] };
/** Convoy: wake-ups per phase and the I/O thread's wait, ms. */
const CONVOY = { wakes: 120, ioMs: 2 };

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  const figure = (/** @type {import('./model.js').Way} */ way) => `
        <figure class="io-way" id="way-${way}" data-way="${way}">
          <figcaption><b>${WAY_NAMES[way]}</b> <span class="io-time" id="time-${way}" data-ms="">–</span></figcaption>
          <canvas id="tl-${way}" class="io-timeline" role="img" aria-label="${WAY_NAMES[way]}: one row per ${
            way === 'loop' ? 'task' : way === 'processes' ? 'process' : 'thread'
          }, time left to right"></canvas>
        </figure>`;
  root.innerHTML = `
  <article class="lab io-lab" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">${explainHtml}</p>
    ${formHtml(schema)}
    ${predictHtml('8 downloads on 8 threads, with the GIL: about 1× or about 8× faster than one at a time?', PREDICT)}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <section class="io-ways" aria-labelledby="ways-h">
      <h2 id="ways-h">Four ways, side by side, on one time scale</h2>
      <p id="io-no-shared" class="notice" hidden>Shared memory is not available on this page (see the note above):
        the sequential run, the threads and the event loop need it. The processes run.</p>
      <ul class="io-legend" id="io-legend" aria-label="What the timelines show"></ul>
      ${WAYS.map(figure).join('')}
      <table class="io-results" id="io-results">
        <caption>Measured totals beside each way's model (L = mean latency, c = CPU per response)</caption>
        <thead><tr><th scope="col">Way</th><th scope="col">Total</th><th scope="col">vs sequential</th>
          <th scope="col">Model</th><th scope="col">Requests</th></tr></thead>
        <tbody>${WAYS.map(
          (w) => `<tr data-way="${w}"><th scope="row">${WAY_NAMES[w]}</th><td class="ms">–</td><td class="x">–</td>
            <td class="model"><span class="f">${FORMULAS[w]}</span> <span class="v"></span></td><td class="reqs">–</td></tr>`,
        ).join('')}</tbody>
      </table>
    </section>
    <section class="io-chart" aria-labelledby="chart-h">
      <h2 id="chart-h">Total time against N or c</h2>
      <p>Lines: each way's model. Marks: what this machine measured (the four ways once, or a sweep). As c grows,
      the work turns CPU-bound and the threads' advantage melts.</p>
      <figure id="chart" class="io-chart-box"><div id="plot"></div></figure>
    </section>
    <section class="io-convoy" aria-labelledby="convoy-h">
      <h2 id="convoy-h">The convoy effect</h2>
      <p>One thread computes and holds the GIL; another wakes from a ${CONVOY.ioMs} ms wait ${CONVOY.wakes} times.
      Each time, it must wait for the GIL: about one switch interval, until its request to drop the GIL is
      honoured. Hollow bars: the I/O thread alone; solid bars: beside the CPU-bound thread.</p>
      <canvas id="convoy-hist" class="io-hist" hidden role="img" aria-label="Histogram of the I/O thread's wake-to-run delays"></canvas>
      <p id="convoy-readout" class="io-readout">Run “The convoy effect” to measure it.</p>
    </section>
    ${SAW_HTML}
    ${pythonHtml(`<code>time.sleep</code> stands for the I/O. The same N requests sequentially, on a
      <code>ThreadPoolExecutor</code>, with <code>asyncio.gather</code> and on a process pool; then the convoy,
      measured with <code>sys.setswitchinterval</code>.`)}
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  const chart = new TimeChart($('#plot'), $('#chart'));
  const redraw = new LiveLoop();
  /** @type {Partial<Record<import('./model.js').Way, Timeline>>} */
  const timelines = {};
  /** @type {Record<string, number> | null} */
  let K = null;
  if (!ctx.shared) $('#io-no-shared').hidden = false;

  // The kinds' codes come from the Rust layout: ask an isolated worker once.
  const ready = ctx.isolated.ensure(1).then(() => {
    K = ctx.isolated.layouts[meta.id].consts;
    const words = [
      [K.kindWait, 'waiting for a response (blocked, no CPU)'],
      [K.kindCompute, 'computing (holding the GIL, for threads)'],
      [K.kindGilWait, 'waiting for the GIL'],
      [K.kindSwitch, 'the event loop switches task'],
      [K.kindCancelled, 'cancelled at its await (timeout)'],
      [K.kindAbandoned, 'the caller gave up (timeout); the thread goes on'],
      [K.kindSawStop, 'the thread saw the stop request'],
    ];
    $('#io-legend').replaceChildren(...words.map(([k, text]) => el('li', {}, legendSwatch(/** @type {any} */ (K), Number(k)), ` ${text}`)));
    /** @type {Record<string, (r: number) => string>} */
    const labels = { sequential: () => 'thread', threads: (r) => `T${r + 1}`, loop: (r) => `task ${r + 1}`, processes: (r) => `P${r + 1}` };
    for (const way of WAYS) {
      timelines[way] = new Timeline(/** @type {HTMLCanvasElement} */ ($(`#tl-${way}`)), /** @type {any} */ (K), {
        label: labels[way],
        loopRow: way === 'loop',
      });
    }
  });

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  /** @type {Partial<Record<import('./model.js').Way, import('./live.js').Picture>>} */
  let pictures = {};

  /** Units per ms of CPU on this machine (the threaded build's, or an isolated worker's). */
  async function calibrate(/** @type {number} */ workers) {
    await ctx.shared?.ensure(Math.max(2, workers));
    if (ctx.shared) return /** @type {number} */ ((await ctx.shared.run(meta.id, { ms: 40 }, 'calibrate')).result);
    const out = await ctx.isolated.run(meta.id, 1, () => ({ ms: 40 }), () => {}, { kernel: 'calibrate' });
    return /** @type {number} */ (out.results[0]?.data ?? 0);
  }

  const rowsOf = (/** @type {string} */ way, /** @type {Record<string, any>} */ p) =>
    way === 'sequential' ? 1 : way === 'loop' ? p.n : p.workers;

  /**
   * Runs the four ways once with `p` (c as `units`). Returns each way's result, or null if stopped.
   * @param {any} v the form's values for this run
   * @param {number} upm units per ms
   * @param {(t: string) => void} say
   * @param {() => boolean} stopRequested
   */
  async function runWays(v, upm, say, stopRequested) {
    const P = {
      n: v.n, latency: v.latency, jitter: v.jitter, units: Math.round(v.cpu * upm), workers: v.workers,
      timeout: v.timeout, onTimeout: v.onTimeout, interval: v.interval, seed: v.seed,
    };
    const C = /** @type {Record<string, number>} */ (K);
    pictures = {};
    /** @type {Record<string, any>} */
    const results = {};
    for (const way of WAYS) {
      timelines[way]?.setRows(rowsOf(way, v));
      $(`#time-${way}`).textContent = '–';
      timelines[way]?.draw({ segments: [], open: [], nowUs: 0 }, 1000 * model(way, v, chart.cores));
    }
    // Start the W isolated workers now, while the other ways run: each compiles its own instance.
    ctx.isolated.ensure(v.workers).catch(() => {});
    const shared = ctx.shared;
    if (shared) {
      await shared.ensure(Math.max(2, v.workers));
      await shared.run(meta.id, {}, 'resetLog');
      const codes = { sequential: C.waySequential, threads: C.wayThreads, loop: C.wayEventLoop };
      for (const way of /** @type {const} */ (['sequential', 'threads', 'loop'])) {
        active = 'shared';
        // A Stop pressed between two ways found no run to stop: honour it here.
        if (stopRequested()) return null;
        say(`Running: ${WAY_NAMES[way]}…`);
        const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
        const show = () => {
          const pic = readWay(mem.views, C, codes[way], rowsOf(way, v));
          pictures[way] = pic;
          timelines[way]?.draw(pic, Math.max(1000 * model(way, v, chart.cores) * 1.15, pic.nowUs * 1.05));
        };
        redraw.start(show, { timed: true });
        const r = await shared.run(meta.id, P, way);
        redraw.stop();
        if (r.terminated) return null;
        show();
        results[way] = r.result;
        $(`#time-${way}`).textContent = `${fmtMs(r.result.elapsedMs)} ms`;
        $(`#time-${way}`).dataset.ms = String(r.result.elapsedMs);
        if (r.result.stopped) return null;
      }
    }
    // The processes: W isolated workers, each its own instance and memory.
    active = 'isolated';
    if (stopRequested()) return null;
    say(`Starting ${v.workers} processes…`);
    const iso = ctx.isolated;
    // Warm each worker's own instance (its code is compiled anew) before the clock starts.
    const warm = await iso.run(meta.id, v.workers, () => ({ ms: 20 }), () => {}, { kernel: 'calibrate' });
    if (warm.stopped) return null;
    say(`Running: ${WAY_NAMES.processes}…`);
    /** @type {import('./live.js').Picture} */
    const pic = { segments: [], open: [], nowUs: 0 };
    pictures.processes = pic;
    const epochMs = performance.timeOrigin + performance.now();
    const tick = () => {
      pic.nowUs = Math.max(pic.nowUs, (performance.timeOrigin + performance.now() - epochMs) * 1000);
      timelines.processes?.draw(pic, Math.max(1000 * model('processes', v, chart.cores) * 1.15, pic.nowUs * 1.05));
    };
    redraw.start(tick);
    /** @type {any[]} */
    const requests = new Array(v.n);
    const out = await iso.run(meta.id, v.workers, () => ({ ...P, epochMs }), (m) => {
      /** @type {import('./process.js').Progress} */
      const d = m.data;
      if (!d?.segments) return;
      pic.segments.push(...d.segments);
      pic.open = pic.open.filter((o) => o.row !== m.worker);
      if (d.open) pic.open.push(d.open);
      if (d.request) requests[d.request.index] = d.request;
    });
    redraw.stop();
    if (out.stopped) return null;
    pic.open = [];
    const elapsedMs = Math.max(0, ...requests.map((/** @type {any} */ r) => (r?.endUs ?? 0) / 1000));
    results.processes = { elapsedMs, requests, checksum: requests.reduce((/** @type {number} */ a, /** @type {any} */ r) => (a + (r?.checksum ?? 0)) >>> 0, 0) };
    $('#time-processes').textContent = `${fmtMs(elapsedMs)} ms`;
    $('#time-processes').dataset.ms = String(elapsedMs);
    // One time scale for all four, so the lengths compare.
    const scale = Math.max(...Object.values(results).map((r) => r.elapsedMs)) * 1000 * 1.03;
    for (const way of WAYS) if (pictures[way]) timelines[way]?.draw(/** @type {any} */ (pictures[way]), scale);
    showTable(v, results);
    return results;
  }

  /** The results table: totals, ratios, the model, what became of the requests. */
  function showTable(/** @type {any} */ v, /** @type {Record<string, any>} */ results) {
    const seq = results.sequential?.elapsedMs;
    for (const way of WAYS) {
      const tr = /** @type {HTMLElement} */ (root.querySelector(`#io-results tr[data-way="${way}"]`));
      const r = results[way];
      const cell = (/** @type {string} */ c) => /** @type {HTMLElement} */ (tr.querySelector(`.${c}`));
      /** @type {Record<string, number>} */
      const counts = {};
      for (const q of r?.requests ?? []) if (q) counts[q.status] = (counts[q.status] ?? 0) + 1;
      tr.dataset.ms = r ? String(r.elapsedMs) : '';
      tr.dataset.maxComputing = String(r?.maxComputing ?? '');
      tr.dataset.cpuMs = String(r?.cpuMs ?? '');
      tr.dataset.latencies = r ? JSON.stringify((r.requests ?? []).map((/** @type {any} */ q) => q?.latencyUs ?? 0)) : '';
      tr.dataset.statuses = r ? JSON.stringify((r.requests ?? []).map((/** @type {any} */ q) => q?.status ?? 'stopped')) : '';
      cell('ms').textContent = r ? `${fmtMs(r.elapsedMs)} ms` : '–';
      cell('x').textContent = r && seq ? `${(seq / r.elapsedMs).toFixed(1)}×` : '–';
      /** @type {HTMLElement} */ (cell('model').querySelector('.v')).textContent = `≈ ${fmtMs(model(way, v, chart.cores))} ms`;
      cell('reqs').textContent = r ? Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ') : '–';
    }
  }

  async function runConvoy(/** @type {Record<string, any>} */ v) {
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    await shared.ensure(Math.max(2, v.workers));
    active = 'shared';
    const r = await shared.run(meta.id, { ...CONVOY, interval: v.interval }, 'convoy');
    if (r.terminated || r.result.stopped) return null;
    /** @type {import('./threads.js').ConvoyResult} */
    const c = r.result;
    $('#convoy-hist').hidden = false;
    drawConvoy(/** @type {HTMLCanvasElement} */ ($('#convoy-hist')), c.aloneUs, c.busyUs, c.intervalUs);
    const a = median(c.aloneUs);
    const b = median(c.busyUs);
    const box = $('#convoy-readout');
    box.dataset.aloneMedianUs = String(a);
    box.dataset.busyMedianUs = String(b);
    box.dataset.intervalUs = String(c.intervalUs);
    box.textContent = `Median wake-to-run delay: ${fmtMs(a / 1000)} ms alone, ${fmtMs(b / 1000)} ms beside the CPU-bound thread — ${(
      b / c.intervalUs
    ).toFixed(2)} switch intervals (${c.intervalUs / 1000} ms).`;
    return c;
  }

  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params: v, say, stopRequested }) => {
      await ready;
      try {
        if (v.part === 'convoy') {
          say('Running the convoy…');
          const c = await runConvoy(v);
          if (!c) return { state: 'stopped', summary: 'Stopped: every thread saw the stop word and returned.' };
          const b = median(c.busyUs);
          return {
            state: 'done',
            summary: `Convoy: the I/O thread waited ${fmtMs(b / 1000)} ms (median) for the GIL after each wake-up.`,
            results: { aloneMedianUs: median(c.aloneUs), busyMedianUs: b, intervalUs: c.intervalUs },
            saw: `Beside a thread that only computes, a thread whose I/O was done still waited about one switch interval (median ${fmtMs(
              b / 1000,
            )} ms, interval ${c.intervalUs / 1000} ms) before it could run — alone, ${fmtMs(median(c.aloneUs) / 1000)} ms.`,
          };
        }
        say('Calibrating the CPU cost on this machine…');
        const upm = await calibrate(v.workers);
        const xs = v.part === 'sweep' ? SWEEP[/** @type {'n' | 'cpu'} */ (v.axis)] : [v[v.axis]];
        /** @type {Record<string, any> | null} */
        let results = null;
        for (const x of xs) {
          const run = { ...v, [v.axis]: x };
          if (stopRequested()) return { state: 'stopped', summary: 'Stopped.' };
          results = await runWays(run, upm, (t) => say(xs.length > 1 ? `${v.axis} = ${x}: ${t}` : t), stopRequested);
          if (!results) return { state: 'stopped', summary: 'Stopped: the threads saw the stop word; the processes were terminated.' };
          /** @type {Record<string, number>} */
          const totals = {};
          for (const way of WAYS) if (results[way]) totals[way] = results[way].elapsedMs;
          chart.add(v.axis, /** @type {any} */ (run), totals);
        }
        const last = /** @type {Record<string, any>} */ (results);
        const lastV = /** @type {any} */ ({ ...v, [v.axis]: xs[xs.length - 1] });
        giveFeedback(last);
        /** @type {Record<string, number>} */
        const numbers = {};
        for (const way of WAYS) if (last[way]) numbers[`${way}Ms`] = last[way].elapsedMs;
        return { state: 'done', summary: verdictOf(lastV, last), results: numbers, saw: sawOf(lastV, last) };
      } finally {
        redraw.stop();
        active = null;
      }
    },
    stop: async () => {
      await stopSide(ctx, active);
    },
    params: { errorsBox, schema, ctx, check: (raw) => {
      /** @type {Record<string, string>} */
      const errors = {};
      if (!ctx.shared && raw.part === 'convoy') errors.part = NO_CONVOY;
      return errors;
    } },
  });
  if (!ctx.shared && values.part === 'convoy') runner.binding?.showErrors({ ...ctx.errors, part: NO_CONVOY });
  bindPredict(root, PREDICT);

  function giveFeedback(/** @type {Record<string, any>} */ r) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    if (!r.sequential || !r.threads) return;
    const x = r.sequential.elapsedMs / r.threads.elapsedMs;
    const near = x >= 4 ? '8' : x >= 1.6 ? '2' : '1';
    const fb = $('#predict-feedback');
    fb.textContent = `${choice ? (choice.value === near ? 'Your prediction fits this run. ' : 'Not this time. ') : ''}Measured: the threads were ${x.toFixed(
      1,
    )}× faster than one at a time. A thread drops the GIL while it waits, so the waits overlap; only the computing takes turns.`;
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}
