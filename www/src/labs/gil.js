// Lab `gil`, page side: the panel, its live timelines and its Python twin.
// Kernel: crate/src/labs/gil.rs. Browser test: tests/gil.test.mjs.
//
// One CPU-bound task, four ways: sequential (the baseline), threads that must
// hold one global lock to compute (the GIL), the same threads without it
// (free-threaded), and isolated workers (processes). The GIL and free-threaded
// runs record every hold in the lab's static of atomics (GIL_LAB); the page
// reads them straight from the shared memory and draws one lane per thread.
import { LiveLoop } from '../views/live.js';
import python from './gil.py?raw';
import { colourOf } from '../views/palette.js';
import { bindPredict } from '../views/predict.js';
import { el, fmt, fmtMs, liveGapMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';

const cores = navigator.hardwareConcurrency || 4;

/** @type {import('../params.js').Schema} */
export const schema = {
  threads: {
    type: 'int',
    label: 'Threads',
    min: 1,
    max: 8,
    default: Math.min(8, Math.max(2, cores)),
    help: 'threads (and isolated workers), 1–8',
  },
  work: { type: 'int', label: 'Work per thread', min: 1, max: 20_000, default: 3000, help: 'units of work per thread, 1 – 20,000' },
  interval: {
    type: 'int',
    label: 'Switch interval (µs)',
    min: 100,
    max: 50_000,
    default: 5000,
    help: 'how long a thread may hold the GIL, 100 – 50,000 µs (CPython: 5,000 µs)',
  },
  repeats: { type: 'int', label: 'Repeats', min: 1, max: 5, default: 1, help: 'timed runs of each variant, 1–5 (the median counts)' },
};

export const title = 'The GIL';

const PREDICT = [
  ['same', 'About as long as one thread doing all the work alone (speedup ≈ 1)'],
  ['faster', 'About T times faster, as far as there are cores'],
  ['slower', 'About T times slower'],
];

/** Rows of the results table: [key, label, runs where]. */
const ROWS = [
  ['seq', 'Sequential, one thread (in the coordinator)', 'shared'],
  ['gil', '(a) Threads with the GIL', 'shared'],
  ['free', '(b) Threads without it (free-threaded)', 'shared'],
  ['iso-seq', 'Sequential, one isolated worker', 'isolated'],
  ['iso', '(c) Isolated workers (processes), messages included', 'isolated'],
];

/** A checksum `[low, high]` as a BigInt. */
const big = (/** @type {number[]} */ [lo, hi]) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const hex = (/** @type {bigint} */ b) => `0x${b.toString(16).padStart(16, '0')}`;
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * @typedef {{thread: number, start: number, end: number}} Hold  µs from the run's start
 */

/** The most holds in progress at one instant (a hold's end before another's start at the same µs). */
export function mostAtOnce(/** @type {Hold[]} */ holds) {
  /** @type {[number, number][]} */
  const edges = [];
  for (const h of holds) if (h.end > h.start) edges.push([h.start, 1], [h.end, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

/**
 * Typed arrays over one event log of GIL_LAB in the shared memory, re-made
 * when the memory grows (its buffer changes identity).
 */
class LogView {
  /** @param {Record<string, number>} layout @param {'gil' | 'free'} name */
  constructor(layout, name) {
    this.L = layout;
    this.name = name;
    /** @type {ArrayBufferLike | null} */
    this.buffer = null;
    /** @type {Record<string, Uint32Array>} */
    this.v = {};
    /** @type {Hold[]} holds read so far in this run */
    this.holds = [];
    /** The log's generation those holds belong to (-1: none yet). */
    this.gen = -1;
    /** The most holds at one instant, as last counted, and when (performance.now()). */
    this.most = 0;
    this.countedAt = 0;
  }

  /** @param {WebAssembly.Memory} memory */
  views(memory) {
    if (memory.buffer !== this.buffer) {
      const b = (this.buffer = memory.buffer);
      const L = this.L;
      const n = this.name;
      const T = L.maxThreads;
      const E = L.maxEvents;
      const u = (/** @type {string} */ f, /** @type {number} */ len) => new Uint32Array(b, L[n + f], len);
      this.v = {
        count: u('Count', 1),
        nowUs: u('NowUs', 1),
        generation: u('Generation', 1),
        holds: u('Holds', T),
        heldUs: u('HeldUs', T),
        maxWaitUs: u('MaxWaitUs', T),
        openSinceUs: u('OpenSinceUs', T),
        lane: u('Lane', E),
        startUs: u('StartUs', E),
        endUs: u('EndUs', E),
        holder: new Uint32Array(b, L.holder, 1),
        violations: new Uint32Array(b, L.violations, 1),
        switches: new Uint32Array(b, L.switches, 1),
        done: new Uint32Array(b, L.done, T),
      };
    }
    return this.v;
  }

  /**
   * Reads the holds recorded since the last call (a slot counts once its lane
   * word is set: the kernel stores it last). A new generation means a new run
   * or repeat: start over. If the generation changed while reading, what was
   * read may mix two runs: drop it and read again next time.
   * @param {WebAssembly.Memory} memory
   */
  read(memory) {
    const v = this.views(memory);
    const gen = Atomics.load(v.generation, 0);
    if (gen !== this.gen) {
      this.holds = [];
      this.gen = gen;
    }
    const count = Math.min(Atomics.load(v.count, 0), this.L.maxEvents);
    const before = this.holds.length;
    for (let i = before; i < count; i++) {
      const lane = Atomics.load(v.lane, i);
      if (!lane) break;
      this.holds.push({ thread: lane - 1, start: v.startUs[i], end: v.endUs[i] });
    }
    if (Atomics.load(v.generation, 0) !== gen) {
      this.holds = [];
      this.gen = -1;
    }
    return { v, count: Atomics.load(v.count, 0) };
  }
}

/**
 * One lane per thread, one bar per hold. Each lane is labelled, bars carry the
 * thread's colour and, without the GIL, a hatch — never colour alone.
 */
class Timeline {
  /** @param {HTMLCanvasElement} canvas @param {boolean} hatched */
  constructor(canvas, hatched) {
    this.canvas = canvas;
    this.hatched = hatched;
    /** @type {CanvasPattern | null} */
    this.pattern = null;
  }

  /** Dark diagonal lines on a transparent tile: the free-threaded bars' hatch. */
  hatch(/** @type {CanvasRenderingContext2D} */ g) {
    if (!this.pattern) {
      const tile = document.createElement('canvas');
      tile.width = tile.height = 6;
      const t = /** @type {CanvasRenderingContext2D} */ (tile.getContext('2d'));
      t.strokeStyle = 'rgba(0,0,0,0.5)';
      t.lineWidth = 1;
      t.beginPath();
      t.moveTo(-1, 7);
      t.lineTo(7, -1);
      t.stroke();
      this.pattern = g.createPattern(tile, 'repeat');
    }
    return /** @type {CanvasPattern} */ (this.pattern);
  }

  /**
   * @param {Hold[]} holds
   * @param {number} threads
   * @param {{open?: (number | null)[], nowUs?: number, spanUs?: number}} [o]
   */
  draw(holds, threads, o = {}) {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const laneH = 22;
    const left = 34;
    const top = 4;
    const axis = 18;
    const cssW = Math.max(200, c.clientWidth || 600);
    const cssH = top + threads * laneH + axis;
    c.style.height = `${cssH}px`;
    if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(cssH * dpr)) {
      c.width = Math.round(cssW * dpr);
      c.height = Math.round(cssH * dpr);
    }
    const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, cssW, cssH);
    let span = o.spanUs ?? 0;
    for (const h of holds) span = Math.max(span, h.end);
    span = Math.max(span, o.nowUs ?? 0, 1000);
    const w = cssW - left - 6;
    const x = (/** @type {number} */ us) => left + (us / span) * w;
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    for (let t = 0; t < threads; t++) {
      const y = top + t * laneH;
      g.fillStyle = t % 2 ? '#f4f5f7' : '#eceef2';
      g.fillRect(left, y, w, laneH - 2);
      g.fillStyle = '#333';
      g.fillText(`T${t + 1}`, 4, y + laneH / 2);
    }
    // Wide bars one by one, with an outline so that each hold shows; holds
    // narrower than 3 px only mark a lane's pixels, drawn as runs at the end —
    // so a frame costs O(holds + width) however many thousand holds there are,
    // and the drawing never takes much of a core from the threads it watches.
    const bh = laneH - 6;
    const cover = Array.from({ length: threads }, () => new Uint8Array(Math.ceil(w) + 1));
    const paint = (/** @type {number} */ t, /** @type {number} */ x0, /** @type {number} */ bw) => {
      const y = top + t * laneH + 2;
      g.fillStyle = colourOf(t);
      g.fillRect(x0, y, bw, bh);
      if (this.hatched) {
        g.fillStyle = this.hatch(g);
        g.fillRect(x0, y, bw, bh);
      }
      return y;
    };
    const bar = (/** @type {number} */ t, /** @type {number} */ s, /** @type {number} */ e) => {
      const x0 = x(s);
      const bw = x(e) - x0;
      if (bw < 3) {
        const row = cover[t];
        const to = Math.min(row.length - 1, Math.floor(x0 + Math.max(1, bw) - left));
        for (let i = Math.max(0, Math.floor(x0 - left)); i <= to; i++) row[i] = 1;
        return;
      }
      const y = paint(t, x0, bw);
      g.strokeStyle = 'rgba(0,0,0,0.55)';
      g.lineWidth = 1;
      g.strokeRect(x0 + 0.5, y + 0.5, bw - 1, bh - 1);
    };
    for (const h of holds) bar(h.thread, h.start, h.end);
    (o.open ?? []).forEach((s, t) => {
      if (s !== null && t < threads && o.nowUs !== undefined && o.nowUs > s) bar(t, s, o.nowUs);
    });
    cover.forEach((row, t) => {
      for (let i = 0; i < row.length; i++) {
        if (!row[i]) continue;
        let j = i;
        while (j + 1 < row.length && row[j + 1]) j++;
        paint(t, left + i, j - i + 1);
        i = j;
      }
    });
    // Time axis: 0 and the span.
    const ya = top + threads * laneH + axis / 2;
    g.fillStyle = '#555';
    g.textAlign = 'left';
    g.fillText('0 ms', left, ya);
    g.textAlign = 'right';
    g.fillText(`${fmtMs(span / 1000)} ms`, left + w, ya);
    g.textAlign = 'left';
  }
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  const lane = (/** @type {'gil' | 'free'} */ k, /** @type {string} */ h, /** @type {string} */ what) => `
      <section class="view gil-lane" id="${k}-view" aria-labelledby="${k}-h">
        <h2 id="${k}-h">${h}</h2>
        <p class="gil-unavailable notice" hidden></p>
        <div class="gil-body">
          <p class="sub">${what}</p>
          <canvas id="${k}-timeline" class="gil-timeline" role="img" aria-describedby="${k}-summary"
            aria-label="${h}: one lane per thread, a bar for every stretch it computed"></canvas>
          <p id="${k}-summary" class="gil-summary" aria-live="off">Not run yet.</p>
          <dl class="readout">
            ${k === 'gil' ? '<div><dt>Holds the GIL now (read live from shared memory)</dt><dd id="gil-holder" data-value="">–</dd></div>' : ''}
            <div><dt>Most threads computing at one instant</dt><dd id="${k}-most" data-value="">–</dd></div>
            <div><dt>Time</dt><dd id="${k}-time" data-value="">–</dd></div>
            <div><dt>Speedup vs sequential</dt><dd id="${k}-speedup" data-value="">–</dd></div>
          </dl>
          <table class="writers" id="${k}-threads">
            <caption>Each thread: how often it computed, for how long in all, and the longest it waited for the GIL</caption>
            <thead><tr><th scope="col">Thread</th><th scope="col">Holds</th><th scope="col">Held (ms)</th><th scope="col">Longest wait (ms)</th><th scope="col">Units done</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>`;
  root.innerHTML = `
  <article class="lab gil" aria-labelledby="lab-title">
    <h1 id="lab-title">The GIL — the Global Interpreter Lock</h1>
    <p class="lede">CPython runs Python code only while it holds <em>one</em> global lock, the GIL. Here the same
    CPU-bound task runs (a) on <b>T</b> threads that must hold one global lock to compute, handing it over every
    <b>switch interval</b> (CPython’s <code>sys.setswitchinterval</code>, 5 ms by default); (b) on the same
    threads without it, as in free-threaded Python 3.13t; (c) on <b>T</b> isolated workers, each with its own
    memory, as with <code>multiprocessing</code>. Look at the timelines: with the GIL, the bars take turns —
    never two at once — however many cores you have.
    <a href="?lab=stepper&amp;sample=gil">Step through it slowly</a>.</p>
    <form class="controls" id="controls" novalidate>
      <label class="num">Threads (T) <input type="number" name="threads" min="1" max="8" step="1" required
        aria-describedby="threads-help"><small id="threads-help">1–8 · this machine has ${navigator.hardwareConcurrency || '?'} cores</small></label>
      <label class="num">Work per thread (units) <input type="number" name="work" min="1" max="20000" step="1" required
        aria-describedby="work-help"><small id="work-help">1 – 20,000</small></label>
      <label class="num">Switch interval (µs) <input type="number" name="interval" min="100" max="50000" step="1" required
        aria-describedby="interval-help"><small id="interval-help">100 – 50,000 · <span id="interval-ms"></span></small></label>
      <label class="num">Repeats <input type="number" name="repeats" min="1" max="5" step="1" required
        aria-describedby="repeats-help"><small id="repeats-help">1–5 · the median counts</small></label>
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend>Predict first: with the GIL, how long do T threads take for T shares of CPU-bound work, compared with one thread doing them all?</legend>
      ${PREDICT.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <p id="threads-off" class="notice" hidden>Threads are off here: this page is not cross-origin isolated (see the
      note above), so (a) and (b) cannot run. The isolated workers (c) and their sequential baseline still run.</p>
    <section class="view gil-results" aria-labelledby="results-h">
      <h2 id="results-h">Results</h2>
      <table class="writers" id="results">
        <caption>The same task each way: median time, speedup against its sequential twin, and the checksum (all must be equal)</caption>
        <thead><tr><th scope="col">Variant</th><th scope="col">Time (ms)</th><th scope="col">Speedup</th><th scope="col">Checksum</th></tr></thead>
        <tbody>${ROWS.map(
          ([k, label]) => `<tr data-row="${k}"><th scope="row">${label}</th><td class="t" data-value="">–</td><td class="s" data-value="">–</td><td class="c" data-value="">–</td></tr>`,
        ).join('')}</tbody>
      </table>
      <p id="checksums" class="gil-verdict" data-value="">–</p>
    </section>
    <div class="views gil-views">
      ${lane('gil', '(a) Threads with the GIL', 'A thread computes only while it holds the GIL, for at most one switch interval, then queues for it again (first come, first served). Solid bars.')}
      ${lane('free', '(b) Threads without the GIL (free-threaded)', 'The same threads and the same stretches of work, with no lock: on several cores, bars on different lanes overlap. Hatched bars.')}
      <section class="view" id="iso-view" aria-labelledby="iso-h">
        <h2 id="iso-h">(c) Isolated workers (processes)</h2>
        <p class="sub">Each worker has its own instance and memory; its share goes out and its checksum comes back by message. The time is measured on the page, messages included.</p>
        <table class="writers" id="iso-workers">
          <caption>Each worker: its compute time (measured inside it) and the round trip the page saw</caption>
          <thead><tr><th scope="col">Worker</th><th scope="col">Compute (ms)</th><th scope="col">Round trip (ms)</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
    </div>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>A CPU-bound function on 1 thread, on 2 threads and in 2 processes. On a normal (GIL) CPython the two
      threads take about as long as one: only one runs Python code at a time. The two processes each have their
      own interpreter and their own GIL. ThreadLab’s CI runs this file with <code>python3</code>.</p>
      <pre><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The kernel is Rust on real threads (Web Workers sharing one <code>WebAssembly.Memory</code>). The GIL is a
      first-come-first-served ticket lock whose waiters sleep: a thread that gives it up queues behind every
      thread already waiting, so the holds go round, like CPython’s forced switching since 3.2 (a plain mutex
      would let the thread that just released it take it straight back, and one thread would hog it). Each
      thread records every stretch it computed — thread, start, end in µs — in a log of atomics in the shared
      memory; the page reads that log while the threads write it and draws it.</p>
      <p>“Most threads computing at one instant” is counted from those recorded stretches. With the GIL it is 1 by
      construction; every acquire also checks that nobody else held the lock (the count of violations must stay 0).
      Without it, on two or more cores, it reaches 2 or more. Speedups are timings: they vary with the machine and
      its load.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  const showInterval = () => {
    $('#interval-ms').textContent = Number.isFinite(values.interval) ? `= ${values.interval / 1000} ms` : '';
  };
  showInterval();

  if (!ctx.shared) {
    $('#threads-off').hidden = false;
    for (const k of ['gil', 'free']) {
      const sec = $(`#${k}-view`);
      const note = /** @type {HTMLElement} */ (sec.querySelector('.gil-unavailable'));
      note.hidden = false;
      note.textContent = 'Threads are off: this page has no shared memory. See the isolated workers (c).';
      /** @type {HTMLElement} */ (sec.querySelector('.gil-body')).hidden = true;
    }
    for (const [k, , where] of ROWS) {
      if (where === 'shared') /** @type {HTMLElement} */ (root.querySelector(`tr[data-row="${k}"] .t`)).textContent = 'off (no shared memory)';
    }
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
    onValues: () => {
      showInterval();
      emptyLanes();
    },
  });

  const timelines = {
    gil: new Timeline(/** @type {HTMLCanvasElement} */ ($('#gil-timeline')), false),
    free: new Timeline(/** @type {HTMLCanvasElement} */ ($('#free-timeline')), true),
  };
  /** @type {{gil: LogView, free: LogView} | null} */
  let logs = null;
  // Empty lanes until a run fills them, one per thread asked for.
  const emptyLanes = () => {
    if (running || !ctx.shared) return;
    for (const k of /** @type {const} */ (['gil', 'free'])) {
      if ($(`#${k}-summary`).textContent === 'Not run yet.' && Number.isInteger(values.threads)) timelines[k].draw([], values.threads);
    }
  };
  emptyLanes();

  const cell = (/** @type {string} */ row, /** @type {string} */ col, /** @type {string} */ text, /** @type {string} */ value) => {
    const td = /** @type {HTMLElement} */ (root.querySelector(`tr[data-row="${row}"] .${col}`));
    td.textContent = text;
    td.dataset.value = value;
  };
  const setDd = (/** @type {string} */ id, /** @type {string} */ text, /** @type {string} */ value) => {
    const dd = $(id);
    dd.textContent = text;
    dd.dataset.value = value;
  };

  /** Per-thread rows of a lane's table. */
  const buildThreadRows = (/** @type {'gil' | 'free'} */ k, /** @type {number} */ T) => {
    const tbody = /** @type {HTMLElement} */ ($(`#${k}-threads tbody`));
    tbody.replaceChildren(
      ...Array.from({ length: T }, (_, t) =>
        el(
          'tr',
          { 'data-thread': String(t) },
          el('th', { scope: 'row' }, el('span', { class: 'swatch', style: `background:${colourOf(t)}` }), ` T${t + 1}`),
          el('td', { class: 'holds' }, '0'),
          el('td', { class: 'held' }, '0'),
          el('td', { class: 'wait' }, k === 'gil' ? '0' : '– (no lock)'),
          el('td', { class: 'done' }, '0'),
        ),
      ),
    );
  };

  /** Draws one lane's timeline, table and text summary from the shared memory. */
  const drawLog = (/** @type {'gil' | 'free'} */ k, /** @type {number} */ T, /** @type {number} */ work, final = false) => {
    const memory = ctx.shared?.arena?.memory;
    if (!memory || !logs) return;
    const log = logs[k];
    const { v, count } = log.read(memory);
    const nowUs = v.nowUs[0];
    const open = Array.from({ length: T }, (_, t) => (v.openSinceUs[t] ? v.openSinceUs[t] - 1 : null));
    timelines[k].draw(log.holds, T, final ? {} : { open, nowUs });
    const rows = $(`#${k}-threads tbody`).children;
    let held = 0;
    let maxWait = 0;
    const parts = [];
    for (let t = 0; t < T && t < rows.length; t++) {
      const r = /** @type {HTMLElement} */ (rows[t]);
      const holds = v.holds[t];
      held += v.heldUs[t];
      maxWait = Math.max(maxWait, v.maxWaitUs[t]);
      /** @type {HTMLElement} */ (r.querySelector('.holds')).textContent = fmt(holds);
      /** @type {HTMLElement} */ (r.querySelector('.held')).textContent = fmtMs(v.heldUs[t] / 1000);
      if (k === 'gil') /** @type {HTMLElement} */ (r.querySelector('.wait')).textContent = fmtMs(v.maxWaitUs[t] / 1000);
      /** @type {HTMLElement} */ (r.querySelector('.done')).textContent = `${fmt(v.done[t])} of ${fmt(work)}`;
      r.dataset.holds = String(holds);
      parts.push(`T${t + 1} ${fmt(holds)} holds, ${fmtMs(v.heldUs[t] / 1000)} ms`);
    }
    if (k === 'gil') {
      const h = Atomics.load(v.holder, 0);
      setDd('#gil-holder', final ? 'nobody (done)' : h ? `T${h}` : 'nobody (handing over)', String(h));
    }
    // Counting needs a sort of every hold: live, 4 times a second is enough.
    const nowMs = performance.now();
    if (final || nowMs - log.countedAt > 250) {
      log.most = mostAtOnce(log.holds);
      log.countedAt = nowMs;
    }
    const most = log.most;
    const el2 = $(`#${k}-most`);
    el2.textContent = most ? `${most} ${most === 1 ? 'thread' : 'threads'}` : '–';
    el2.dataset.value = String(most);
    const dropped = count > log.L.maxEvents ? ` (${fmt(count - log.L.maxEvents)} holds beyond the log’s ${fmt(log.L.maxEvents)} are counted but not drawn)` : '';
    const gilOnly = k === 'gil' ? ` Longest wait for the GIL: ${fmtMs(maxWait / 1000)} ms. Hand-overs: ${fmt(v.switches[0])}. Acquires that found it already held: ${v.violations[0]}.` : '';
    const sliced =
      k === 'free' && most > cores
        ? ` This machine has ${cores} cores: at most ${cores} threads really compute at once; the OS time-slices the others, so their stretches overlap in time while each runs only part of it.`
        : '';
    $(`#${k}-summary`).textContent =
      `${fmt(count)} holds in all, ${fmtMs(held / 1000)} ms computed: ${parts.join('; ')}. At most ${most} computing at one instant.${gilOnly}${sliced}${dropped}`;
    $(`#${k}-summary`).dataset.violations = String(v.violations[0]);
  };

  // --- live drawing ------------------------------------------------------------
  const redraw = new LiveLoop();
  const loop = (/** @type {'gil' | 'free'} */ k, /** @type {number} */ T, /** @type {number} */ work) => redraw.start(() => drawLog(k, T, work), { timed: true });

  // --- runs ----------------------------------------------------------------------
  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  let runs = 0;
  /** Stop was pressed during this run (also between its steps, when nothing is there to stop yet). */
  let cancelled = false;
  /** Resolves when Stop is pressed in the current run. */
  let stopSignal = new Promise(() => {});
  let signalStop = () => {};
  const BETWEEN = 'Stop was pressed between two steps, so the next one did not start';

  /** One threaded variant, `repeats` times → {ms, checksum} or {stopped}. */
  async function runVariant(/** @type {'seq' | 'gil' | 'free'} */ variant, /** @type {Record<string, number>} */ p) {
    const shared = /** @type {import('../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    if (variant !== 'seq') {
      buildThreadRows(variant, p.threads);
      if (logs) {
        logs[variant].holds = [];
        logs[variant].gen = -1;
        logs[variant].most = 0;
      }
      loop(variant, p.threads, p.work);
    }
    const run = await shared.run('gil', { variant, ...p });
    redraw.stop();
    if (run.terminated) return { stopped: true, how: 'the coordinator did not stop, so it was ended and a fresh one started' };
    const [lo, hi, stopped, ...times] = run.result;
    if (variant !== 'seq') drawLog(variant, p.threads, p.work, true);
    if (stopped) return { stopped: true, how: 'every thread saw the stop word in shared memory and returned' };
    return { stopped: false, ms: median(times) / 1000, checksum: big([lo, hi]) };
  }

  /** Isolated: `n` workers share the units; timed on the page around the messages. */
  async function runIsolated(/** @type {number} */ n, /** @type {Record<string, number>} */ p, /** @type {boolean} */ showWorkers) {
    const iso = ctx.isolated;
    // A Stop while the workers start terminates them, and their start would
    // then never finish: wait for whichever comes first.
    await Promise.race([iso.ensure(n), stopSignal]);
    if (cancelled) return { stopped: true, how: 'every isolated worker was terminated' };
    const total = p.threads * p.work;
    const share = (/** @type {number} */ i) => {
      const first = Math.floor((i * total) / n);
      return { first, count: Math.floor(((i + 1) * total) / n) - first };
    };
    const times = [];
    /** @type {{computeMs: number, roundMs: number}[]} */
    let per = [];
    let checksum = 0n;
    for (let r = 0; r < p.repeats; r++) {
      if (cancelled) return { stopped: true, how: BETWEEN };
      per = Array.from({ length: n }, () => ({ computeMs: 0, roundMs: 0 }));
      checksum = 0n;
      const t0 = performance.now();
      const out = await iso.run('gil', n, (i) => ({ worker: i, ...share(i) }), (m) => {
        if (m.type !== 'iso/done') return;
        per[m.writer] = { computeMs: m.computeMs, roundMs: performance.now() - t0 };
        checksum = BigInt.asUintN(64, checksum + big(m.checksum));
      });
      if (out.stopped) return { stopped: true, how: 'every isolated worker was terminated' };
      times.push(performance.now() - t0);
    }
    if (showWorkers) {
      $('#iso-workers tbody').replaceChildren(
        ...per.map((w, i) =>
          el('tr', {}, el('th', { scope: 'row' }, `Worker ${i + 1}`), el('td', {}, fmtMs(w.computeMs)), el('td', {}, fmtMs(w.roundMs))),
        ),
      );
    }
    return { stopped: false, ms: median(times), checksum };
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled) return;
    const p = { threads: values.threads, work: values.work, interval: values.interval, repeats: values.repeats };
    running = true;
    cancelled = false;
    stopSignal = new Promise((resolve) => {
      signalStop = () => resolve(undefined);
    });
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const runNo = ++runs;
    /** @type {Record<string, any>} */
    const results = {};
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params: p });
    for (const [k, , where] of ROWS) {
      if (where === 'shared' && !ctx.shared) continue;
      cell(k, 't', '…', '');
      cell(k, 's', '', '');
      cell(k, 'c', '', '');
    }
    $('#checksums').textContent = '–';
    $('#checksums').dataset.value = '';
    /** @type {string | null} */
    let stoppedHow = null;
    try {
      /** @type {Record<string, {ms: number, checksum: bigint}>} */
      const got = {};
      const record = (/** @type {string} */ k, /** @type {any} */ r, /** @type {string} */ base) => {
        got[k] = r;
        results[k] = { ms: r.ms, checksum: hex(r.checksum) };
        cell(k, 't', fmtMs(r.ms), String(r.ms));
        cell(k, 'c', hex(r.checksum), hex(r.checksum));
        if (k !== base && got[base]) {
          const s = got[base].ms / r.ms;
          cell(k, 's', `${s.toFixed(2)}×`, String(s));
          results[k].speedup = s;
          const dd = { gil: '#gil-speedup', free: '#free-speedup' }[k];
          if (dd) setDd(dd, `${s.toFixed(2)}×`, String(s));
          const tdd = { gil: '#gil-time', free: '#free-time' }[k];
          if (tdd) setDd(tdd, `${fmtMs(r.ms)} ms`, String(r.ms));
        } else if (k === base) cell(k, 's', '1 (baseline)', '1');
      };
      if (ctx.shared) {
        active = 'shared';
        status.textContent = `Starting a pool of ${p.threads} threads…`;
        await ctx.shared.ensure(p.threads);
        const layout = await ctx.shared.call('gilLayout');
        logs = { gil: new LogView(layout, 'gil'), free: new LogView(layout, 'free') };
        for (const [variant, what] of /** @type {const} */ ([
          ['seq', 'the sequential baseline on one thread'],
          ['gil', `${p.threads} threads taking turns with the GIL`],
          ['free', `${p.threads} threads without the GIL`],
        ])) {
          if (cancelled) {
            stoppedHow = BETWEEN;
            break;
          }
          status.textContent = `Running ${what}…`;
          const r = await runVariant(variant, p);
          if (r.stopped) {
            stoppedHow = r.how ?? '';
            break;
          }
          record(variant, r, 'seq');
        }
      }
      if (stoppedHow === null && cancelled) stoppedHow = BETWEEN;
      if (stoppedHow === null) {
        active = 'isolated';
        status.textContent = 'Running the sequential baseline in one isolated worker…';
        const s = await runIsolated(1, p, false);
        if (s.stopped) stoppedHow = s.how ?? '';
        else if (cancelled) stoppedHow = BETWEEN;
        else {
          record('iso-seq', s, 'iso-seq');
          status.textContent = `Running ${p.threads} isolated workers…`;
          const r = await runIsolated(p.threads, p, true);
          if (r.stopped) stoppedHow = r.how ?? '';
          else record('iso', r, 'iso-seq');
        }
      }
      if (stoppedHow !== null) {
        for (const [k, , where] of ROWS) {
          const td = /** @type {HTMLElement} */ (root.querySelector(`tr[data-row="${k}"] .t`));
          if (td.textContent === '…' && (where === 'isolated' || ctx.shared)) td.textContent = 'stopped';
        }
        root.dataset.state = 'stopped';
        status.textContent = `Stopped: ${stoppedHow}.`;
      } else {
        const sums = Object.values(got).map((r) => r.checksum);
        const same = sums.every((c) => c === sums[0]);
        const verdict = $('#checksums');
        verdict.textContent = same
          ? `All ${sums.length} checksums are equal (${hex(sums[0])}): every variant did exactly the same work.`
          : `The checksums differ: ${sums.map(hex).join(', ')}.`;
        verdict.dataset.value = same ? 'equal' : 'differ';
        const sp = (/** @type {string} */ k) => (results[k]?.speedup ? `${results[k].speedup.toFixed(2)}×` : '');
        status.textContent = ctx.shared
          ? `Done. Speedup with the GIL ${sp('gil')}, free-threaded ${sp('free')}, isolated workers ${sp('iso')}. ${same ? 'All checksums equal.' : 'Checksums differ!'}`
          : `Done (threads off here). Isolated workers: speedup ${sp('iso')}. ${same ? 'Checksums equal.' : 'Checksums differ!'}`;
        root.dataset.state = 'done';
        giveFeedback();
      }
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      redraw.stop();
      active = null;
      running = false;
      stopBtn.disabled = true;
      showErrors({});
      emitRunFinished(root, { run: runNo, params: p, results, summary: status.textContent ?? '' });
    }
  });

  bindPredict(root, PREDICT);

  stopBtn.addEventListener('click', async () => {
    cancelled = true;
    signalStop();
    stopBtn.disabled = true;
    status.textContent = 'Stopping…';
    if (active === 'shared') await ctx.shared?.stop();
    else if (active === 'isolated') ctx.isolated.stop();
  });

  function giveFeedback() {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const fb = $('#predict-feedback');
    const verdict = !choice ? '' : choice.value === 'same' ? 'Your prediction fits. ' : 'Not quite. ';
    fb.textContent =
      `${verdict}With the GIL only one thread computes at any instant, so T threads need about as long as one thread doing ` +
      'all the work (a little longer: every hand-over costs a wake-up). Without the GIL, or in separate processes, ' +
      'the work spreads over the cores.';
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}
