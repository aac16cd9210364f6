// Lab `amdahl`, page side: measures the speedup of 1…P threads on a workload
// with a serial fraction s, plots it against Amdahl's law, and shows live
// which threads are working. Kernel: crate/src/labs/amdahl.rs. Python twin:
// amdahl.py. Browser test: tests/amdahl.test.mjs.
import { LiveLoop } from '../views/live.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import python from './amdahl.py?raw';
import { bindPredict } from '../views/predict.js';
import { el, fmt, fmtBytes, fmtMs, liveGapMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';
import { MSG } from '../engine/messages.js';
import { stats } from '../stats.js';

/** Logical cores the browser reports (what "as many threads as cores" means here). */
const CORES = Math.max(1, navigator.hardwareConcurrency || 1);
const MAX_THREADS = 16;
/**
 * Steps of the untimed warm-up run on every fresh pool: the fresh instance's
 * code is first compiled quickly and optimised while it runs, which belongs
 * in no timed run (≈ 15 ms of work).
 */
const WARM_STEPS = 2_000_000;
/** Most warm-up runs per fresh pool (fewer when one is no faster than the last). */
const WARM_ROUNDS = 4;
/** Theory is drawn at x = 1, 1 + 1/SUB, …: a smooth curve; measured points sit on whole n. */
const SUB = 4;

/** Series colours: Okabe & Ito (views/palette.js), told apart by line style and marker too. */
const C = { theory: '#0072B2', cores: '#009E73', measured: '#D55E00', marker: '#555555' };

/** @type {import('../params.js').Schema} */
export const schema = {
  mode: {
    type: 'enum',
    label: 'Run on',
    values: ['shared', 'isolated'],
    default: 'shared',
    help: 'shared: threads on one memory · isolated: worker processes, shares and results by message',
  },
  s: { type: 'int', label: 'Serial fraction s (%)', min: 0, max: 100, default: 20, help: 'the share of the work only one thread can do' },
  threads: {
    type: 'int',
    label: 'Threads P',
    min: 1,
    max: MAX_THREADS,
    // Past the core count by default, so the flattening shows.
    default: Math.min(MAX_THREADS, Math.max(2, 2 * CORES)),
    help: 'runs with n = 1, 2, … P threads',
  },
  repeats: { type: 'int', label: 'Repeats R', min: 1, max: 10, default: 3, help: 'timed runs for each n' },
  work: { type: 'int', label: 'Work W (million steps)', min: 1, max: 100, default: 16, help: 'fixed total work; 1 M steps ≈ 7 ms on one core' },
};

export const title = "Amdahl's law";

const PREDICT = [
  ['linear', 'It keeps growing: n threads make it about n times faster'],
  ['cap', 'It levels off: it can never pass 1/s, because the serial part does not get faster'],
  ['none', 'It stays at 1: threads never speed up CPU work'],
];

/** Amdahl's law: speedup of n threads when a fraction s (0…1) is serial. */
export const amdahl = (/** @type {number} */ s, /** @type {number} */ n) => 1 / (s + (1 - s) / n);

/** Two decimals: 1 → "1.00" (and "–" for no number: a bad s). */
const x2 = (/** @type {number} */ v) => (Number.isFinite(v) ? v.toFixed(2) : '–');
/** A value uPlot can plot, or a gap. */
const finite = (/** @type {number} */ v) => (Number.isFinite(v) ? v : null);

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab amdahl" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">Part of almost every program can only run on one thread — reading the input, combining the
    results. Amdahl's law says what that costs: if a fraction <b>s</b> of the work is serial, <b>n</b> threads can
    make it at most <b>1 / (s + (1 − s)/n)</b> times faster, and never more than <b>1/s</b>, however many threads
    you add. Here a fixed amount of CPU work <b>W</b> is split that way and timed on 1, 2, … <b>P</b> real threads
    (or isolated worker processes). Watch the live view: in the serial phase one thread works while the rest wait.</p>
    <form class="controls" id="controls" novalidate>
      <fieldset class="mode">
        <legend>Run on</legend>
        <label><input type="radio" name="mode" value="shared"> Threads (one shared memory)</label>
        <label><input type="radio" name="mode" value="isolated"> Processes (isolated workers: shares and results by message)</label>
      </fieldset>
      <label class="num">Serial fraction s (%) <input type="number" name="s" min="0" max="100" step="1" required
        aria-describedby="s-help"><small id="s-help">0–100 · the part only one thread can do</small></label>
      <label class="num">Threads P <input type="number" name="threads" min="1" max="16" step="1" required
        aria-describedby="threads-help"><small id="threads-help">1–16 · runs n = 1…P · this machine: ${CORES} cores</small></label>
      <label class="num">Repeats R <input type="number" name="repeats" min="1" max="10" step="1" required
        aria-describedby="repeats-help"><small id="repeats-help">1–10 timed runs per n</small></label>
      <label class="num">Work W (million steps) <input type="number" name="work" min="1" max="100" step="1" required
        aria-describedby="work-help"><small id="work-help">1–100 · 1 M ≈ 7 ms on one core</small></label>
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <p id="amdahl-unavailable" class="notice" hidden></p>
    <fieldset class="predict" id="predict">
      <legend>Predict first: as you add threads, what happens to the speedup?</legend>
      ${PREDICT.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div class="views amdahl-views">
      <section class="view" id="live-view" aria-labelledby="live-h">
        <h2 id="live-h">Live · the threads' shared memory</h2>
        <p class="amdahl-phase" id="phase" data-phase="idle">Not running.</p>
        <table class="writers amdahl-threads" id="threads-table">
          <caption id="live-caption"></caption>
          <thead><tr><th scope="col" id="live-noun">Thread</th><th scope="col">Now</th><th scope="col">Serial part</th><th scope="col">Its parallel share</th></tr></thead>
          <tbody><tr><td colspan="4">Nothing has run yet: press Run to watch the threads work.</td></tr></tbody>
        </table>
        <p class="sub" id="seen-busy" data-serial="0" data-parallel="0"></p>
        <p class="sub" id="traffic" data-messages="0" hidden></p>
      </section>
      <section class="view" id="chart-view" aria-labelledby="chart-h">
        <h2 id="chart-h">Speedup against Amdahl's law</h2>
        <figure class="amdahl-chart" id="chart" aria-label="Chart: measured speedup against Amdahl's law" aria-describedby="chart-caption">
          <div id="plot" aria-hidden="true"></div>
          <figcaption id="chart-caption">
            <ul class="amdahl-key">
              <li><svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" stroke="${C.theory}" stroke-width="3"/></svg>
                solid line: Amdahl's law, 1/(s + (1 − s)/n), which assumes a free core for every thread</li>
              <li><svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" stroke="${C.cores}" stroke-width="3" stroke-dasharray="7 4"/></svg>
                dashed line: the same law with only this machine's <span id="cores-n">${CORES}</span> cores, 1/(s + (1 − s)/min(n, ${CORES}))</li>
              <li><svg width="34" height="12" aria-hidden="true"><line x1="17" y1="0" x2="17" y2="12" stroke="${C.measured}" stroke-width="2"/><circle cx="17" cy="6" r="4.5" fill="${C.measured}"/></svg>
                dots: measured speedup T(1)/T(n), the median of the repeats, with a whisker from the slowest to the fastest run</li>
              <li><svg width="34" height="12" aria-hidden="true"><line x1="17" y1="0" x2="17" y2="12" stroke="${C.marker}" stroke-width="2" stroke-dasharray="2 2"/></svg>
                dotted vertical line: <code>navigator.hardwareConcurrency</code> = ${CORES}, this machine's cores</li>
            </ul>
            The table below holds the same numbers.
          </figcaption>
        </figure>
        <p class="amdahl-oversub" id="oversub">${oversubText()}</p>
      </section>
    </div>
    <section class="view amdahl-results" aria-labelledby="results-h">
      <h2 id="results-h">Results</h2>
      <table class="bench-results" id="results">
        <caption>One row per thread count n. Speedup = T(1) / T(n), with T(1) the median of this run's one-thread
        times; the range is from the slowest to the fastest repeat.</caption>
        <thead><tr><th scope="col" id="results-noun">Threads n</th><th scope="col">Amdahl 1/(s+(1−s)/n)</th>
          <th scope="col">Amdahl on ${CORES} core${CORES === 1 ? '' : 's'}</th>
          <th scope="col">Measured speedup (min–max)</th><th scope="col">T(n), median</th>
          <th scope="col">Serial phase</th><th scope="col">Parallel phase</th><th scope="col">Runs</th></tr></thead>
        <tbody></tbody>
      </table>
      <p class="sub" id="checksum"></p>
    </section>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>CPython's threads take turns holding the GIL, so Python threads cannot speed up CPU work at all (see the
      GIL lab). The Python twin therefore splits the parallel part over <code>multiprocessing</code> processes — the
      pool is started before the clock starts, as here — and prints Amdahl's prediction beside what it measured.
      ThreadLab's CI runs it with <code>python3</code>.</p>
      <pre><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The work is W steps of a pure mixing function (the one the Benchmarks lab times), whose sum the compiler
      cannot skip. The first s·W steps run on pool thread 1 alone; the other (1 − s)·W are cut into n equal shares,
      one per thread. Each n gets a fresh pool of exactly n threads (Web Workers sharing one
      <code>WebAssembly.Memory</code>); starting it and a few short warm-up runs (until one is no faster than the last) happen before the clock starts. The
      time is taken inside the kernel, from the first serial step to the last parallel one.</p>
      <p>Expect less than the law even at n ≤ cores: the page redraws the live view (at most 10 times a second while timing), the browser and
      whatever else runs on this machine take their turns on the same cores, and a share ends only when its slowest
      thread does. On a busy machine the spread between repeats (the whiskers) grows.</p>
      <p>Every run computes the same checksum — the sum over all W steps — however it was split: the parallel runs
      do exactly the work of the one-thread run, no more and no less.</p>
      <p><b>Threads or processes?</b> Threads split the job with nothing to copy: each share is a range of the same
      memory, and the page watches that memory live. With <em>Processes</em> the same work runs on n isolated
      workers (the plain build, one private memory each, started and warmed up before the clock starts): the page
      sends worker 1 the serial part, waits for its answer, then sends every worker its share and waits for all the
      results — each a message, timed along with the work, and the page sees a worker's progress only when a message
      arrives. Python needs processes for this (its threads share one GIL); the Python twin below is that version.</p>
      <p><a href="?lab=stepper&amp;sample=processes">Step through it slowly</a>: the stepper's sample of work split
      over processes.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  const phaseLine = $('#phase');
  const seenBusy = $('#seen-busy');
  const threadsBody = /** @type {HTMLTableSectionElement} */ ($('#threads-table tbody'));
  const resultsBody = /** @type {HTMLTableSectionElement} */ ($('#results tbody'));

  if (!ctx.shared) {
    const note = $('#amdahl-unavailable');
    note.hidden = false;
    note.textContent =
      'Threads are off on this page (see the note above): a pool of threads sharing one memory cannot start here. ' +
      'The process side works: the same work split over isolated workers, each share sent and each result returned ' +
      'by message (those messages are part of the time measured).';
  }

  let running = false;
  bindParamForm({
    form,
    errorsBox,
    runBtn,
    schema,
    values,
    ctx,
    isRunning: () => running,
    threadModes: ['shared'],
    onValues: () => {
      if (!running) {
        results = new Map();
        showParams();
        drawChart();
        buildResultRows();
        describeLive();
      }
    },
  });

  /** The live view's heading and caption for the mode shown. */
  function describeLive(mode = values.mode) {
    const threads = mode !== 'isolated';
    $('#live-h').textContent = threads ? "Live · the threads' shared memory" : "Live · what the workers' messages say";
    $('#live-caption').textContent = threads
      ? 'Each pool thread, read from shared memory every frame: is it working, and how much of the serial part ' +
        '(hatched; thread 1 only) and of its own parallel share (solid) has it done?'
      : 'Each isolated worker, as far as the page knows: the work it was sent, and its progress as of its last ' +
        'message (the serial part, hatched, goes to worker 1 only; then every worker gets its share, solid).';
    $('#traffic').hidden = threads;
    $('#live-noun').textContent = threads ? 'Thread' : 'Worker';
    $('#results-noun').textContent = threads ? 'Threads n' : 'Processes n';
  }
  describeLive();

  function oversubText() {
    return `Past the dotted line (n > ${CORES}) there are more threads than cores. Over-subscription is allowed,
    but the operating system can only take turns running the extra threads: the parallel part cannot finish faster
    than on ${CORES} thread${CORES === 1 ? '' : 's'}, and the switching and the one thread that finishes last add a
    little time, so the measured speedup flattens or drops while Amdahl's formula — which assumes a core for every
    thread — keeps climbing. The dashed line is the law with ${CORES} core${CORES === 1 ? '' : 's'}. The same holds
    for worker processes.`;
  }

  // --- results: per n, the repeats' times --------------------------------------------------------------
  /** @typedef {{total: number[], serial: number[], parallel: number[]}} Times */
  /** @type {Map<number, Times>} */
  let results = new Map();
  /** The parameters of the results shown (they stay when the form changes mid-run). */
  let shown = { s: values.s, P: values.threads ?? schema.threads.default, mode: values.mode ?? 'shared' };

  const t1Median = () => {
    const t = results.get(1)?.total;
    return t?.length ? stats(t).median : NaN;
  };

  /** Speedup of n: median, slowest and fastest repeat, against T(1)'s median. */
  function speedupOf(/** @type {number} */ n) {
    const t = results.get(n)?.total;
    const t1 = t1Median();
    if (!t?.length || !(t1 > 0)) return null;
    const st = stats(t);
    return { median: t1 / st.median, min: t1 / st.max, max: t1 / st.min, tMedian: st.median };
  }

  /** The chart and table show the form's parameters (called when idle, and as a run starts). */
  function showParams() {
    // A bad value in the URL leaves its parameter unset: rows for the default P then, and no theory for a bad s.
    shown = { s: values.s, P: values.threads ?? schema.threads.default, mode: values.mode ?? 'shared' };
  }

  function buildResultRows() {
    const { s, P } = shown;
    resultsBody.replaceChildren(
      ...Array.from({ length: P }, (_, i) => {
        const n = i + 1;
        const theory = amdahl(s / 100, n);
        return el(
          'tr',
          { 'data-n': String(n), 'data-theory': x2(theory), ...(n > CORES ? { 'data-oversubscribed': 'true' } : {}) },
          el('th', { scope: 'row' }, `${n}${n > CORES ? ` (more than ${CORES} cores)` : ''}`),
          el('td', { class: 'theory' }, Number.isFinite(theory) ? `${x2(theory)}×` : '–'),
          el('td', { class: 'theory-cores' }, Number.isFinite(theory) ? `${x2(amdahl(s / 100, Math.min(n, CORES)))}×` : '–'),
          el('td', { class: 'value speedup' }, '–'),
          el('td', { class: 'time' }, '–'),
          el('td', { class: 'serial' }, '–'),
          el('td', { class: 'parallel' }, '–'),
          el('td', { class: 'runs' }, '0'),
        );
      }),
    );
  }

  function updateResultRows() {
    for (const tr of resultsBody.rows) {
      const n = Number(tr.dataset.n);
      const t = results.get(n);
      const sp = speedupOf(n);
      if (!t || !sp) continue;
      const cell = (/** @type {string} */ c) => /** @type {HTMLElement} */ (tr.querySelector(`.${c}`));
      tr.dataset.speedup = x2(sp.median);
      cell('speedup').textContent = t.total.length > 1 ? `${x2(sp.median)}× (${x2(sp.min)}–${x2(sp.max)})` : `${x2(sp.median)}×`;
      cell('time').textContent = `${fmtMs(sp.tMedian)} ms`;
      cell('serial').textContent = `${fmtMs(stats(t.serial).median)} ms`;
      cell('parallel').textContent = `${fmtMs(stats(t.parallel).median)} ms`;
      cell('runs').textContent = String(t.total.length);
    }
  }

  // --- chart (uPlot) --------------------------------------------------------------------------------------
  const plotBox = $('#plot');
  const figure = $('#chart');
  /** @type {uPlot | null} */
  let plot = null;
  let plotMode = '';

  function chartData() {
    const { s, P } = shown;
    const xmax = Math.max(2, P, CORES <= MAX_THREADS ? CORES : 0);
    /** @type {number[]} */
    const xs = [];
    for (let i = 0; i <= (xmax - 1) * SUB; i++) xs.push(1 + i / SUB);
    const theory = xs.map((n) => finite(amdahl(s / 100, n)));
    const cores = xs.map((n) => finite(amdahl(s / 100, Math.min(n, CORES))));
    const measured = xs.map((n) => (Number.isInteger(n) ? (speedupOf(n)?.median ?? null) : null));
    return { xmax, data: /** @type {uPlot.AlignedData} */ ([xs, theory, cores, measured]) };
  }

  /** Whiskers (slowest–fastest repeat) and the hardwareConcurrency marker, drawn over the series. */
  function drawOverlay(/** @type {uPlot} */ u) {
    const c = u.ctx;
    const dpr = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    c.save();
    // The core-count marker.
    if (CORES <= /** @type {number} */ (u.scales.x.max)) {
      const x = Math.round(u.valToPos(CORES, 'x', true));
      c.strokeStyle = C.marker;
      c.lineWidth = 2 * dpr;
      c.setLineDash([3 * dpr, 3 * dpr]);
      c.beginPath();
      c.moveTo(x, top);
      c.lineTo(x, top + height);
      c.stroke();
      c.setLineDash([]);
      c.fillStyle = C.marker;
      c.font = `${12 * dpr}px system-ui, sans-serif`;
      const label = `${CORES} cores`;
      const w = c.measureText(label).width;
      c.fillText(label, x + w + 6 * dpr > left + width ? x - w - 5 * dpr : x + 5 * dpr, top + 14 * dpr);
    }
    // Whiskers.
    c.strokeStyle = C.measured;
    c.lineWidth = 2 * dpr;
    for (let n = 1; n <= shown.P; n++) {
      const sp = speedupOf(n);
      if (!sp || results.get(n)?.total.length === 1) continue;
      const x = u.valToPos(n, 'x', true);
      const y0 = u.valToPos(sp.min, 'y', true);
      const y1 = u.valToPos(sp.max, 'y', true);
      const cap = 5 * dpr;
      c.beginPath();
      c.moveTo(x, y0);
      c.lineTo(x, y1);
      c.moveTo(x - cap, y0);
      c.lineTo(x + cap, y0);
      c.moveTo(x - cap, y1);
      c.lineTo(x + cap, y1);
      c.stroke();
    }
    c.restore();
  }

  function drawChart() {
    const { xmax, data } = chartData();
    let ymax = 2;
    for (const v of [...data[1], ...data[3]]) if (v != null && v > ymax) ymax = v;
    for (let n = 1; n <= shown.P; n++) ymax = Math.max(ymax, speedupOf(n)?.max ?? 0);
    ymax = Math.ceil(ymax * 1.1 * 2) / 2;
    // For the browser test and curious readers: what the chart plots at whole n.
    const at = (/** @type {any[]} */ ys) => ys.filter((_, i) => i % SUB === 0).map((v) => (v == null ? null : Number(v.toFixed(2))));
    figure.dataset.theory = JSON.stringify(at(data[1]));
    figure.dataset.measured = JSON.stringify(at(data[3]));
    figure.dataset.xmax = String(xmax);
    if (plot && plotMode === shown.mode && plot.scales.x.max === xmax + 0.2 && plot.scales.y.max === ymax) {
      plot.setData(data, false);
      plot.redraw();
      return;
    }
    plot?.destroy();
    plotMode = shown.mode;
    const width = Math.max(300, Math.min(720, plotBox.clientWidth || 640));
    plot = new uPlot(
      {
        width,
        height: 340,
        scales: { x: { time: false, range: [0.8, xmax + 0.2] }, y: { range: [0, ymax] } },
        legend: { live: false, markers: { dash: (_u, i) => (i === 2 ? 'dashed' : 'solid') } },
        cursor: { show: false },
        axes: [
          { label: 'Threads n', incrs: [1, 2, 4, 8], values: (_u, ticks) => ticks.map((t) => String(t)) },
          { label: 'Speedup T(1) / T(n)', values: (_u, ticks) => ticks.map((t) => `${t}×`) },
        ],
        series: [
          { label: 'n' },
          { label: "Amdahl's law", stroke: C.theory, width: 3, points: { show: false } },
          { label: `Amdahl with ${CORES} cores`, stroke: C.cores, width: 3, dash: [10, 6], points: { show: false } },
          {
            label: `Measured on ${shown.mode === 'isolated' ? 'processes' : 'threads'} (median, min–max)`,
            stroke: C.measured,
            fill: undefined,
            width: 2,
            paths: () => null,
            points: { show: true, size: 11, width: 2, stroke: C.measured, fill: C.measured },
          },
        ],
        hooks: { draw: [drawOverlay] },
      },
      data,
      plotBox,
    );
  }
  drawChart();
  buildResultRows();
  const resize = new ResizeObserver(() => {
    if (!plot) return;
    const width = Math.max(300, Math.min(720, plotBox.clientWidth || 640));
    if (Math.abs(width - plot.width) > 4) plot.setSize({ width, height: 340 });
  });
  resize.observe(plotBox);

  // --- live view of the lab's shared memory (crate AMDAHL) ----------------------------------------------
  /** @type {Record<string, number> | null} */
  let layout = null;
  /** @type {{buffer: ArrayBufferLike, words: Uint32Array, serialDone: number, serialTotal: number, parallelDone: Uint32Array, parallelTotal: Uint32Array, busy: Uint32Array} | null} */
  let mem = null;
  const memory = () => {
    const buffer = ctx.shared?.arena?.memory.buffer;
    if (!buffer || !layout) return null;
    // A new coordinator (a new n) has a new memory, and a grown memory a new buffer: new views then.
    if (!mem || mem.buffer !== buffer) {
      const L = layout;
      mem = {
        buffer,
        words: new Uint32Array(buffer, L.phase, 4), // phase, threads, serialDone, serialTotal
        serialDone: 2,
        serialTotal: 3,
        parallelDone: new Uint32Array(buffer, L.parallelDone, MAX_THREADS),
        parallelTotal: new Uint32Array(buffer, L.parallelTotal, MAX_THREADS),
        busy: new Uint32Array(buffer, L.busy, MAX_THREADS),
      };
    }
    return mem;
  };

  /** @type {{row: HTMLElement, now: HTMLElement, serial: HTMLElement, serialText: HTMLElement, par: HTMLElement, parText: HTMLElement}[]} */
  let threadRows = [];
  let rowsNoun = '';
  function buildThreadRows(/** @type {number} */ n, /** @type {string} */ noun) {
    threadRows = [];
    rowsNoun = noun;
    threadsBody.replaceChildren(
      ...Array.from({ length: n }, (_, t) => {
        const serial = el('span', { class: 'bar-fill hatched' });
        const par = el('span', { class: 'bar-fill' });
        const r = {
          row: el('tr', { 'data-thread': String(t) }),
          now: el('td', { class: 'now' }, 'waiting'),
          serial,
          serialText: el('span', {}, t === 0 ? '0' : '—'),
          par,
          parText: el('span', {}, '0'),
        };
        r.row.append(
          el('th', { scope: 'row' }, `${noun} ${t + 1}`),
          r.now,
          el('td', {}, ...(t === 0 ? [el('span', { class: 'bar', 'aria-hidden': 'true' }, serial)] : []), r.serialText),
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, par), r.parText),
        );
        threadRows.push(r);
        return r.row;
      }),
    );
  }

  /**
   * What the live view shows: read from shared memory (threads), or pieced
   * together from messages (processes). `phase`: 0 idle, 1 serial, 2 parallel, 3 done, 4 stopped.
   * @typedef {{phase: number, n: number, serialDone: number, serialTotal: number,
   *   busy: number[], parDone: number[], parTotal: number[]}} Live
   */

  /** @returns {Live | null} the threads' shared memory, now */
  function readShared() {
    const m = memory();
    if (!m) return null;
    const w = m.words;
    const n = Math.min(MAX_THREADS, Atomics.load(w, 1));
    const each = (/** @type {Uint32Array} */ a) => Array.from({ length: n }, (_, t) => Atomics.load(a, t));
    return {
      phase: Atomics.load(w, 0),
      n,
      serialDone: Atomics.load(w, m.serialDone),
      serialTotal: Atomics.load(w, m.serialTotal),
      busy: each(m.busy),
      parDone: each(m.parallelDone),
      parTotal: each(m.parallelTotal),
    };
  }

  const steps = (/** @type {number} */ v) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : v >= 1e3 ? `${Math.round(v / 1e3)} k` : String(v));
  let maxBusy = { serial: 0, parallel: 0 };
  let label = '';
  /** Whether the untimed warm-up runs (the live view shows it, "seen" counts only timed runs). */
  let warming = false;

  function render(/** @type {Live | null} */ live, noun = 'Thread') {
    if (!live) return;
    sample(live);
    const { phase, n } = live;
    if (n !== threadRows.length || noun !== rowsNoun) buildThreadRows(n, noun);
    let busy = 0;
    for (let t = 0; t < n; t++) {
      const r = threadRows[t];
      const b = live.busy[t] === 1;
      busy += b ? 1 : 0;
      const [sd, st, pd, pt] = [live.serialDone, live.serialTotal, live.parDone[t], live.parTotal[t]];
      r.now.textContent = b ? (phase === 1 ? 'working: serial part' : 'working: its share') : phase !== 1 && pt && pd >= pt ? 'done' : 'waiting';
      r.row.dataset.busy = String(b);
      if (t === 0) {
        r.serial.style.width = `${st ? (100 * sd) / st : 0}%`;
        r.serialText.textContent = st ? ` ${steps(sd)} / ${steps(st)}` : ' none (s = 0)';
      }
      r.par.style.width = `${pt ? (100 * pd) / pt : 0}%`;
      r.parText.textContent = pt ? ` ${steps(pd)} / ${steps(pt)}` : ' none (s = 100 %)';
    }
    const names = ['Not running.', 'Serial phase', 'Parallel phase', 'Finished.', 'Stopped.'];
    const nouns = `${noun.toLowerCase()}${n === 1 ? '' : 's'}`;
    if (phase === 1 || phase === 2) {
      phaseLine.textContent = `${label} · ${names[phase]}: ${busy} of ${n} ${nouns} working`;
    } else {
      phaseLine.textContent = `${label ? `${label} · ` : ''}${names[phase] ?? ''}`;
    }
    phaseLine.dataset.phase = ['idle', 'serial', 'parallel', 'done', 'stopped'][phase] ?? 'idle';
    seenBusy.dataset.serial = String(maxBusy.serial);
    seenBusy.dataset.parallel = String(maxBusy.parallel);
    const pl = (/** @type {number} */ k) => `${k} ${noun.toLowerCase()}${k === 1 ? '' : 's'}`;
    seenBusy.textContent = maxBusy.serial + maxBusy.parallel === 0 ? '' : `Seen in the timed runs so far: at most ${pl(maxBusy.serial)} working in a serial phase, up to ${maxBusy.parallel} at once in a parallel phase.`;
  }

  /** Notes how many threads work at once in the current phase (read every frame; no drawing). */
  function sample(/** @type {Live | null} */ live) {
    if (!live || warming || (live.phase !== 1 && live.phase !== 2)) return;
    let busy = 0;
    for (let t = 0; t < live.n; t++) busy += live.busy[t] === 1 ? 1 : 0;
    const key = live.phase === 1 ? 'serial' : 'parallel';
    maxBusy[key] = Math.max(maxBusy[key], busy);
  }

  // Reading shared memory every frame is cheap; drawing is not while the
  // threads are timed (liveGapMs), so busy threads are sampled every frame.
  const redraw = new LiveLoop();
  const loop = () => redraw.start(() => render(readShared()), { timed: true, each: () => sample(readShared()) });

  // --- runs -----------------------------------------------------------------------------------------------
  let stopRequested = false;
  let runs = 0;
  /** The mode of the run going (the form may change meanwhile). */
  let activeMode = '';
  /** Messages and bytes between the page and the isolated workers in the timed runs. */
  let traffic = { messages: 0, bytes: 0 };

  /** The split of `W` steps: serial `[0, sEnd)`, then n near-equal shares (as crate/src/labs/amdahl.rs `plan`). */
  function planOf(/** @type {number} */ W, /** @type {number} */ s, /** @type {number} */ n) {
    const serialEnd = Math.floor((W * s) / 100);
    const rest = W - serialEnd;
    const shares = Array.from({ length: n }, (_, t) => [serialEnd + Math.floor((rest * t) / n), serialEnd + Math.floor((rest * (t + 1)) / n)]);
    return { serialEnd, shares };
  }

  /** @typedef {{total: number, serial: number, parallel: number, checksum: bigint} | {stopped: true, terminated?: boolean}} OneRun */

  /** One timed run on n threads (the pool already started). @returns {Promise<OneRun>} */
  async function runThreads(/** @type {number} */ n, /** @type {number} */ s, /** @type {number} */ work) {
    const run = await /** @type {any} */ (ctx.shared).run('amdahl', { threads: n, s, work });
    if (run.terminated || run.result[3]) return { stopped: true, terminated: run.terminated };
    const [total, serial, parallel, , lo, hi] = run.result;
    return { total, serial, parallel, checksum: (BigInt(hi) << 32n) | BigInt(lo) };
  }

  /**
   * One timed run on n isolated workers: the serial part to worker 1, its
   * answer awaited; then a share to each worker, every answer awaited. The
   * clock runs on the page and includes every message. @returns {Promise<OneRun>}
   */
  async function runProcesses(/** @type {number} */ n, /** @type {number} */ s, /** @type {number} */ W) {
    const iso = ctx.isolated;
    const { serialEnd, shares } = planOf(W, s, n);
    /** @type {Live} */
    const live = {
      phase: 1,
      n,
      serialDone: 0,
      serialTotal: serialEnd,
      busy: new Array(n).fill(0),
      parDone: new Array(n).fill(0),
      parTotal: shares.map(([a, b]) => b - a),
    };
    const onMessage = (/** @type {number} */ phase) => (/** @type {any} */ m) => {
      if (phase === 1) live.serialDone = m.done;
      else live.parDone[m.worker] = m.done;
      if (m.type === MSG.ISO_DONE) live.busy[m.worker] = 0;
      render(live, 'Worker');
    };
    const count = () => {
      traffic.messages += iso.traffic.messages;
      traffic.bytes += iso.traffic.bytesIn + iso.traffic.bytesOut;
    };
    let sum = 0n;
    const add = (/** @type {any[]} */ rs) => {
      for (const r of rs) sum = (sum + ((BigInt(r.checksum[1]) << 32n) | BigInt(r.checksum[0]))) & 0xffff_ffff_ffff_ffffn;
    };
    const t0 = performance.now();
    if (serialEnd > 0) {
      live.busy[0] = 1;
      render(live, 'Worker');
      const a = await iso.run('amdahl', 1, () => ({ worker: 0, start: 0, end: serialEnd }), onMessage(1));
      count();
      if (a.stopped) return { stopped: true };
      add(a.results);
    }
    const t1 = performance.now();
    live.phase = 2;
    live.busy.fill(1);
    render(live, 'Worker');
    const b = await iso.run('amdahl', n, (i) => ({ worker: i, start: shares[i][0], end: shares[i][1] }), onMessage(2));
    const t2 = performance.now();
    count();
    if (b.stopped) return { stopped: true };
    add(b.results);
    live.phase = 3;
    render(live, 'Worker');
    return { total: t2 - t0, serial: t1 - t0, parallel: t2 - t1, checksum: sum };
  }

  /** @returns {Promise<{stopped: boolean, how?: string, summary?: string}>} */
  async function measure() {
    const { s, threads: P, repeats: R, work, mode } = values;
    const threads = mode !== 'isolated';
    const noun = threads ? 'thread' : 'process';
    const W = work * 1e6;
    const warmSteps = Math.min(WARM_STEPS, W);
    /** @type {bigint | null} */
    let checksum = null;
    traffic = { messages: 0, bytes: 0 };
    if (!threads) {
      status.textContent = `Starting ${P} isolated workers and warming them up (not timed)…`;
      let before = Infinity;
      for (let k = 1; k <= WARM_ROUNDS; k++) {
        const t0 = performance.now();
        const warm = await ctx.isolated.run('amdahl', P, (i) => ({ worker: i, start: 0, end: warmSteps }), () => {});
        if (warm.stopped || stopRequested) return stoppedBy(false);
        const took = performance.now() - t0;
        if (took >= 0.9 * before) break;
        before = took;
      }
    }
    for (let n = 1; n <= P; n++) {
      label = `n = ${n}`;
      if (threads) {
        const shared = /** @type {import('../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
        status.textContent = `n = ${n}: starting a pool of ${n} thread${n === 1 ? '' : 's'} (not timed)…`;
        await shared.ensure(n);
        if (stopRequested) return stoppedBy(false);
        layout ??= await shared.call('amdahlLayout');
        // Untimed: the fresh instance's code warms up on every thread — until a warm-up run is no faster
        // than the one before (the optimised code is in), at most WARM_ROUNDS runs.
        label = `n = ${n}, warm-up`;
        warming = true;
        try {
          let before = Infinity;
          for (let k = 1; k <= WARM_ROUNDS; k++) {
            status.textContent = `n = ${n}: warm-up run ${k} (not timed)…`;
            const warm = await shared.run('amdahl', { threads: n, s: 50, work, steps: warmSteps });
            if (warm.terminated || warm.result[3] || stopRequested) return stoppedBy(warm.terminated);
            if (warm.result[0] >= 0.9 * before) break;
            before = warm.result[0];
          }
        } finally {
          warming = false;
        }
      }
      for (let r = 1; r <= R; r++) {
        label = `n = ${n}, run ${r} of ${R}`;
        status.textContent = `Measuring n = ${n} of ${P} ${noun === 'thread' ? 'threads' : 'processes'}, run ${r} of ${R}…`;
        const one = threads ? await runThreads(n, s, work) : await runProcesses(n, s, W);
        if ('stopped' in one || stopRequested) return stoppedBy('terminated' in one && !!one.terminated);
        if (checksum === null) checksum = one.checksum;
        else if (one.checksum !== checksum) throw new Error(`checksums differ: ${one.checksum} with n = ${n}, ${checksum} before`);
        const t = results.get(n) ?? { total: [], serial: [], parallel: [] };
        t.total.push(one.total);
        t.serial.push(one.serial);
        t.parallel.push(one.parallel);
        results.set(n, t);
        updateResultRows();
        drawChart();
        showTraffic();
      }
    }
    const hex = (checksum ?? 0n).toString(16).padStart(16, '0');
    $('#checksum').textContent = `Checksum: every one of the ${P * R} timed runs summed the same W = ${fmt(W)} steps to 0x${hex} — the split lost and repeated no work.`;
    let best = 1;
    let bestN = 1;
    for (let n = 1; n <= P; n++) {
      const sp = speedupOf(n)?.median ?? 0;
      if (sp > best) [best, bestN] = [sp, n];
    }
    const cap = s === 0 ? 'with s = 0 the law has no cap but the core count' : `Amdahl's cap for s = ${s} % is 1/s = ${x2(100 / s)}×`;
    return {
      stopped: false,
      summary: `Done: best measured speedup ${x2(best)}× with n = ${bestN} ${noun}${bestN === 1 ? '' : noun === 'thread' ? 's' : 'es'} (Amdahl predicts ${x2(amdahl(s / 100, bestN))}× there; ${cap}).`,
    };
  }

  function showTraffic() {
    const t = $('#traffic');
    t.dataset.messages = String(traffic.messages);
    t.textContent = `Messages in the timed runs: ${fmt(traffic.messages)} (${fmtBytes(traffic.bytes)} copied between memories) — every share out and every result back is one, and their cost is in the times.`;
  }

  const stoppedBy = (/** @type {boolean} */ terminated) => ({
    stopped: true,
    how: terminated
      ? 'the coordinator did not stop, so it was ended and a fresh one started'
      : activeMode === 'isolated'
        ? 'every worker was terminated'
        : 'every thread saw the stop word in shared memory and returned',
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled) return;
    const threads = values.mode !== 'isolated';
    if (threads && !ctx.shared) return;
    activeMode = values.mode;
    running = true;
    stopRequested = false;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    results = new Map();
    showParams();
    buildResultRows();
    drawChart();
    describeLive(values.mode);
    $('#checksum').textContent = '';
    maxBusy = { serial: 0, parallel: 0 };
    const params = { mode: values.mode, s: values.s, threads: values.threads, repeats: values.repeats, work: values.work };
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    if (threads) loop();
    try {
      const r = await measure();
      if (threads) render(readShared());
      if (r.stopped) {
        root.dataset.state = 'stopped';
        status.textContent = `Stopped: ${r.how}. The rows measured so far stay.`;
        if (!threads) phaseLine.textContent = 'Stopped.';
        phaseLine.dataset.phase = 'stopped';
      } else {
        root.dataset.state = 'done';
        status.textContent = r.summary ?? 'Done.';
        giveFeedback();
      }
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      redraw.stop();
      running = false;
      label = '';
      stopBtn.disabled = true;
      runBtn.disabled = !errorsBox.hidden;
      const speedups = [...results.keys()].sort((a, b) => a - b).map((n) => ({ n, theory: amdahl(params.s / 100, n), speedup: speedupOf(n)?.median ?? null }));
      emitRunFinished(root, {
        run: runNo,
        params,
        results: { [threads ? 'shared' : 'isolated']: { speedups, ...(threads ? {} : traffic) } },
        summary: status.textContent ?? '',
      });
    }
  });

  stopBtn.addEventListener('click', async () => {
    stopBtn.disabled = true;
    stopRequested = true;
    status.textContent = 'Stopping…';
    // Threads see the stop word in shared memory; processes are terminated.
    if (activeMode === 'isolated' || !ctx.shared) ctx.isolated.stop();
    else await ctx.shared.stop();
  });

  bindPredict(root, PREDICT);

  function giveFeedback() {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const { s } = shown;
    const why =
      s === 0
        ? 'With s = 0 nothing is serial, so the law allows n× — but only with n cores: past this machine’s ' +
          `${CORES} the extra threads just take turns. Try s = 20 or more to see the serial part cap it.`
        : `The serial part takes the same time whatever n is, so the speedup levels off below 1/s = ${x2(100 / s)}× ` +
          `(Amdahl's curve), and on this machine also at its ${CORES} core${CORES === 1 ? '' : 's'} (the dashed line).`;
    const verdict = !choice ? '' : choice.value === 'cap' ? 'Your prediction fits. ' : 'Not quite. ';
    $('#predict-feedback').textContent = verdict + why;
  }

  return {
    dispose() {
      redraw.stop();
      resize.disconnect();
      plot?.destroy();
    },
  };
}
