// Lab `threads-vs-processes`, page side: the panel, its live views and its
// Python twin. Kernel: crate/src/labs/threads_vs_processes.rs. Browser test:
// tests/threads-vs-processes.test.mjs.
import { LiveLoop } from '../views/live.js';
import python from './threads-vs-processes.py?raw';
import { GridView } from '../views/grid.js';
import { colourOf } from '../views/palette.js';
import { MSG } from '../engine/messages.js';
import { bindPredict } from '../views/predict.js';
import { el, fmt, fmtBytes, fmtMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';

const SIDE = 128;
const CELLS = SIDE * SIDE;

/** @type {import('../params.js').Schema} */
export const schema = {
  mode: {
    type: 'enum',
    label: 'Mode',
    values: ['shared', 'isolated', 'both'],
    default: 'both',
    help: 'shared: threads on one memory · isolated: workers with a memory each · both: one after the other',
  },
  workers: {
    type: 'int',
    label: 'Workers',
    min: 1,
    max: 16,
    default: Math.min(16, Math.max(1, navigator.hardwareConcurrency || 4)),
    help: 'threads (shared) or processes (isolated), 1–16',
  },
  iters: {
    type: 'int',
    label: 'Increments per worker',
    min: 1,
    max: 10_000_000,
    default: 100_000,
    help: '1 – 10,000,000',
  },
  slow: { type: 'bool', label: 'Slow motion', default: false, help: 'pause every few hundred steps so you can watch' },
};

export const title = 'Threads vs processes';

const PREDICT = [
  ['all', 'W × K — every increment lands in the one counter'],
  ['own', 'K — each worker counts only its own increments'],
  ['zero', 'Nothing (0) until the workers send their results by message'],
  ['less', 'Less than W × K — some increments get lost'],
];

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">Threads share one memory; processes each own theirs. <b>W</b> workers each add 1 to
    “the” counter <b>K</b> times and paint a cell of a 128 × 128 grid with their colour at every step.
    As threads, they all write <em>one</em> grid and one counter — you are watching that memory live.
    As processes, each writes its own copy; the page sees a copy only when a message arrives.</p>
    <form class="controls" id="controls" novalidate>
      <fieldset class="mode">
        <legend>Mode</legend>
        <label><input type="radio" name="mode" value="shared"> Threads (shared memory)</label>
        <label><input type="radio" name="mode" value="isolated"> Processes (isolated workers)</label>
        <label><input type="radio" name="mode" value="both"> Both, side by side</label>
      </fieldset>
      <label class="num">Workers (W) <input type="number" name="workers" min="1" max="16" step="1" required
        aria-describedby="workers-help"><small id="workers-help">1–16 · this machine has ${navigator.hardwareConcurrency || '?'} cores</small></label>
      <label class="num">Increments per worker (K) <input type="number" name="iters" min="1" max="10000000" step="1" required
        aria-describedby="iters-help"><small id="iters-help">1 – 10,000,000</small></label>
      <label class="check"><input type="checkbox" name="slow"> Slow motion</label>
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend>Predict first: when every worker has finished, what does the page (the parent) read in its counter?</legend>
      ${PREDICT.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div class="views">
      <section class="view shared" id="shared-view" aria-labelledby="shared-h">
        <h2 id="shared-h">Threads · one shared memory</h2>
        <p id="shared-unavailable" class="notice" hidden></p>
        <div class="shared-body">
        <div class="grid-wrap">
          <canvas id="shared-grid" class="grid big" role="img" aria-label="The shared grid: each cell coloured by the thread that wrote it last"></canvas>
        </div>
        <dl class="readout">
          <div><dt>Counter, read from shared memory</dt><dd id="shared-counter" data-value="0">0</dd></div>
          <div><dt>Expected (W × K)</dt><dd id="shared-expected">–</dd></div>
          <div><dt>Thread pool</dt><dd id="shared-pool">not started</dd><dd class="sub" id="shared-pool-start"></dd></div>
          <div><dt>Time</dt><dd id="shared-time">–</dd></div>
        </dl>
        <table class="writers" id="shared-writers">
          <caption>Each thread: its colour, the pool thread that ran it, its progress, and the cells it holds in the one grid</caption>
          <thead><tr><th scope="col">Writer</th><th scope="col">Pool thread</th><th scope="col">Steps</th><th scope="col">Cells held</th><th scope="col">Ran (ms)</th></tr></thead>
          <tbody></tbody>
        </table>
        </div>
      </section>
      <section class="view isolated" id="isolated-view" aria-labelledby="iso-h">
        <h2 id="iso-h">Processes · a private memory each</h2>
        <dl class="readout">
          <div><dt>The page’s counter (sum of results received)</dt><dd id="iso-counter" data-value="0">0</dd></div>
          <div><dt>Results received</dt><dd id="iso-received">–</dd></div>
          <div><dt>Messages</dt><dd id="iso-messages" data-value="0">0</dd></div>
          <div><dt>Bytes copied between memories</dt><dd id="iso-bytes" data-value="0">0 B</dd><dd class="sub" id="iso-bytes-split"></dd></div>
        </dl>
        <div class="iso-grids" id="iso-grids"></div>
      </section>
    </div>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>With <code>threading</code> every thread increments the one global. With <code>multiprocessing</code> each
      child increments its own copy; the parent’s global stays 0 and the children’s counts arrive only through a
      <code>Queue</code>. ThreadLab’s CI runs this file with <code>python3</code>.</p>
      <pre><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The Rust kernel runs on real threads: Web Workers that share one <code>WebAssembly.Memory</code>,
      scheduled by rayon. Each step is one atomic <code>fetch_add</code> on the counter — the value it returns is a
      ticket that picks the cell to paint. The page holds typed-array views on that same memory and redraws the grid
      every animation frame while the threads write it: nothing is copied and no message is sent.</p>
      <p>In the process mode each worker has its own instance of the same kernel and its own memory. Its counter
      ends at K and its grid holds only its own colour; the page learns anything only from the snapshots and
      results it posts, and every byte of them is counted above.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  const sharedGrid = new GridView(/** @type {HTMLCanvasElement} */ ($('#shared-grid')), SIDE);
  $('#python-code').textContent = python;

  // Show the side(s) the chosen mode runs; without shared memory, always both
  // (the threads side then explains why it is empty).
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
      'Shared memory is not available on this page (see the note above), so threads cannot run here. The process side works.';
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

  // --- writers table (shared) ------------------------------------------------
  const tbody = /** @type {HTMLTableSectionElement} */ ($('#shared-writers tbody'));
  /** @type {{steps: HTMLElement, cells: HTMLElement, thread: HTMLElement, ran: HTMLElement, bar: HTMLElement}[]} */
  let rows = [];
  const buildRows = (/** @type {number} */ w) => {
    rows = [];
    tbody.replaceChildren(
      ...Array.from({ length: w }, (_, i) => {
        const bar = el('span', { class: 'bar-fill' });
        const r = {
          thread: el('td', {}, '–'),
          steps: el('span', {}, '0'),
          cells: el('td', { 'data-writer-cells': String(i) }, '0'),
          ran: el('td', {}, '–'),
          bar,
        };
        rows.push(r);
        return el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('span', { class: 'swatch', style: `background:${colourOf(i)}` }), ` ${i + 1}`),
          r.thread,
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, bar), r.steps),
          r.cells,
          r.ran,
        );
      }),
    );
  };

  // --- live drawing of the shared arena ---------------------------------------
  const drawShared = (/** @type {number} */ w, /** @type {number} */ k) => {
    const arena = ctx.shared?.arena;
    if (!arena) return;
    const v = arena.views();
    const counts = sharedGrid.draw(v.writers);
    const c = arena.counter();
    const counter = $('#shared-counter');
    counter.textContent = fmt(c);
    counter.dataset.value = String(c);
    for (let i = 0; i < w && i < rows.length; i++) {
      const steps = v.progress[i];
      rows[i].steps.textContent = ` ${fmt(steps)}`;
      rows[i].bar.style.width = `${(100 * steps) / k}%`;
      rows[i].cells.textContent = fmt(counts[i]);
      rows[i].cells.dataset.value = String(counts[i]);
      rows[i].thread.textContent = v.threadOf[i] ? `#${v.threadOf[i]}` : '–';
      if (v.finishedUs[i]) rows[i].ran.textContent = `${fmtMs(v.startedUs[i] / 1000)}–${fmtMs(v.finishedUs[i] / 1000)}`;
    }
  };
  const redraw = new LiveLoop();
  const loop = (/** @type {number} */ w, /** @type {number} */ k) => redraw.start(() => drawShared(w, k));

  // --- runs ----------------------------------------------------------------------
  async function runShared(/** @type {number} */ w, /** @type {number} */ k, /** @type {boolean} */ slow) {
    const shared = /** @type {import('../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    $('#shared-expected').textContent = fmt(w * k);
    buildRows(w);
    status.textContent = `Starting a pool of ${w} threads…`;
    await shared.ensure(w);
    $('#shared-pool').textContent = `${w} threads`;
    $('#shared-pool-start').textContent = `started in ${fmtMs(shared.startMs)} ms`;
    status.textContent = `Threads running: ${w} × ${fmt(k)} increments on one shared counter…`;
    shared.arena?.views().writers.fill(0);
    loop(w, k);
    const run = await shared.run('threads-vs-processes', { workers: w, iters: k, slow });
    redraw.stop();
    if (run.terminated) {
      sharedGrid.clear();
      return { stopped: true, how: 'the coordinator did not stop, so it was ended and a fresh one started' };
    }
    drawShared(w, k);
    const [counter, stopped] = run.result;
    $('#shared-time').textContent = `${fmtMs(run.elapsedMs)} ms`;
    if (stopped) {
      return { stopped: true, how: `every thread saw the stop word in shared memory and returned; the counter stopped at ${fmt(counter)}` };
    }
    const verdict = counter === w * k
        ? `counter = ${fmt(counter)} = W × K: no increment lost`
        : `counter = ${fmt(counter)}, expected ${fmt(w * k)}`;
    return { stopped: false, counter, verdict, result: { counter, expected: w * k, elapsedMs: run.elapsedMs } };
  }

  async function runIsolated(/** @type {number} */ w, /** @type {number} */ k, /** @type {boolean} */ slow) {
    const gridsBox = $('#iso-grids');
    /** @type {{view: GridView, counter: HTMLElement, fig: HTMLElement}[]} */
    const grids = [];
    gridsBox.replaceChildren(
      ...Array.from({ length: w }, (_, i) => {
        const canvas = /** @type {HTMLCanvasElement} */ (
          el('canvas', { class: 'grid small', 'data-worker': String(i), role: 'img', 'aria-label': `Worker ${i + 1}'s private grid, as of its last message` })
        );
        const counter = el('span', { 'data-iso-worker-counter': String(i), 'data-value': '0' }, '0');
        const fig = el(
          'figure',
          { class: 'iso' },
          canvas,
          el('figcaption', {}, el('span', { class: 'swatch', style: `background:${colourOf(i)}` }), ` Worker ${i + 1}: counter `, counter),
        );
        grids.push({ view: new GridView(canvas, SIDE), counter, fig });
        return fig;
      }),
    );
    const parent = $('#iso-counter');
    let sum = 0;
    let received = 0;
    parent.textContent = '0';
    parent.dataset.value = '0';
    $('#iso-received').textContent = `0 of ${w}`;
    status.textContent = `Processes running: ${w} workers, each with its own memory…`;
    const iso = ctx.isolated;
    const traffic = () => {
      const t = iso.traffic;
      $('#iso-messages').textContent = fmt(t.messages);
      $('#iso-messages').dataset.value = String(t.messages);
      $('#iso-bytes').textContent = fmtBytes(t.bytesIn + t.bytesOut);
      $('#iso-bytes-split').textContent = `${fmtBytes(t.bytesOut)} out · ${fmtBytes(t.bytesIn)} back`;
      $('#iso-bytes').dataset.value = String(t.bytesIn + t.bytesOut);
    };
    const out = await iso.run(
      'threads-vs-processes',
      w,
      (i) => ({ writer: i, iters: k, slow }),
      (m) => {
        const g = grids[m.writer];
        g.view.draw(m.writers);
        g.counter.textContent = fmt(m.counter);
        g.counter.dataset.value = String(m.counter);
        if (m.type === MSG.ISO_DONE) {
          sum += m.counter;
          received++;
          parent.textContent = fmt(sum);
          parent.dataset.value = String(sum);
          $('#iso-received').textContent = `${received} of ${w}`;
        }
        traffic();
      },
    );
    traffic();
    if (out.stopped) return { stopped: true, how: 'every worker was terminated' };
    const t = iso.traffic;
    return {
      stopped: false,
      counter: sum,
      result: { counter: sum, messages: t.messages, bytes: t.bytesIn + t.bytesOut },
      verdict: `each worker counted ${fmt(k)} in its own memory; the page read 0 until ${w} results arrived, then ${fmt(sum)}`,
    };
  }

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  let runs = 0;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled) return;
    const { mode, workers: w, iters: k, slow } = values;
    running = true;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const said = [];
    // For the page around an embedded lab (www/src/embed/protocol.js): what
    // ran, and each side's real result.
    const params = { mode, workers: w, iters: k, slow };
    const runNo = ++runs;
    /** @type {Record<string, any>} */
    const results = {};
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    try {
      for (const side of mode === 'both' ? ['shared', 'isolated'] : [mode]) {
        active = side;
        root.dataset.side = side;
        const r = side === 'shared' ? await runShared(w, k, slow) : await runIsolated(w, k, slow);
        if (r.stopped) {
          said.push(`Stopped: ${r.how ?? ''}`.trim());
          root.dataset.state = 'stopped';
          break;
        }
        results[side] = r.result;
        said.push(`${side === 'shared' ? 'Threads' : 'Processes'}: ${r.verdict}.`);
      }
      if (root.dataset.state !== 'stopped') {
        root.dataset.state = 'done';
        giveFeedback(mode);
      }
      status.textContent = said.join(' ');
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      redraw.stop();
      active = null;
      running = false;
      stopBtn.disabled = true;
      showErrors({});
      emitRunFinished(root, { run: runNo, params, results, summary: status.textContent ?? '' });
    }
  });

  bindPredict(root, PREDICT);

  stopBtn.addEventListener('click', async () => {
    stopBtn.disabled = true;
    status.textContent = 'Stopping…';
    if (active === 'shared') await ctx.shared?.stop();
    else if (active === 'isolated') ctx.isolated.stop();
  });

  function giveFeedback(/** @type {string} */ mode) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const fb = $('#predict-feedback');
    const right = mode === 'isolated' ? ['zero'] : mode === 'shared' ? ['all'] : ['all', 'zero'];
    const explain = {
      shared: 'With threads, the page read W × K straight from the memory the threads wrote — no increment lost, because each is one atomic operation.',
      isolated: 'With processes, each worker counted K in its own memory; the page’s counter stayed 0 until the results arrived by message and were added up.',
    };
    const parts = mode === 'both' ? [explain.shared, explain.isolated] : [explain[/** @type {'shared'|'isolated'} */ (mode)]];
    const verdict = !choice ? '' : right.includes(choice.value) ? 'Your prediction fits. ' : 'Not quite. ';
    fb.textContent = verdict + parts.join(' ');
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}
