// Lab `race`, page side: the panel, its live view of the three shared
// counters, the histogram of lost updates, and the Python twin. Kernel:
// crate/src/labs/race.rs. Browser test: tests/race.test.mjs.
import { LiveLoop } from '../views/live.js';
import python from './race.py?raw';
import { WRITER_COLOURS, colourOf } from '../views/palette.js';
import { MSG } from '../engine/messages.js';
import { bindPredict } from '../views/predict.js';
import { el, fmt, fmtMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';
import { stats } from '../stats.js';

/** @type {import('../params.js').Schema} */
export const schema = {
  mode: {
    type: 'enum',
    label: 'Mode',
    values: ['shared', 'isolated', 'both'],
    default: 'both',
    help: 'shared: threads on one counter · isolated: workers with a counter each · both: one after the other',
  },
  threads: {
    type: 'int',
    label: 'Threads',
    min: 1,
    max: 16,
    // At least two: with one thread there is nobody to race with.
    default: Math.min(16, Math.max(2, navigator.hardwareConcurrency || 2)),
    help: 'threads (shared) or processes (isolated), 1–16',
  },
  iters: {
    type: 'int',
    label: 'Increments per thread',
    min: 1,
    max: 10_000_000,
    // Long enough (tens of ms) that the threads overlap even when the OS is busy.
    default: 2_000_000,
    help: '1 – 10,000,000',
  },
  runs: { type: 'int', label: 'Runs', min: 1, max: 50, default: 10, help: 'repetitions of all three variants, 1–50' },
};

export const title = 'Race conditions and locks';

/** The three variants, in the kernel's order (race.rs `Variant`). */
const VARIANTS = [
  {
    key: 'racy',
    name: 'Unsynchronised',
    code: 'let v = counter.load();\ncounter.store(v + 1);',
    colour: WRITER_COLOURS[5],
    pattern: 'hatched',
  },
  {
    key: 'mutex',
    name: 'With a mutex',
    code: 'let _guard = lock.lock();\nlet v = counter.load();\ncounter.store(v + 1);',
    colour: WRITER_COLOURS[4],
    pattern: 'solid',
  },
  {
    key: 'atomic',
    name: 'Atomic fetch_add',
    code: 'counter.fetch_add(1);',
    colour: WRITER_COLOURS[2],
    pattern: 'dotted',
  },
];
const IDLE = VARIANTS.length;

const PREDICT = [
  ['exact', 'Exactly T × N, in every run'],
  ['less', 'Less than T × N in some runs — updates get lost'],
  ['more', 'Sometimes more than T × N'],
  ['n', 'Exactly N — the threads overwrite each other completely'],
];

/**
 * Typed-array views over the kernel's `RACE` static in the shared memory
 * (race.rs `RaceMem`), re-created when the memory or its buffer changes
 * (a fresh coordinator, or memory growth: wasm-bindgen#2222).
 */
class RaceView {
  /** @param {Record<string, number>} layout byte offsets from `raceLayout()` */
  constructor(layout) {
    this.layout = layout;
    /** @type {ArrayBufferLike | null} */
    this.buffer = null;
    /** @type {any} */
    this.v = null;
  }

  /** @param {WebAssembly.Memory} memory */
  views(memory) {
    const buffer = memory.buffer;
    if (buffer !== this.buffer) {
      const L = this.layout;
      const u32 = (/** @type {number} */ at, /** @type {number} */ n) => new Uint32Array(buffer, at, n);
      this.buffer = buffer;
      this.v = {
        counters: u32(L.counters, 3),
        expected: u32(L.expected, 1),
        running: u32(L.running, 1),
        run: u32(L.run, 1),
        runs: u32(L.runs, 1),
        runsDone: u32(L.runsDone, 1),
        poolThreads: u32(L.poolThreads, 1),
        progress: u32(L.progress, 16),
        spanUs: u32(L.spanUs, 3 * 32),
        lost: u32(L.lost, L.maxRuns * 3),
        timeUs: u32(L.timeUs, L.maxRuns * 3),
      };
    }
    return this.v;
  }
}

/** Set bits of a 32-bit mask. */
const bits = (/** @type {number} */ x) => {
  let n = 0;
  for (let m = x >>> 0; m; m &= m - 1) n++;
  return n;
};

/**
 * A histogram as a table: one row per bin of lost updates, its bar and count.
 * Reads as a table to a screen reader and as a bar chart to the eye.
 * @param {number[]} values lost updates per run
 * @param {{name: string, key: string, colour: string, pattern: string}} variant
 */
function histogram(values, variant) {
  // Runs that lost nothing get a bin of their own: "exact" is the answer to look for.
  const zero = values.filter((v) => v === 0).length;
  const lossy = values.filter((v) => v > 0);
  /** @type {{lo: number, hi: number, n: number}[]} */
  const bins = zero ? [{ lo: 0, hi: 0, n: zero }] : [];
  if (lossy.length) {
    const min = Math.min(...lossy);
    const max = Math.max(...lossy);
    const k = Math.min(zero ? 6 : 7, new Set(lossy).size);
    const width = Math.ceil((max - min + 1) / k);
    const first = bins.length;
    for (let i = 0; i < k; i++) bins.push({ lo: min + i * width, hi: Math.min(max, min + (i + 1) * width - 1), n: 0 });
    for (const v of lossy) bins[first + Math.min(k - 1, Math.floor((v - min) / width))].n++;
  }
  const most = Math.max(...bins.map((b) => b.n));
  const table = el(
    'table',
    { class: 'race-hist', 'data-variant': variant.key },
    el('caption', {}, el('span', { class: `swatch race-${variant.pattern}`, style: `background-color:${variant.colour}` }), ` ${variant.name}: lost updates in each of ${values.length} run${values.length === 1 ? '' : 's'}`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Lost updates'), el('th', { scope: 'col' }, 'Runs'))),
    el(
      'tbody',
      {},
      ...bins.map((b) =>
        el(
          'tr',
          { 'data-lo': String(b.lo), 'data-hi': String(b.hi), 'data-runs': String(b.n) },
          el('th', { scope: 'row' }, b.lo === b.hi ? fmt(b.lo) : `${fmt(b.lo)} – ${fmt(b.hi)}`),
          el(
            'td',
            {},
            el('span', { class: 'race-hbar', 'aria-hidden': 'true' },
              el('span', { class: `race-hfill race-${variant.pattern}`, style: `width:${(100 * b.n) / most}%;background-color:${variant.colour}` })),
            ` ${b.n}`,
          ),
        ),
      ),
    ),
  );
  table.dataset.zeroRuns = String(zero);
  table.dataset.maxLost = String(Math.max(...values));
  return table;
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab race" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede"><b>T</b> threads each add 1 to one shared counter <b>N</b> times, three ways, one after the
    other: <b>unsynchronised</b> (read the counter, then write back the value + 1 — two steps, and another thread
    can write in between), <b>with a mutex</b> around the same two steps, and with one <b>atomic fetch_add</b>.
    Watch the three counters in shared memory: the unsynchronised one falls behind the increments really done.
    Each run is repeated <b>R</b> times; the histogram shows how many updates were lost in each, and the times
    show what the lock costs.</p>
    <form class="controls" id="controls" novalidate>
      <fieldset class="mode">
        <legend>Mode</legend>
        <label><input type="radio" name="mode" value="shared"> Threads (one shared counter)</label>
        <label><input type="radio" name="mode" value="isolated"> Processes (a counter each)</label>
        <label><input type="radio" name="mode" value="both"> Both, one after the other</label>
      </fieldset>
      <label class="num">Threads (T) <input type="number" name="threads" min="1" max="16" step="1" required
        aria-describedby="threads-help"><small id="threads-help">1–16 · this machine has ${navigator.hardwareConcurrency || '?'} cores</small></label>
      <label class="num">Increments per thread (N) <input type="number" name="iters" min="1" max="10000000" step="1" required
        aria-describedby="iters-help"><small id="iters-help">1 – 10,000,000</small></label>
      <label class="num">Runs (R) <input type="number" name="runs" min="1" max="50" step="1" required
        aria-describedby="runs-help"><small id="runs-help">1–50 repetitions (threads)</small></label>
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend>Predict first: T threads each do <code>counter += 1</code> N times with no lock. Where does the counter end?</legend>
      ${PREDICT.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    <p class="race-stepper">Step through it slowly, one instruction at a time:
      <a href="?lab=stepper&amp;sample=race">the race</a> ·
      <a href="?lab=stepper&amp;sample=lock">the fix with a lock</a></p>
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div class="views">
      <section class="view shared" id="shared-view" aria-labelledby="shared-h">
        <h2 id="shared-h">Threads · one shared counter per variant</h2>
        <p id="shared-unavailable" class="notice" hidden></p>
        <div class="shared-body">
          <dl class="readout">
            <div><dt>Run</dt><dd id="race-run">–</dd></div>
            <div><dt>Expected (T × N)</dt><dd id="race-expected" data-value="0">–</dd></div>
            <div><dt>Pool threads that ran</dt><dd id="race-pool" data-value="0">–</dd></div>
          </dl>
          <div class="race-lanes" id="race-lanes"></div>
          <div id="race-results" hidden>
            <h3>Lost updates per run</h3>
            <div class="race-hists" id="race-hists"></div>
            <table class="writers race-times" id="race-times">
              <caption>Time of each variant: median over the runs, and what the lock costs</caption>
              <thead><tr><th scope="col">Variant</th><th scope="col">Median (ms)</th><th scope="col">Min – max (ms)</th><th scope="col">× unsynchronised</th></tr></thead>
              <tbody></tbody>
            </table>
            <p id="race-price" class="race-price"></p>
            <details class="race-every">
              <summary>Every run</summary>
              <table class="writers" id="race-runs">
                <caption>Each run: the counter each variant ended at (expected T × N), and its time</caption>
                <thead><tr><th scope="col">Run</th>${VARIANTS.map((v) => `<th scope="col">${v.name}: counter (lost)</th><th scope="col">ms</th>`).join('')}</tr></thead>
                <tbody></tbody>
              </table>
            </details>
          </div>
        </div>
      </section>
      <section class="view isolated" id="isolated-view" aria-labelledby="iso-h">
        <h2 id="iso-h">Processes · a private counter each</h2>
        <p>The same unsynchronised code, one copy per worker, each on its own memory. Nobody else writes there, so
        nothing is lost — but the page (the parent) sees nothing of these counts until a message brings it.</p>
        <dl class="readout">
          <div><dt>The page’s count (sum of results received)</dt><dd id="iso-counter" data-value="0">0</dd></div>
          <div><dt>Expected (T × N)</dt><dd id="iso-expected">–</dd></div>
          <div><dt>Results received</dt><dd id="iso-received">–</dd></div>
          <div><dt>Messages</dt><dd id="iso-messages" data-value="0">0</dd></div>
        </dl>
        <table class="writers" id="iso-workers">
          <caption>Each worker’s private counter, as its last message said</caption>
          <thead><tr><th scope="col">Worker</th><th scope="col">Its counter</th><th scope="col">Lost</th></tr></thead>
          <tbody></tbody>
        </table>
        <details class="race-log" id="iso-log-box" open hidden>
          <summary>Messages, as they arrived</summary>
          <ol id="iso-log" class="race-log-list"></ol>
        </details>
      </section>
    </div>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>CPython’s GIL lets one thread run Python at a time, and since 3.10 it switches threads only at a few
      places, so a plain <code>counter += 1</code> loses updates only rarely. The file makes the gap between the read
      and the write explicit with <code>time.sleep(0)</code>, which gives the other threads their turn right there —
      then updates are lost every time, and a <code>threading.Lock</code> fixes it. Processes each count their own copy
      and send it back. ThreadLab’s CI runs this file with <code>python3</code>.</p>
      <pre><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The Rust kernel runs on real threads: Web Workers sharing one <code>WebAssembly.Memory</code>, one pool
      thread per T, all released together from a starting line so that they really overlap. The three counters
      live in one <code>static</code> of atomics in that memory, and the page reads them every animation frame.</p>
      <p><b>Unsynchronised</b>: an atomic load, then a separate atomic store. Each access is whole (no undefined
      behaviour), but when two threads both read 41, both write 42: one increment vanished. <b>Mutex</b>:
      <code>std::sync::Mutex</code>, a real lock (in wasm a futex on <code>memory.atomic.wait32</code>); only one
      thread at a time is between the load and the store, so nothing is lost — but every increment now takes and
      releases the lock, and threads wait for each other. <b>Atomic</b>: <code>fetch_add</code> makes the
      read-modify-write one indivisible instruction; exact, with no lock.</p>
      <p>The bar of each counter shows the increments the threads have done (light) and the counter’s value (dark):
      the gap between them is the updates lost so far. The time is from the threads’ release to the last one done.</p>
      <p>Why do some runs lose nothing? An update is lost only when another thread writes between a read and its
      write. When the threads run on cores of their own that happens all the time; when the machine is busy and they
      take turns on one core, only when the operating system switches threads in exactly that gap — rarely, but then
      a whole turn’s worth of the other thread’s updates is lost at once. That is why a race can pass a test a hundred
      times and then fail: run it R times and look at the histogram.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;

  const showViews = () => {
    $('#shared-view').hidden = !!ctx.shared && values.mode === 'isolated';
    $('#isolated-view').hidden = values.mode === 'shared';
  };
  showViews();

  if (!ctx.shared) {
    const note = $('#shared-unavailable');
    note.hidden = false;
    /** @type {HTMLElement} */ (root.querySelector('.shared-body')).hidden = true;
    note.textContent =
      'Shared memory is not available on this page (see the note above), so threads cannot race here. The process side works.';
  }

  let running = false;
  const { showErrors } = bindParamForm({
    form,
    errorsBox,
    runBtn,
    schema,
    values,
    ctx,
    isRunning: () => running,
    threadModes: ['shared', 'both'],
    onValues: showViews,
  });

  // --- the three lanes: live counters -------------------------------------------
  /** @type {{box: HTMLElement, counter: HTMLElement, steps: HTMLElement, lost: HTMLElement, fillSteps: HTMLElement, fillCount: HTMLElement, now: HTMLElement, spans: HTMLElement}[]} */
  const lanes = VARIANTS.map((v, i) => {
    const counter = el('dd', { 'data-race-counter': v.key, 'data-value': '0' }, '0');
    const steps = el('dd', { 'data-race-steps': v.key }, '0');
    const lost = el('dd', { 'data-race-lost': v.key, 'data-value': '0' }, '0');
    const fillSteps = el('span', { class: 'race-fill-steps' });
    const fillCount = el('span', { class: `race-fill-count race-${v.pattern}`, style: `background-color:${v.colour}` });
    const now = el('span', { class: 'race-now', hidden: '' }, 'running now');
    const spans = el('p', { class: 'race-spans', 'data-race-spans': v.key }, '');
    const box = el(
      'section',
      { class: 'race-lane', 'data-variant': v.key, 'aria-label': v.name },
      el('h3', {}, el('span', { class: `swatch race-${v.pattern}`, style: `background-color:${v.colour}` }), ` ${i + 1}. ${v.name} `, now),
      el('pre', { class: 'race-code' }, el('code', {}, v.code)),
      el('span', { class: 'race-meter', 'aria-hidden': 'true' }, fillSteps, fillCount),
      el(
        'dl',
        { class: 'race-nums' },
        el('div', {}, el('dt', {}, 'Counter (shared memory)'), counter),
        el('div', {}, el('dt', {}, 'Increments done'), steps),
        el('div', {}, el('dt', {}, 'Lost'), lost),
      ),
      spans,
    );
    return { box, counter, steps, lost, fillSteps, fillCount, now, spans };
  });
  $('#race-lanes').replaceChildren(...lanes.map((l) => l.box));

  /** @type {RaceView | null} */
  let view = null;
  let shownRunsDone = -1;
  /** Counter and steps of each variant as last drawn, kept while it is not running. */
  const lastSteps = [0, 0, 0];

  /**
   * When each thread ran in variant `i`'s latest run, in ms after the starting
   * line. Spans that overlap are threads that were running in the same
   * interval — on their own cores, or (on a busy machine) taking turns on one.
   */
  const drawSpans = (/** @type {any} */ v, /** @type {number} */ i, /** @type {number} */ threads) => {
    const parts = [];
    for (let t = 0; t < threads; t++) {
      const a = v.spanUs[i * 32 + 2 * t];
      const b = v.spanUs[i * 32 + 2 * t + 1];
      if (a) parts.push(`${t + 1}: ${fmtMs(a / 1000)}–${b ? fmtMs(b / 1000) : '…'}`);
    }
    lanes[i].spans.textContent = parts.length ? `Each thread ran (ms after the starting line) — ${parts.join(' · ')}` : '';
  };

  const drawShared = (/** @type {number} */ threads) => {
    const arena = ctx.shared?.arena;
    if (!view || !arena) return;
    // After a Stop the lanes keep what they last showed.
    const stopped = Atomics.load(arena.views().words, 0) !== 0;
    const memory = arena.memory;
    const v = view.views(memory);
    const expected = v.expected[0];
    const running = v.running[0];
    const run = v.run[0];
    for (let i = 0; i < VARIANTS.length; i++) {
      const c = v.counters[i];
      if (running === i) {
        let s = 0;
        for (let t = 0; t < threads; t++) s += v.progress[t];
        // Progress is recorded every few thousand steps: the counter of an
        // exact variant may be a little ahead of it, never behind.
        lastSteps[i] = Math.max(s, running === 0 ? 0 : c);
      } else if (!stopped) {
        // Has this variant finished a run? Then all T × N increments were done.
        const finished = run > 1 || (run === 1 && (running === IDLE ? v.runsDone[0] >= 1 : i < running));
        lastSteps[i] = finished ? expected : 0;
      }
      drawSpans(v, i, threads);
      const steps = lastSteps[i];
      const lost = Math.max(0, steps - c);
      const l = lanes[i];
      l.counter.textContent = fmt(c);
      l.counter.dataset.value = String(c);
      l.steps.textContent = fmt(steps);
      l.lost.textContent = i === 0 && running === 0 && lost > 0 ? `at least ${fmt(lost)}` : fmt(lost);
      l.lost.dataset.value = String(lost);
      l.fillSteps.style.width = `${expected ? (100 * steps) / expected : 0}%`;
      // The dark edge marks how far the increments got, when the counter lags behind.
      l.fillSteps.classList.toggle('race-gap', lost > 0);
      l.fillCount.style.width = `${expected ? (100 * Math.min(c, expected)) / expected : 0}%`;
      l.now.hidden = running !== i;
      l.box.dataset.running = String(running === i);
    }
    $('#race-run').textContent = run ? `${fmt(Math.min(run, v.runs[0]))} of ${fmt(v.runs[0])}` : '–';
    const pool = bits(v.poolThreads[0]);
    $('#race-pool').textContent = pool ? String(pool) : '–';
    $('#race-pool').dataset.value = String(pool);
    const done = v.runsDone[0];
    if (done !== shownRunsDone && done > 0) {
      shownRunsDone = done;
      showResults(readTrials(v, done, expected), expected);
    }
  };

  /** @typedef {{counter: number, lost: number, us: number}} Trial */
  /** @returns {Trial[][]} */
  const readTrials = (/** @type {any} */ v, /** @type {number} */ runs, /** @type {number} */ expected) =>
    Array.from({ length: runs }, (_, r) =>
      VARIANTS.map((_, i) => ({ lost: v.lost[r * 3 + i], counter: expected - v.lost[r * 3 + i], us: v.timeUs[r * 3 + i] })),
    );

  /** Histograms, times and the every-run table for the runs so far. */
  function showResults(/** @type {Trial[][]} */ trials, /** @type {number} */ expected) {
    $('#race-results').hidden = trials.length === 0;
    if (!trials.length) return;
    $('#race-hists').replaceChildren(...VARIANTS.map((v, i) => histogram(trials.map((row) => row[i].lost), v)));
    const medians = VARIANTS.map((_, i) => stats(trials.map((row) => row[i].us / 1000)));
    const base = medians[0].median;
    $('#race-times tbody').replaceChildren(
      ...VARIANTS.map((v, i) => {
        const s = medians[i];
        return el(
          'tr',
          { 'data-variant': v.key },
          el('th', { scope: 'row' }, el('span', { class: `swatch race-${v.pattern}`, style: `background-color:${v.colour}` }), ` ${v.name}`),
          el('td', { 'data-value': String(s.median) }, fmtMs(s.median)),
          el('td', {}, `${fmtMs(s.min)} – ${fmtMs(s.max)}`),
          el('td', { 'data-value': String(s.median / base) }, i === 0 ? '1×' : `${(s.median / base).toFixed(1)}×`),
        );
      }),
    );
    const ratio = medians[1].median / base;
    $('#race-price').textContent =
      `The price of the lock: with the mutex the same increments took ${ratio.toFixed(1)}× as long as unsynchronised ` +
      `(median of ${trials.length} run${trials.length === 1 ? '' : 's'}); the atomic took ${(medians[2].median / base).toFixed(1)}×. ` +
      'Only the last two are correct.';
    $('#race-runs tbody').replaceChildren(
      ...trials.map((row, r) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, String(r + 1)),
          ...row.flatMap((t, i) => [
            el('td', { 'data-variant': VARIANTS[i].key, 'data-lost': String(t.lost) }, `${fmt(expected - t.lost)} (${fmt(t.lost)})`),
            el('td', {}, fmtMs(t.us / 1000)),
          ]),
        ),
      ),
    );
  }

  const redraw = new LiveLoop();
  const loop = (/** @type {number} */ threads) => redraw.start(() => drawShared(threads));

  /** Stop was pressed during the current run (perhaps before its threads started). */
  let stopRequested = false;

  // --- runs ----------------------------------------------------------------------
  async function runShared(/** @type {number} */ T, /** @type {number} */ N, /** @type {number} */ R) {
    const shared = /** @type {import('../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    status.textContent = `Starting a pool of ${T} thread${T === 1 ? '' : 's'}…`;
    await shared.ensure(T);
    view = new RaceView(await shared.call('raceLayout'));
    // A Stop pressed while the pool started found no run to stop: honour it here.
    if (stopRequested) return { stopped: true, how: 'Stop was pressed before the threads started' };
    $('#race-expected').textContent = fmt(T * N);
    $('#race-expected').dataset.value = String(T * N);
    $('#race-results').hidden = true;
    shownRunsDone = -1;
    lastSteps.fill(0);
    status.textContent = `Threads running: ${T} × ${fmt(N)} increments on one shared counter, three ways, ${R} time${R === 1 ? '' : 's'}…`;
    loop(T);
    const run = await shared.run('race', { threads: T, iters: N, runs: R });
    redraw.stop();
    if (run.terminated) {
      return { stopped: true, how: 'the coordinator did not stop, so it was ended and a fresh one started' };
    }
    const [stopped, done] = run.result;
    drawShared(T);
    /** @type {Trial[][]} */
    const trials = [];
    for (let r = 0; r < done; r++) {
      trials.push(VARIANTS.map((_, i) => {
        const at = 2 + (r * 3 + i) * 3;
        return { counter: run.result[at], lost: run.result[at + 1], us: run.result[at + 2] };
      }));
    }
    showResults(trials, T * N);
    if (stopped) {
      return {
        stopped: true,
        how: `every thread saw the stop word in shared memory and returned, after ${done} complete run${done === 1 ? '' : 's'}`,
      };
    }
    const racyLost = trials.map((row) => row[0].lost);
    const lossy = racyLost.filter((l) => l > 0).length;
    const exact = trials.every((row) => row[1].lost === 0 && row[2].lost === 0);
    const verdict =
      (lossy
        ? `unsynchronised lost updates in ${lossy} of ${R} runs (up to ${fmt(Math.max(...racyLost))} of ${fmt(T * N)})`
        : `unsynchronised lost nothing in ${R} run${R === 1 ? '' : 's'}${T === 1 ? ' (one thread has nobody to race with)' : ' — try more increments or runs'}`) +
      (exact ? '; mutex and atomic were exact in every run' : '; a locked or atomic counter was NOT exact — that would be a bug');
    return {
      stopped: false,
      lossy,
      verdict,
      result: { expected: T * N, runs: trials.map((row) => row.map((t) => ({ counter: t.counter, lost: t.lost, ms: t.us / 1000 }))) },
    };
  }

  async function runIsolated(/** @type {number} */ T, /** @type {number} */ N) {
    const rows = Array.from({ length: T }, (_, i) => ({
      counter: el('td', { 'data-iso-worker-counter': String(i), 'data-value': '0' }, '0'),
      lost: el('td', {}, '–'),
      i,
    }));
    $('#iso-workers tbody').replaceChildren(
      ...rows.map((r) =>
        el('tr', {}, el('th', { scope: 'row' }, el('span', { class: 'swatch', style: `background:${colourOf(r.i)}` }), ` ${r.i + 1}`), r.counter, r.lost),
      ),
    );
    const log = $('#iso-log');
    log.replaceChildren();
    $('#iso-log-box').hidden = false;
    const parent = $('#iso-counter');
    let sum = 0;
    let received = 0;
    parent.textContent = '0';
    parent.dataset.value = '0';
    $('#iso-expected').textContent = fmt(T * N);
    $('#iso-received').textContent = `0 of ${T}`;
    status.textContent = `Processes running: ${T} workers, each counting in its own memory…`;
    const iso = ctx.isolated;
    const traffic = () => {
      $('#iso-messages').textContent = fmt(iso.traffic.messages);
      $('#iso-messages').dataset.value = String(iso.traffic.messages);
    };
    const out = await iso.run(
      'race',
      T,
      (i) => ({ worker: i, iters: N }),
      (m) => {
        const r = rows[m.writer];
        r.counter.textContent = fmt(m.counter);
        r.counter.dataset.value = String(m.counter);
        const final = m.type === MSG.ISO_DONE;
        if (final) {
          r.lost.textContent = fmt(N - m.counter);
          sum += m.counter;
          received++;
          parent.textContent = fmt(sum);
          parent.dataset.value = String(sum);
          $('#iso-received').textContent = `${received} of ${T}`;
        }
        log.append(
          el(
            'li',
            { 'data-kind': final ? 'done' : 'progress', 'data-parent': String(sum) },
            `worker ${m.writer + 1} → page: ${final ? 'done, its counter is' : 'its counter is now'} ${fmt(m.counter)} · the page’s count: ${fmt(sum)}`,
          ),
        );
        traffic();
      },
    );
    traffic();
    if (out.stopped) return { stopped: true, how: 'every worker was terminated' };
    return {
      stopped: false,
      result: { counter: sum, messages: iso.traffic.messages },
      verdict: `each worker counted ${fmt(N)} alone in its own memory and lost nothing; the page’s count was 0 until ${T} result${T === 1 ? '' : 's'} arrived, then ${fmt(sum)}`,
    };
  }

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  let runs = 0;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled) return;
    const { mode, threads: T, iters: N, runs: R } = values;
    running = true;
    stopRequested = false;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const said = [];
    const params = { mode, threads: T, iters: N, runs: R };
    const runNo = ++runs;
    /** @type {Record<string, any>} */
    const results = {};
    /** @type {number | null} */
    let lossy = null;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    try {
      for (const side of mode === 'both' ? ['shared', 'isolated'] : [mode]) {
        active = side;
        root.dataset.side = side;
        const r = side === 'shared' ? await runShared(T, N, R) : await runIsolated(T, N);
        if (r.stopped) {
          said.push(`Stopped: ${r.how ?? ''}`.trim());
          root.dataset.state = 'stopped';
          break;
        }
        results[side] = r.result;
        if (side === 'shared') lossy = r.lossy ?? 0;
        said.push(`${side === 'shared' ? 'Threads' : 'Processes'}: ${r.verdict}.`);
      }
      if (root.dataset.state !== 'stopped') {
        root.dataset.state = 'done';
        giveFeedback(mode, T, lossy);
      }
      status.textContent = said.join(' ');
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      redraw.stop();
      for (const l of lanes) l.now.hidden = true;
      active = null;
      running = false;
      stopBtn.disabled = true;
      showErrors({});
      emitRunFinished(root, { run: runNo, params, results, summary: status.textContent ?? '' });
    }
  });

  bindPredict(root, PREDICT);

  stopBtn.addEventListener('click', async () => {
    stopRequested = true;
    stopBtn.disabled = true;
    status.textContent = 'Stopping…';
    if (active === 'shared') await ctx.shared?.stop();
    else if (active === 'isolated') ctx.isolated.stop();
  });

  function giveFeedback(/** @type {string} */ mode, /** @type {number} */ T, /** @type {number | null} */ lossy) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const fb = $('#predict-feedback');
    const parts = [];
    if (mode !== 'isolated') {
      parts.push(
        lossy
          ? `The unsynchronised counter ended below T × N in ${lossy} run${lossy === 1 ? '' : 's'}: two threads read the same value and both wrote it + 1, so one increment vanished. It can never end above T × N, and it rarely ends as low as N. The mutex and the atomic were exact every time.`
          : T === 1
            ? 'With one thread nothing can come between a read and its write, so even the unsynchronised counter is exact. Try 2 or more threads.'
            : 'This time no update was lost — the threads happened not to run at the same moment (on a busy machine they may take turns on one core). It can still happen, and does: run again, or use more increments or runs.',
      );
    }
    if (mode !== 'shared') {
      parts.push('Processes cannot race on memory they do not share: each private counter ended at exactly N, and the page could add them up only from their messages.');
    }
    // With two or more threads "less" is the answer even in a run that
    // happened to lose nothing; with one thread nothing can be lost.
    const right = T === 1 ? ['exact'] : ['less'];
    const verdict = !choice || mode === 'isolated' ? '' : right.includes(choice.value) ? 'Your prediction fits. ' : 'Not quite. ';
    fb.textContent = verdict + parts.join(' ');
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}
