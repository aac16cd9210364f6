// Lab `deadlock`, page side: dining philosophers on real threads with real
// mutexes, the live table and wait-for graph, deadlock detection and recovery.
// Kernel: crate/src/labs/deadlock.rs. Cycle finder: ./deadlock-graph.js.
// Browser test: tests/deadlock.test.mjs.
import { LiveLoop } from '../views/live.js';
import python from './deadlock.py?raw';
import { DeadlockWatch, cycleEdges, findCycle } from './deadlock-graph.js';
import { colourOf } from '../views/palette.js';
import { bindPredict } from '../views/predict.js';
import { el, fmt, fmtMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';

/** Mirror of crate/src/labs/deadlock.rs. */
const MAX_N = 8;
const STRATEGIES = ['naive', 'ordered', 'trylock', 'waiter'];
/** How long a philosopher pauses between its two forks when "pause" is on, ms. */
export const PAUSE_MS = 40;
/** A cycle that lasts this long with no meal eaten is a deadlock, ms. */
export const PERSIST_MS = 400;
/** How often the page looks for a cycle, ms (independent of animation frames). */
const WATCH_EVERY_MS = 40;

/** `state` values of the kernel's mirror. */
const ST = { IDLE: 0, THINKING: 1, WAITING_FORK: 2, EATING: 3, DONE: 4, PAUSING: 5, WAITING_SEAT: 6, BACKING_OFF: 7 };

/** @type {import('../params.js').Schema} */
export const schema = {
  strategy: {
    type: 'enum',
    label: 'Strategy',
    values: STRATEGIES,
    default: 'naive',
    help: 'naive: left then right · ordered: lower fork first · trylock: back off if busy · waiter: at most N−1 at the table',
  },
  n: { type: 'int', label: 'Philosophers', min: 2, max: MAX_N, default: 5, help: '2–8 (one thread each)' },
  meals: { type: 'int', label: 'Meals each', min: 1, max: 1000, default: 20, help: '1–1,000' },
  think: { type: 'int', label: 'Think time (ms)', min: 0, max: 200, default: 10, help: '0–200 ms' },
  eat: { type: 'int', label: 'Eat time (ms)', min: 0, max: 200, default: 10, help: '0–200 ms' },
  pause: { type: 'bool', label: 'Pause between forks', default: true, help: `${PAUSE_MS} ms after the first fork` },
};

export const title = 'Deadlock: dining philosophers';

const STRATEGY_TEXT = {
  naive: 'Naive: left fork, then right',
  ordered: 'Lock ordering: lower-numbered fork first',
  trylock: 'Try-lock: if the right fork is busy, put the left back and back off',
  waiter: 'Waiter: at most N − 1 at the table',
};

const PREDICT = [
  ['finish', 'Everybody eats every meal; it just takes a little longer'],
  ['deadlock', 'They get stuck for good: each holds one fork and waits for the other'],
  ['crash', 'The program crashes with an error'],
  ['some', 'Some philosophers finish, the others give up'],
];

/** The ring of the table: fork f, philosopher f, fork f+1, … (2n positions). */
function ringPos(/** @type {number} */ k, /** @type {number} */ n, /** @type {number} */ r, /** @type {number} */ c) {
  const a = -Math.PI / 2 + (k * Math.PI) / n - Math.PI / (2 * n);
  return [c + r * Math.cos(a), c + r * Math.sin(a)];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text]
 */
function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Words for a philosopher's state. */
function stateText(/** @type {number} */ s, /** @type {number} */ waitingFork, /** @type {number[]} */ holds) {
  switch (s) {
    case ST.THINKING: return 'thinking';
    case ST.WAITING_FORK: return `waiting for F${waitingFork}`;
    case ST.EATING: return 'eating';
    case ST.DONE: return 'done';
    case ST.PAUSING: return `holds F${holds[0] ?? '?'}, pausing`;
    case ST.WAITING_SEAT: return 'waiting for a seat';
    case ST.BACKING_OFF: return 'put fork back, backing off';
    default: return '–';
  }
}

/**
 * Draws the wait-for graph into `root` (an <svg>): philosophers (circles) and
 * forks (squares) around the table; "holds" edges fork → philosopher (solid),
 * "waits for" edges philosopher → fork (dashed); the cycle, if given, thick,
 * double-dashed, marked `data-cycle` and labelled in words.
 * @param {SVGSVGElement} root
 * @param {{n: number, holder: ArrayLike<number>, waiting: ArrayLike<number>, state: ArrayLike<number>, cycle: number[] | null}} s
 */
export function drawGraph(root, s) {
  const { n, holder, waiting, state, cycle } = s;
  const size = 520;
  const c = size / 2;
  const R = 160;
  // Room on the left and right for the state words beside P on those sides.
  root.setAttribute('viewBox', `-50 0 ${size + 100} ${size}`);
  const onCycle = new Set(cycle ? cycleEdges(cycle, waiting).map((e) => `${e.from}>${e.to}`) : []);
  const pos = (/** @type {string} */ name) => {
    const i = Number(name.slice(1));
    return ringPos(name[0] === 'F' ? 2 * i : 2 * i + 1, n, R, c);
  };
  const radius = (/** @type {string} */ name) => (name[0] === 'P' ? 21 : 13);
  const kids = [];
  kids.push(
    svg('defs', {}),
    svg('circle', { cx: c, cy: c, r: R - 50, class: 'dl-table-top' }),
  );
  const defs = kids[0];
  for (const [id, cls] of [['dl-arrow', 'dl-arrowhead'], ['dl-arrow-cycle', 'dl-arrowhead cycle']]) {
    const m = svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    m.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
    defs.append(m);
  }
  /** @type {{from: string, to: string, kind: string}[]} */
  const edges = [];
  for (let f = 0; f < n; f++) if (holder[f] > 0 && holder[f] <= n) edges.push({ from: `F${f}`, to: `P${holder[f] - 1}`, kind: 'holds' });
  for (let p = 0; p < n; p++) if (waiting[p] > 0 && waiting[p] <= n) edges.push({ from: `P${p}`, to: `F${waiting[p] - 1}`, kind: 'waits' });
  for (const e of edges) {
    const [x1, y1] = pos(e.from);
    const [x2, y2] = pos(e.to);
    const len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
    const a = radius(e.from) + 2;
    const b = radius(e.to) + 3;
    // Bow each edge outwards a little, so "holds" and "waits for" between the
    // same pair never overlap.
    const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
    const out = Math.hypot(mx - c, my - c) || 1;
    const bow = e.kind === 'waits' ? 16 : -16;
    const [qx, qy] = [mx + ((mx - c) / out) * bow, my + ((my - c) / out) * bow];
    const cyc = onCycle.has(`${e.from}>${e.to}`);
    const path = svg('path', {
      d: `M${x1 + ux * a},${y1 + uy * a} Q${qx},${qy} ${x2 - ux * b},${y2 - uy * b}`,
      class: `dl-edge ${e.kind}${cyc ? ' cycle' : ''}`,
      'data-edge': e.kind,
      'data-from': e.from,
      'data-to': e.to,
      'data-cycle': String(cyc),
      'marker-end': `url(#${cyc ? 'dl-arrow-cycle' : 'dl-arrow'})`,
    });
    const label = (/** @type {string} */ name) => `${name[0]}${Number(name.slice(1)) + 1}`;
    path.append(svg('title', {}, `${label(e.from)} ${e.kind === 'holds' ? 'is held by' : 'waits for'} ${label(e.to)}${cyc ? ' (on the deadlock cycle)' : ''}`));
    kids.push(path);
  }
  for (let f = 0; f < n; f++) {
    const [x, y] = pos(`F${f}`);
    const g = svg('g', { class: `dl-fork${holder[f] ? ' held' : ''}`, 'data-node': `F${f}`, 'data-holder': holder[f] });
    g.append(
      svg('rect', { x: x - 13, y: y - 13, width: 26, height: 26, rx: 4 }),
      svg('text', { x, y: y + 4, 'text-anchor': 'middle' }, `F${f + 1}`),
    );
    kids.push(g);
  }
  for (let p = 0; p < n; p++) {
    const [x, y] = pos(`P${p}`);
    const g = svg('g', { class: 'dl-phil', 'data-node': `P${p}`, 'data-state': state[p] });
    // The state in words just outside the ring: beside the circle on the left
    // and right sides (anchored away from it), below or above it elsewhere.
    const [ox, oy] = ringPos(2 * p + 1, n, 1, 0);
    const side = Math.abs(ox) > 0.45;
    const [lx, ly] = ringPos(2 * p + 1, n, side ? R + 27 : R + 38, c);
    const anchor = !side ? 'middle' : ox > 0 ? 'start' : 'end';
    const holds = [];
    for (let f = 0; f < n; f++) if (holder[f] === p + 1) holds.push(f + 1);
    g.append(
      svg('circle', { cx: x, cy: y, r: 21, fill: colourOf(p), class: cycle?.includes(p) ? 'on-cycle' : '' }),
      svg('text', { x, y: y + 5, 'text-anchor': 'middle', class: 'dl-name' }, `P${p + 1}`),
      svg('text', { x: lx, y: ly + 4 + (side ? 0 : oy > 0 ? 2 : 0), 'text-anchor': anchor, class: 'dl-state' }, state[p] ? stateText(state[p], waiting[p], holds) : ''),
    );
    kids.push(g);
  }
  if (cycle) {
    // "P1 → P2 → … → P1", a few to a line so that it fits the table top.
    const names = [...cycle, cycle[0]].map((p) => `P${p + 1}`);
    const lines = [];
    for (let i = 0; i < names.length; i += 5) lines.push(names.slice(i, i + 5).join(' → ') + (i + 5 < names.length ? ' →' : ''));
    kids.push(svg('text', { x: c, y: c - 10, 'text-anchor': 'middle', class: 'dl-cycle-label', id: 'dl-cycle-label' }, 'Deadlock cycle'));
    lines.forEach((line, i) => kids.push(svg('text', { x: c, y: c + 12 + 15 * i, 'text-anchor': 'middle', class: 'dl-cycle-words' }, line)));
  }
  root.replaceChildren(...kids);
  root.dataset.cycle = cycle ? cycle.join(',') : '';
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab deadlock" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede"><b>N</b> philosophers sit at a round table with one fork between each pair; to eat, a
    philosopher needs both forks beside it. Here every philosopher is a real thread and every fork a real
    mutex (<code>std::sync::Mutex</code>) in shared memory. Watch who holds which fork and who waits for which:
    when each holds one fork and waits for the next, the wait-for graph closes into a <b>cycle</b> — a deadlock.
    Then try the three fixes.</p>
    <form class="controls" id="controls" novalidate>
      <fieldset class="mode">
        <legend>Strategy</legend>
        ${STRATEGIES.map((s) => `<label><input type="radio" name="strategy" value="${s}"> ${STRATEGY_TEXT[/** @type {keyof typeof STRATEGY_TEXT} */ (s)]}</label>`).join('')}
      </fieldset>
      <label class="num">Philosophers (N) <input type="number" name="n" min="2" max="8" step="1" required
        aria-describedby="n-help"><small id="n-help">2–8 · one thread each</small></label>
      <label class="num">Meals each (M) <input type="number" name="meals" min="1" max="1000" step="1" required
        aria-describedby="meals-help"><small id="meals-help">1 – 1,000</small></label>
      <label class="num">Think time (ms) <input type="number" name="think" min="0" max="200" step="1" required
        aria-describedby="think-help"><small id="think-help">0–200, before each meal</small></label>
      <label class="num">Eat time (ms) <input type="number" name="eat" min="0" max="200" step="1" required
        aria-describedby="eat-help"><small id="eat-help">0–200</small></label>
      <label class="check"><input type="checkbox" name="pause" aria-describedby="pause-help"> Pause between forks
        <small id="pause-help">(${PAUSE_MS} ms after the first fork: it widens the window in which everybody holds
        one fork — the window the deadlock needs)</small></label>
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend>Predict first: every philosopher picks up the left fork, pauses, then reaches for the right one. What happens?</legend>
      ${PREDICT.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div id="deadlock-banner" class="dl-banner" role="alert" hidden></div>
    <p id="dl-unavailable" class="notice" hidden></p>
    <div class="views">
      <section class="view" aria-labelledby="graph-h">
        <h2 id="graph-h">The table and its wait-for graph</h2>
        <p class="dl-caption" id="graph-caption">Live from shared memory.</p>
        <svg id="wait-for" class="dl-graph" role="img" aria-labelledby="graph-h graph-legend"></svg>
        <p class="dl-legend" id="graph-legend">Circles: philosophers P1…PN. Squares: forks F1…FN (F<i>k</i> lies between
        P<i>k</i>−1 and P<i>k</i>). Solid arrow fork → philosopher: <b>held by</b>. Dashed arrow philosopher → fork:
        <b>waits for</b>. A deadlock cycle is drawn extra thick with long dashes and named in the middle.</p>
      </section>
      <section class="view" aria-labelledby="people-h">
        <h2 id="people-h">Philosophers and forks</h2>
        <dl class="readout">
          <div><dt>Meals eaten (all)</dt><dd id="dl-total" data-value="0">0</dd></div>
          <div><dt>Expected (N × M)</dt><dd id="dl-expected">–</dd></div>
          <div><dt>Seated (waiter)</dt><dd id="dl-seated">–</dd></div>
          <div><dt>Time</dt><dd id="dl-time">–</dd></div>
        </dl>
        <table class="writers" id="dl-phils">
          <caption>Each philosopher: what it is doing, the forks it holds, its meals</caption>
          <thead><tr><th scope="col">Philosopher</th><th scope="col">State</th><th scope="col">Holds</th><th scope="col">Meals</th><th scope="col">Put back</th></tr></thead>
          <tbody></tbody>
        </table>
        <table class="writers" id="dl-forks">
          <caption>Each fork (a mutex): who holds it</caption>
          <thead><tr><th scope="col">Fork</th><th scope="col">Held by</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
    </div>
    <p class="step-link"><a href="?lab=stepper&amp;sample=deadlock">Step through it slowly</a> — the same deadlock in the
    stepper, where you choose which thread moves next.</p>
    <details class="how" open>
      <summary>And processes?</summary>
      <p>Processes do not share forks. Each process has its own memory, so each would have its own copy of every
      mutex — nobody waits for anybody, and nothing is coordinated either. To share a resource, processes need a
      lock the operating system provides (<code>multiprocessing.Lock</code>, a file lock, a database row), and with
      those they can deadlock in exactly the same way. So this lab has only a threads side.</p>
    </details>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>Five <code>threading.Thread</code> philosophers and five <code>threading.Lock</code> forks. So that the naive
      version does not hang for ever, each waits for its second fork with <code>acquire(timeout=…)</code> in a loop,
      while the main thread looks for a cycle in the same wait-for graph; when it finds one that persists, it reports
      the deadlock and tells everybody to give up. Then the fixes run to the end. ThreadLab’s CI runs this file.</p>
      <pre><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The Rust kernel runs each philosopher on its own rayon thread — a Web Worker — and each fork is a
      <code>std::sync::Mutex</code>: a thread that finds it locked goes to sleep in <code>memory.atomic.wait32</code>
      until it is unlocked. Besides the mutexes the kernel keeps a mirror of atomics in shared memory: who holds each
      fork, what each philosopher does, which fork it waits for, its meals. The page reads that mirror every frame.</p>
      <p>The page also looks for a cycle in the wait-for graph several times a second. A cycle that stays the same for
      ${PERSIST_MS} ms while no meal is eaten is a deadlock: the page says so, and — since a thread asleep in
      <code>lock()</code> can never see a stop request — ends the whole coordinator worker and starts a fresh one.
      Stop does the same when a run will not stop by itself.</p>
      <p><b>The fixes.</b> Lock ordering: everybody takes the lower-numbered fork first, so the last philosopher
      reaches for F1 before FN and the cycle cannot close. Try-lock: a philosopher who finds the second fork busy puts
      the first one back and waits a random moment (the count of put-backs is in the table). Waiter: at most N − 1
      sit at once, so at least one seated philosopher can always get both forks.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  const graph = /** @type {SVGSVGElement} */ (/** @type {unknown} */ ($('#wait-for')));
  const banner = $('#deadlock-banner');
  const watch = new DeadlockWatch(PERSIST_MS);

  // --- tables ----------------------------------------------------------------------
  const philBody = /** @type {HTMLTableSectionElement} */ ($('#dl-phils tbody'));
  const forkBody = /** @type {HTMLTableSectionElement} */ ($('#dl-forks tbody'));
  /** @type {{state: HTMLElement, holds: HTMLElement, meals: HTMLElement, bar: HTMLElement, retries: HTMLElement}[]} */
  let rows = [];
  /** @type {HTMLElement[]} */
  let forkCells = [];
  const buildRows = (/** @type {number} */ n) => {
    rows = [];
    philBody.replaceChildren(
      ...Array.from({ length: n }, (_, p) => {
        const bar = el('span', { class: 'bar-fill' });
        const r = {
          state: el('td', { 'data-phil-state': String(p) }, '–'),
          holds: el('td', {}, '–'),
          meals: el('span', { 'data-meals': String(p), 'data-value': '0' }, '0'),
          bar,
          retries: el('td', { 'data-retries': String(p) }, '–'),
        };
        rows.push(r);
        return el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('span', { class: 'swatch', style: `background:${colourOf(p)}` }), ` P${p + 1}`),
          r.state,
          r.holds,
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, bar), r.meals),
          r.retries,
        );
      }),
    );
    forkCells = [];
    forkBody.replaceChildren(
      ...Array.from({ length: n }, (_, f) => {
        const cell = el('td', { 'data-fork': String(f) }, 'free');
        forkCells.push(cell);
        return el('tr', {}, el('th', { scope: 'row' }, `F${f + 1}`), cell);
      }),
    );
  };

  /** @typedef {{n: number, holder: number[], waiting: number[], state: number[], meals: number[], retries: number[], seated: number}} Snap */
  /**
   * Draws a snapshot of the mirror: the graph, the tables and the totals.
   * @param {Snap} s
   * @param {number} m meals each
   * @param {number[] | null} cycle
   */
  const drawSnap = (s, m, cycle) => {
    drawGraph(graph, { ...s, cycle });
    let total = 0;
    for (let p = 0; p < s.n && p < rows.length; p++) {
      const holds = [];
      for (let f = 0; f < s.n; f++) if (s.holder[f] === p + 1) holds.push(f + 1);
      rows[p].state.textContent = stateText(s.state[p], s.waiting[p], holds);
      rows[p].state.dataset.value = String(s.state[p]);
      rows[p].holds.textContent = holds.length ? holds.map((f) => `F${f}`).join(', ') : '–';
      rows[p].meals.textContent = `${fmt(s.meals[p])} / ${fmt(m)}`;
      rows[p].meals.dataset.value = String(s.meals[p]);
      rows[p].bar.style.width = `${Math.min(100, (100 * s.meals[p]) / m)}%`;
      rows[p].retries.textContent = values.strategy === 'trylock' || s.retries[p] ? fmt(s.retries[p]) : '–';
      total += s.meals[p];
    }
    for (let f = 0; f < s.n && f < forkCells.length; f++) {
      forkCells[f].textContent = s.holder[f] ? `P${s.holder[f]}` : 'free';
      forkCells[f].dataset.value = String(s.holder[f]);
    }
    $('#dl-total').textContent = fmt(total);
    $('#dl-total').dataset.value = String(total);
    $('#dl-seated').textContent = s.seated || values.strategy === 'waiter' ? `${s.seated} of at most ${s.n - 1}` : '–';
  };

  // --- the mirror in shared memory ---------------------------------------------------
  /** @type {Record<string, number> | null} */
  let layout = null;
  /** @type {WebAssembly.Memory | null} */
  let memory = null;
  /** @type {{buffer: ArrayBufferLike, u32: Uint32Array} | null} */
  let view = null;
  /** @returns {Snap} */
  const read = (/** @type {number} */ n) => {
    const buffer = /** @type {WebAssembly.Memory} */ (memory).buffer;
    if (!view || view.buffer !== buffer) view = { buffer, u32: new Uint32Array(buffer) };
    const L = /** @type {Record<string, number>} */ (layout);
    const u = view.u32;
    const arr = (/** @type {number} */ at) => Array.from({ length: n }, (_, i) => Atomics.load(u, at / 4 + i));
    return {
      n,
      holder: arr(L.holder),
      waiting: arr(L.waitingFor),
      state: arr(L.state),
      meals: arr(L.meals),
      retries: arr(L.retries),
      seated: Atomics.load(u, L.seated / 4),
    };
  };

  // --- without shared memory: an example picture, no run ----------------------------
  if (!ctx.shared) {
    const note = $('#dl-unavailable');
    note.hidden = false;
    status.textContent = 'Threads cannot run on this page, so nothing can run here.';
    note.textContent =
      'Shared memory is not available on this page (see the note above), so the philosophers — threads sharing mutexes — cannot run here. Processes would not share forks at all (see “And processes?” below). The picture shows what a deadlock of 5 looks like; the Python version and the stepper work anywhere.';
    $('#graph-caption').textContent = 'Example picture (not a live run): 5 philosophers in a deadlock.';
    const n = 5;
    const ex = {
      n,
      holder: [1, 2, 3, 4, 5],
      waiting: [2, 3, 4, 5, 1],
      state: Array(n).fill(ST.WAITING_FORK),
      meals: Array(n).fill(0),
      retries: Array(n).fill(0),
      seated: 0,
    };
    buildRows(n);
    drawSnap(ex, 1, findCycle(ex.holder, ex.waiting));
  } else {
    buildRows(values.n);
    drawGraph(graph, { n: values.n, holder: [], waiting: [], state: [], cycle: null });
  }

  let running = false;
  const { showErrors } = bindParamForm({
    form,
    errorsBox,
    runBtn,
    schema,
    values,
    ctx,
    // Without shared memory there is nothing to run: Run stays disabled (the
    // notice above says why) whatever the form holds.
    isRunning: () => running || !ctx.shared,
    onValues: () => {
      if (!running && ctx.shared && values.n >= 2 && values.n <= MAX_N) {
        buildRows(values.n);
        drawGraph(graph, { n: values.n, holder: [], waiting: [], state: [], cycle: null });
      }
    },
  });

  // --- a run -----------------------------------------------------------------------
  let timer = 0;
  let runs = 0;
  /** Set when the watch found a deadlock (and ended the coordinator). */
  /** @type {{cycle: number[], snap: Snap, cycleSeenMs: number, detectMs: number} | null} */
  let deadlock = null;
  let stopping = false;

  const redraw = new LiveLoop();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled || !ctx.shared) return;
    const shared = ctx.shared;
    const { strategy, n, meals: m, think, eat, pause } = values;
    running = true;
    stopping = false;
    deadlock = null;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    banner.hidden = true;
    banner.textContent = '';
    root.dataset.state = 'running';
    root.dataset.strategy = strategy;
    $('#predict-feedback').textContent = '';
    $('#dl-expected').textContent = fmt(n * m);
    $('#dl-time').textContent = '–';
    const params = { strategy, n, meals: m, think, eat, pause };
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    /** @type {Record<string, any>} */
    let result = {};
    try {
      buildRows(n);
      status.textContent = `Starting ${n} threads…`;
      await shared.ensure(n);
      layout = await shared.call('deadlockLayout');
      memory = /** @type {import('../engine/arena.js').ArenaView} */ (shared.arena).memory;
      view = null;
      watch.reset();
      // Zero the mirror the page shows until the kernel resets it itself.
      drawSnap({ n, holder: Array(n).fill(0), waiting: Array(n).fill(0), state: Array(n).fill(0), meals: Array(n).fill(0), retries: Array(n).fill(0), seated: 0 }, m, null);
      status.textContent = `Running: ${n} philosophers, ${STRATEGY_TEXT[/** @type {keyof typeof STRATEGY_TEXT} */ (strategy)].toLowerCase()}…`;
      const t0 = performance.now();
      // Watch for a cycle on a timer (animation frames pause in hidden tabs).
      timer = window.setInterval(() => {
        if (deadlock || stopping || !memory) return;
        const now = performance.now();
        const s = read(n);
        const w = watch.observe(now, s.holder, s.waiting, s.meals.reduce((a, b) => a + b, 0));
        if (w.deadlocked && w.cycle) {
          deadlock = { cycle: w.cycle, snap: s, cycleSeenMs: w.forMs, detectMs: now - t0 };
          stopBtn.disabled = true;
          // No thread in lock() can ever run again, not even to see the stop
          // word: end the coordinator; a fresh one starts at once.
          shared.terminate();
        }
      }, WATCH_EVERY_MS);
      redraw.start(() => {
        if (deadlock) return;
        const s = read(n);
        drawSnap(s, m, findCycle(s.holder, s.waiting));
      });
      if (stopping) {
        // Stop was pressed while the pool was starting: run nothing.
        redraw.stop();
        clearInterval(timer);
        status.textContent = 'Stopped before the philosophers sat down.';
        root.dataset.state = 'stopped';
        return;
      }
      const run = await shared.run('deadlock', {
        n,
        strategy: STRATEGIES.indexOf(strategy),
        meals: m,
        think,
        eat,
        pause: pause ? PAUSE_MS : 0,
      });
      const elapsed = performance.now() - t0;
      redraw.stop();
      clearInterval(timer);
      if (run.terminated) {
        // The run was ended from outside: by the deadlock watch, or by Stop's fallback.
        status.textContent = 'Starting a fresh coordinator…';
        await shared.ensure(n).catch(() => {});
      }
      const d = /** @type {{cycle: number[], snap: Snap, cycleSeenMs: number, detectMs: number} | null} */ (deadlock);
      if (d) {
        drawSnap(d.snap, m, d.cycle);
        const ring = d.cycle.map((p) => `P${p + 1} waits for F${d.snap.waiting[p]}, held by P${d.snap.holder[d.snap.waiting[p] - 1]}`).join('; ');
        banner.hidden = false;
        banner.dataset.cycle = d.cycle.join(',');
        banner.dataset.detectMs = String(Math.round(d.cycleSeenMs));
        banner.replaceChildren(
          el('strong', {}, 'Deadlock detected. '),
          `${ring}. The same cycle stood for ${fmtMs(d.cycleSeenMs)} ms with no meal eaten, ${fmtMs(d.detectMs)} ms into the run. `,
          'No thread asleep in lock() can ever wake, not even to see Stop, so the coordinator worker was ended and a fresh one started — no page reload. Run again, or pick a fix.',
        );
        $('#dl-time').textContent = `${fmtMs(d.detectMs)} ms`;
        status.textContent = `Deadlock: ${d.cycle.length} philosophers in a cycle, ${fmt(d.snap.meals.reduce((a, b) => a + b, 0))} of ${fmt(n * m)} meals eaten. Ended, and a fresh coordinator is ready.`;
        root.dataset.state = 'deadlock';
        result = { deadlock: true, cycle: d.cycle, meals: d.snap.meals };
      } else if (run.terminated) {
        status.textContent = 'Stopped: the philosophers did not stop (a thread blocked in lock() cannot see the stop word), so the coordinator was ended and a fresh one started.';
        root.dataset.state = 'stopped';
      } else {
        const s = read(n);
        drawSnap(s, m, null);
        $('#dl-time').textContent = `${fmtMs(elapsed)} ms`;
        const [stopped, ...meals] = run.result;
        result = { deadlock: false, meals, elapsedMs: elapsed };
        if (stopped) {
          status.textContent = `Stopped: every philosopher saw the stop word between meals and left the table (${fmt(meals.reduce((a, b) => a + b, 0))} meals eaten).`;
          root.dataset.state = 'stopped';
        } else {
          const all = meals.every((x) => x === m);
          status.textContent = all
            ? `Done: all ${n} philosophers ate all ${fmt(m)} meals (${fmt(n * m)} in all), no deadlock, in ${fmtMs(elapsed)} ms.`
            : `Done, but meals were ${meals.join(', ')} (expected ${m} each).`;
          root.dataset.state = 'done';
        }
      }
      if (root.dataset.state !== 'stopped') giveFeedback(strategy, root.dataset.state === 'deadlock');
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      redraw.stop();
      clearInterval(timer);
      running = false;
      stopping = false;
      stopBtn.disabled = true;
      showErrors({});
      emitRunFinished(root, { run: runNo, params, results: result, summary: status.textContent ?? '' });
    }
  });

  stopBtn.addEventListener('click', async () => {
    if (!running || deadlock) return;
    stopBtn.disabled = true;
    stopping = true;
    status.textContent = 'Stopping…';
    await ctx.shared?.stop();
  });

  bindPredict(root, PREDICT);

  function giveFeedback(/** @type {string} */ strategy, /** @type {boolean} */ deadlocked) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const fb = $('#predict-feedback');
    const verdict = !choice ? '' : choice.value === 'deadlock' ? 'Your prediction fits. ' : 'Not quite. ';
    if (strategy === 'naive' && deadlocked) {
      fb.textContent = `${verdict}With left-then-right, everybody held a left fork and waited for the right one, which the neighbour held: a cycle in the wait-for graph. Nothing crashes and nobody gives up — the threads just sleep for ever.`;
    } else if (strategy === 'naive') {
      fb.textContent = `${verdict}This time the naive philosophers were lucky and never all held a fork at once. Turn on the pause between forks (or run again): the deadlock is a matter of timing, which is what makes it dangerous.`;
    } else {
      fb.textContent = `The question was about the naive strategy (answer: they deadlock). This fix — ${STRATEGY_TEXT[/** @type {keyof typeof STRATEGY_TEXT} */ (strategy)].toLowerCase()} — breaks the cycle, so every meal was eaten.`;
    }
  }

  return {
    dispose() {
      redraw.stop();
      clearInterval(timer);
    },
  };
}
