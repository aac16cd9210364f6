// Lab `threads-vs-processes`, page side: the panel. Its per-frame view is
// live.js, the interpreters mode interpreters.js, its code in the two engine
// workers threads.js and process.js.
import { LiveLoop } from '../../views/live.js';
import python from './threads-vs-processes.py?raw';
import meta from './meta.js';
import { SharedGridView } from './live.js';
import { privateGrids, runInterpreters } from './interpreters.js';
import { MSG } from '../../engine/messages.js';
import { bindPredict } from '../../views/predict.js';
import { fmt, fmtBytes, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController, stopSide } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

/** Cells per side of the grid (the kernel's SIDE; both runtimes report it in the layout too). */
const SIDE = 128;

/** Which sides each mode runs, in order. @type {Record<string, string[]>} */
const SIDES = { both: ['shared', 'isolated'], all: ['shared', 'interpreters', 'isolated'] };
/** @type {Record<string, string>} */
const NAMES = { shared: 'Threads', interpreters: 'Interpreters', isolated: 'Processes' };

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['all', 'W × K — every increment lands in the one counter'],
  ['own', 'K — each worker counts only its own increments'],
  ['zero', 'Nothing (0) until the workers send their results by message'],
  ['less', 'Less than W × K — some increments get lost'],
];

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">Threads share one memory; processes each own theirs. <b>W</b> workers each add 1 to
    “the” counter <b>K</b> times and paint a cell of a 128 × 128 grid with their colour at every step.
    As threads, they all write <em>one</em> grid and one counter — you are watching that memory live.
    As processes, each writes its own copy; the page sees a copy only when a message arrives. As
    <em>interpreters</em> — the third way, Python 3.14’s <code>concurrent.interpreters</code> — each still has its
    own memory, but hands its grid to the page through a queue in shared memory, read where it lies.</p>
    ${formHtml(schema)}
    ${predictHtml('when every worker has finished, what does the page (the parent) read in its counter?', PREDICT)}
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
      <section class="view interp" id="interp-view" aria-labelledby="interp-h">
        <h2 id="interp-h">Interpreters · a private memory each, one shared queue</h2>
        <p class="sub">Each worker its own instance and memory, like a process — but its grid reaches the page
        through a queue in shared memory, read in place, never copied by message: Python 3.14’s
        <code>concurrent.interpreters</code> and <code>InterpreterPoolExecutor</code>.</p>
        <p id="interp-unavailable" class="notice" hidden></p>
        <div class="interp-body">
        <dl class="readout">
          <div><dt>The page’s counter (sum of the last records)</dt><dd id="interp-counter" data-value="0">0</dd></div>
          <div><dt>Last records read</dt><dd id="interp-received">–</dd></div>
          <div><dt>Records through the shared queue</dt><dd id="interp-records" data-value="0">0</dd><dd class="sub" id="interp-queue-bytes"></dd></div>
          <div><dt>Messages</dt><dd id="interp-messages" data-value="0">0</dd></div>
          <div><dt>Bytes copied by message</dt><dd id="interp-bytes" data-value="0">0 B</dd></div>
        </dl>
        <div class="iso-grids" id="interp-grids"></div>
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
    ${SAW_HTML}
    ${pythonHtml(`With <code>threading</code> every thread increments the one global. With <code>multiprocessing</code> each
      child increments its own copy; the parent’s global stays 0 and the children’s counts arrive only through a
      <code>Queue</code>. With Python 3.14 or later, <code>InterpreterPoolExecutor</code> counts on subinterpreters: each
      has its own globals too, and their counts come back through cross-interpreter queues.`)}
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The Rust kernel runs on real threads: Web Workers that share one <code>WebAssembly.Memory</code>,
      scheduled by rayon. Each step is one atomic <code>fetch_add</code> on the counter — the value it returns is a
      ticket that picks the cell to paint. The page holds typed-array views on that same memory and redraws the grid
      every animation frame while the threads write it: nothing is copied and no message is sent.</p>
      <p>In the process mode each worker has its own instance of the same kernel and its own memory. Its counter
      ends at K and its grid holds only its own colour; the page learns anything only from the snapshots and
      results it posts, and every byte of them is counted above.</p>
      <p>The interpreters mode runs the same isolated instances, but no grid travels by message: each worker writes
      its grid into a slot of a queue in one <code>SharedArrayBuffer</code> (a ring of 8 slots; a worker claims a
      slot with one compare-and-swap, fills it and publishes it), and the page reads the slot where it lies, then
      frees it. A full ring makes a worker wait. The one copy left is the worker’s, from its private memory into
      the slot — what a subinterpreter does when it puts data in a queue or a shared buffer, without pickling.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  const live = new SharedGridView(
    /** @type {HTMLCanvasElement} */ ($('#shared-grid')),
    /** @type {HTMLTableSectionElement} */ ($('#shared-writers tbody')),
    $('#shared-counter'),
    SIDE,
  );
  $('#python-code').textContent = python;

  // Show the side(s) the chosen mode runs; without shared memory, always both
  // (the threads side then explains why it is empty).
  const showViews = () => {
    const m = values.mode;
    $('#shared-view').hidden = !!ctx.shared && !['shared', 'both', 'all'].includes(m);
    $('#interp-view').hidden = !!ctx.shared && !['interpreters', 'all'].includes(m);
    $('#isolated-view').hidden = !['isolated', 'both', 'all'].includes(m);
  };
  showViews();

  if (!ctx.shared) {
    const note = $('#shared-unavailable');
    note.hidden = false;
    /** @type {HTMLElement} */ (root.querySelector('.shared-body')).hidden = true;
    note.textContent =
      'Shared memory is not available on this page (see the note above), so threads cannot run here. The process side works.';
  }
  if (!ctx.shared) {
    const note = $('#interp-unavailable');
    note.hidden = false;
    /** @type {HTMLElement} */ (root.querySelector('.interp-body')).hidden = true;
    note.textContent = 'Shared memory is not available on this page, so the interpreters’ queue cannot exist here. The process side works.';
  }

  const redraw = new LiveLoop();

  // --- runs ----------------------------------------------------------------------
  /** @typedef {{stopped: true, how: string} | {stopped: false, verdict: string, result: Record<string, number>}} SideOutcome */

  /** @returns {Promise<SideOutcome>} */
  async function runShared(
    /** @type {number} */ w,
    /** @type {number} */ k,
    /** @type {boolean} */ slow,
    /** @type {() => boolean} */ stopRequested,
  ) {
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    $('#shared-expected').textContent = fmt(w * k);
    live.reset(w);
    status.textContent = `Starting a pool of ${w} threads…`;
    await shared.ensure(w);
    // A Stop pressed while the pool started found no run to stop: honour it here.
    if (stopRequested()) return { stopped: true, how: 'Stop was pressed before the threads started' };
    $('#shared-pool').textContent = `${w} threads`;
    $('#shared-pool-start').textContent = `started in ${fmtMs(shared.startMs)} ms`;
    status.textContent = `Threads running: ${w} × ${fmt(k)} increments on one shared counter…`;
    const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
    mem.views.writers.fill(0);
    redraw.start(() => live.draw(mem.views, k));
    const run = await shared.run(meta.id, { workers: w, iters: k, slow });
    redraw.stop();
    if (run.terminated) {
      live.grid.clear();
      return { stopped: true, how: 'the coordinator did not stop, so it was ended and a fresh one started' };
    }
    live.draw(mem.views, k);
    /** @type {import('./threads.js').Result} */
    const { counter, stopped } = run.result;
    $('#shared-time').textContent = `${fmtMs(run.elapsedMs)} ms`;
    if (stopped) {
      return { stopped: true, how: `every thread saw the stop word in shared memory and returned; the counter stopped at ${fmt(counter)}` };
    }
    const verdict =
      counter === w * k ? `counter = ${fmt(counter)} = W × K: no increment lost` : `counter = ${fmt(counter)}, expected ${fmt(w * k)}`;
    return { stopped: false, verdict, result: { counter, expected: w * k, elapsedMs: run.elapsedMs } };
  }

  /** @returns {Promise<SideOutcome>} */
  async function runIsolated(/** @type {number} */ w, /** @type {number} */ k, /** @type {boolean} */ slow) {
    const grids = privateGrids($('#iso-grids'), w, SIDE, 'private grid, as of its last message', 'data-iso-worker-counter');
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
      meta.id,
      w,
      () => ({ iters: k, slow }),
      (m) => {
        /** @type {import('./process.js').Snapshot} */
        const d = m.data;
        const g = grids[m.worker];
        g.view.draw(d.writers);
        g.counter.textContent = fmt(d.counter);
        g.counter.dataset.value = String(d.counter);
        if (m.type === MSG.ISO_DONE) {
          sum += d.counter;
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
      result: { counter: sum, messages: t.messages, bytes: t.bytesIn + t.bytesOut },
      verdict: `each worker counted ${fmt(k)} in its own memory; the page read 0 until ${w} results arrived, then ${fmt(sum)}`,
    };
  }

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  const controls = { form, runBtn, stopBtn, status };
  /** @type {RunController} */
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params, stopRequested }) => {
      const { mode, workers: w, iters: k, slow } = params;
      const said = [];
      /** @type {Record<string, unknown>} */
      const results = {};
      try {
        for (const side of SIDES[mode] ?? [mode]) {
          active = side === 'shared' ? 'shared' : 'isolated';
          root.dataset.side = side;
          if (side === 'interpreters') status.textContent = `Interpreters running: ${w} workers, each with its own memory, one shared queue…`;
          const r =
            side === 'shared'
              ? await runShared(w, k, slow, stopRequested)
              : side === 'interpreters'
                ? await runInterpreters(ctx, $('#interp-view'), { w, k, slow, side: SIDE })
                : await runIsolated(w, k, slow);
          if (r.stopped) return { state: 'stopped', summary: [...said, `Stopped: ${r.how}`].join(' '), results };
          results[side] = r.result;
          said.push(`${NAMES[side]}: ${r.verdict}.`);
        }
      } finally {
        redraw.stop();
        active = null;
      }
      giveFeedback(mode);
      return { state: 'done', summary: said.join(' '), results, saw: sawOf(mode, w, k, results) };
    },
    stop: async () => {
      await stopSide(ctx, active);
    },
    params: { errorsBox, schema, ctx, threadModes: ['shared', 'both', 'interpreters', 'all'], onValues: showViews },
  });

  bindPredict(root, PREDICT);

  function giveFeedback(/** @type {string} */ mode) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const fb = $('#predict-feedback');
    const sides = SIDES[mode] ?? [mode];
    /** @type {string[]} */
    const right = sides.map((side) => (side === 'shared' ? 'all' : 'zero'));
    /** @type {Record<string, string>} */
    const explain = {
      shared: 'With threads, the page read W × K straight from the memory the threads wrote — no increment lost, because each is one atomic operation.',
      interpreters: 'With interpreters, each worker counted K in its own memory, as a process does; the page’s counter stayed 0 until their last records came through the shared queue.',
      isolated: 'With processes, each worker counted K in its own memory; the page’s counter stayed 0 until the results arrived by message and were added up.',
    };
    const parts = sides.map((side) => explain[side]);
    const verdict = !choice ? '' : right.includes(choice.value) ? 'Your prediction fits. ' : 'Not quite. ';
    fb.textContent = verdict + parts.join(' ');
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}

/**
 * The run's lesson in plain words, from its own numbers.
 * @param {string} mode
 * @param {number} w
 * @param {number} k
 * @param {Record<string, any>} results
 */
function sawOf(mode, w, k, results) {
  const parts = [];
  if (results.shared) {
    parts.push(
      `${w} threads wrote one memory: the page read the counter straight from it, live, and it ended at ${fmt(results.shared.counter)} — every one of the ${fmt(w * k)} increments.`,
    );
  }
  if (results.interpreters) {
    const r = results.interpreters;
    parts.push(
      `${w} interpreters each counted to ${fmt(k)} in a memory of their own, as processes do; but their grids reached the page through a queue in shared memory — ${fmt(r.records)} records, ${fmtBytes(r.queueBytes)} read in place — and only ${fmtBytes(r.bytes)} went by message.`,
    );
  }
  if (results.isolated) {
    parts.push(
      `${w} processes each counted to ${fmt(k)} in a memory of their own; the page saw nothing of it until ${fmt(results.isolated.messages)} messages (${fmtBytes(results.isolated.bytes)}) had been copied across.`,
    );
  }
  if (mode === 'both' || mode === 'all') parts.push('Same code, same work: only where the memory lives, and how data crosses it, differs.');
  return parts.join(' ');
}
