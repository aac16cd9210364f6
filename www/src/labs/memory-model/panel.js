// Lab `memory-model`, page side: the panel. The litmus kernels are JavaScript
// (kernel.js) run by the lab's own workers (worker.js), one per litmus thread,
// on a SharedArrayBuffer the panel makes for each run; the live histogram
// (live.js) reads that buffer every frame.
import './memory-model.css';
import python from './memory-model.py?raw';
import meta from './meta.js';
import { BY_ID, listing, outcomeText, python as pythonOf, scForbidden, threadsOf } from './litmus.js';
import { BYTES, LAYOUT } from './kernel.js';
import { HistogramView, MODELS } from './live.js';
import { MM } from './messages.js';
import { PREDICT, cpuFamily, cpuText, modelAnswer, sawText } from './words.js';
import { MSG, waitFor } from '../../engine/messages.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { el, fmt } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

/**
 * A link to the test as a stepper program: `?lab=stepper&src=` and base64url
 * (RFC 4648 §5, no padding) of the program's UTF-8 bytes — the stepper's link
 * format (labs/stepper.js toBase64Url).
 * @param {import('./litmus.js').LitmusTest} t
 */
export function stepperHref(t) {
  let bin = '';
  for (const b of new TextEncoder().encode(pythonOf(t))) bin += String.fromCharCode(b);
  return `?lab=stepper&mode=threads&src=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  // Workers on one SharedArrayBuffer: the page must be cross-origin isolated.
  const canRun = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;
  root.innerHTML = `
  <article class="lab memory-model" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">Two threads, a few reads and writes of shared memory, millions of times. Some outcomes are
    impossible if the threads merely take turns — in <em>every</em> interleaving — yet real CPUs produce them,
    because a core keeps its writes in a store buffer, or reorders its reads. These <b>litmus tests</b> run here
    on real Web Workers sharing one <code>SharedArrayBuffer</code>; the table marks each outcome as allowed or
    forbidden under sequential consistency (SC), x86-TSO and ARMv8.</p>
    <p id="mm-unavailable" class="notice" hidden>This lab needs <code>SharedArrayBuffer</code>, which the browser
    gives only to a cross-origin isolated page (served with <code>Cross-Origin-Opener-Policy: same-origin</code> and
    <code>Cross-Origin-Embedder-Policy: require-corp</code>). A litmus test is threads racing on one memory; workers
    that only exchange messages share no memory to reorder, so there is nothing to run here instead. The tests, their
    outcome tables and the stepper link below still work.</p>
    ${formHtml(schema)}
    <section class="mm-code" aria-labelledby="mm-code-h">
      <h2 id="mm-code-h">The threads</h2>
      <p id="mm-blurb" class="mm-blurb"></p>
      <div id="mm-threads" class="mm-threads"></div>
    </section>
    <div id="mm-predict"></div>
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <section class="view mm-results" aria-labelledby="mm-results-h">
      <h2 id="mm-results-h">What this CPU did</h2>
      <dl class="readout">
        <div><dt>Iterations</dt><dd id="mm-done" data-value="0">0</dd></div>
        <div><dt>Per second</dt><dd id="mm-rate" data-value="0">–</dd></div>
        <div><dt>Forbidden under SC, seen</dt><dd id="mm-forbidden" data-value="0">0</dd></div>
        <div><dt>CPU</dt><dd id="mm-cpu">…</dd></div>
      </dl>
      <div class="mm-table-wrap" tabindex="0" role="group" aria-labelledby="mm-hist-caption">
      <table class="mm-hist" id="mm-hist">
        <caption id="mm-hist-caption">Every outcome: how often this run saw it, and whether each memory model allows it
        (with plain accesses)</caption>
        <thead><tr><th scope="col">Outcome</th><th scope="col">Seen</th><th scope="col">Per million</th>
          <th scope="col"><span class="visually-hidden">Share</span></th>
          ${MODELS.map(([, name]) => `<th scope="col">${name}</th>`).join('')}</tr></thead>
        <tbody></tbody>
      </table>
      </div>
      <p id="mm-lock-total" class="mm-note" hidden></p>
      <p class="mm-note">With <code>Atomics</code>, JavaScript promises sequential consistency: only the SC column’s
      outcomes, on every CPU. With the fence — an <code>Atomics.add</code> between a thread’s accesses, the nearest
      JavaScript has to x86’s <code>mfence</code> — x86 behaves like SC; on other CPUs JavaScript promises nothing
      for plain accesses.</p>
      <p id="mm-cpu-note" class="mm-note"></p>
      <p class="step-link"><a id="mm-stepper" href="?lab=stepper">Under every interleaving: explore this test in the
      stepper</a> — it tries every order of the threads’ steps and never finds the forbidden outcome.</p>
    </section>
    ${SAW_HTML}
    ${pythonHtml(`Python’s threads run the same store-buffering test, and the same Peterson lock, as the stepper
      does: as interleavings. CPython has no plain-versus-atomic accesses to choose between — each bytecode’s effect
      on a shared object happens at once — so Python code cannot show what this lab shows, with or without the GIL.`)}
    <details class="how">
      <summary>How the runs work</summary>
      <p>Each litmus thread is a Web Worker of this lab’s own, running JavaScript on one shared
      <code>Int32Array</code> (not the ThreadLab engine’s WebAssembly: WebAssembly has only plain accesses and
      sequentially consistent atomics, while JavaScript’s plain typed-array accesses race with defined but unordered
      results). Before every iteration the threads meet at a spin barrier, so that their few accesses overlap in
      time. Every iteration uses fresh locations, each in its own cache line and placed at random, as litmus7 does:
      the threads find them through an index table, so the JavaScript compiler can neither move a load out of the
      loop nor merge or reorder two accesses — whatever reordering shows is the CPU’s. The first thread counts the
      outcomes into a histogram in the same memory, which this page reads every frame. Stop terminates the workers.</p>
      <p>The tables come from the published models: x86-TSO (Owens, Sarkar and Sewell, 2009) and ARMv8 (Pulte et
      al., POPL 2018, herd7’s <code>aarch64.cat</code>); the SC column is what the stepper finds by trying every
      interleaving.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  if (!canRun) $('#mm-unavailable').hidden = false;
  /** @type {'x86' | 'arm' | ''} */
  let family = '';
  void cpuFamily().then((f) => {
    family = f;
    $('#mm-cpu').textContent = f === 'x86' ? 'x86' : f === 'arm' ? 'ARM' : 'not said';
    $('#mm-cpu').dataset.family = f;
    $('#mm-cpu-note').textContent = cpuText(f);
  });

  /** @type {HistogramView} */
  let hist;
  let shownTest = '';
  /** The test's code, histogram, predict question and stepper link, for the form's values. */
  const show = () => {
    const t = BY_ID[values.test];
    if (!t) return;
    $('#mm-blurb').textContent = t.blurb;
    $('#mm-threads').replaceChildren(
      ...listing(t, values.access).map((code, i) =>
        el('figure', { class: 'mm-thread' }, el('figcaption', {}, `Thread ${i}`), el('pre', {}, el('code', {}, code))),
      ),
    );
    if (t.id === shownTest) return;
    shownTest = t.id;
    hist = new HistogramView(/** @type {HTMLTableSectionElement} */ ($('#mm-hist tbody')), t);
    $('#mm-predict').innerHTML = predictHtml(`with these accesses, can <code>${outcomeText(t, scForbidden(t)[0].vals)}</code> happen?`, PREDICT);
    bindPredict(root, PREDICT);
    /** @type {HTMLAnchorElement} */ ($('#mm-stepper')).href = stepperHref(t);
    $('#mm-lock-total').hidden = !t.lock;
    for (const id of ['#mm-done', '#mm-forbidden']) {
      $(id).textContent = '0';
      $(id).dataset.value = '0';
    }
  };
  show();

  const redraw = new LiveLoop();
  /** @type {Worker[]} */
  let workers = [];
  /** @type {(() => void) | null} ends the current run's wait when Stop is pressed */
  let stopped = null;
  const endWorkers = () => {
    for (const w of workers) w.terminate();
    workers = [];
  };

  /** Draws the histogram and the readout from the run's memory. */
  const drawAll = (/** @type {Int32Array} */ m, /** @type {number} */ t0, /** @type {import('./litmus.js').LitmusTest} */ t) => {
    const { done, counts } = hist.draw(m);
    const forbidden = counts.reduce((s, c, i) => s + (hist.rows[i].scForbidden ? c : 0), 0);
    const rate = done / Math.max(1e-3, (performance.now() - t0) / 1000);
    $('#mm-done').textContent = fmt(done);
    $('#mm-done').dataset.value = String(done);
    $('#mm-forbidden').textContent = fmt(forbidden);
    $('#mm-forbidden').dataset.value = String(forbidden);
    $('#mm-rate').textContent = done ? fmt(Math.round(rate)) : '–';
    $('#mm-rate').dataset.value = String(Math.round(rate));
    if (t.lock) {
      // The counter each iteration leaves is its outcome: 2, or 1 when an increment was lost.
      const total = counts.reduce((s, c, i) => s + c * t.outcomes[i].vals[0], 0);
      const el2 = $('#mm-lock-total');
      el2.textContent = `The counter the lock protects: ${fmt(total)} of ${fmt(2 * done)} increments (${fmt(2 * done - total)} lost).`;
      el2.dataset.counter = String(total);
      el2.dataset.expected = String(2 * done);
    }
    return { done, forbidden, rate };
  };

  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params, say }) => {
      const t = BY_ID[params.test];
      const n = threadsOf(t);
      const sab = new SharedArrayBuffer(BYTES);
      const m = new Int32Array(sab);
      say(`Starting ${n} workers…`);
      workers = Array.from(
        { length: n },
        (_, i) => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `litmus-thread-${i}` }),
      );
      const stop = new Promise((resolve) => {
        stopped = () => resolve('stopped');
      });
      try {
        const ready = await Promise.race([Promise.all(workers.map((w) => waitFor(w, MM.READY))), stop]);
        if (ready === 'stopped') return { state: 'stopped', summary: 'Stopped before the workers started.' };
        const cores = navigator.hardwareConcurrency || 2;
        const seed = (Math.random() * 2 ** 31) | 0;
        const finished = Promise.all(workers.map((w) => waitFor(w, MM.DONE)));
        workers.forEach((w, i) => {
          /** @type {import('./messages.js').MmStart} */
          const msg = { type: MM.START, sab, params: { test: t.id, access: params.access, iters: params.iters, thread: i, cores, seed: seed + i } };
          w.postMessage(msg);
        });
        const t0 = performance.now();
        say(`Running ${t.name}: ${n} workers, ${fmt(params.iters)} iterations…`);
        redraw.start(() => drawAll(m, t0, t));
        /** @type {import('./messages.js').MmDone[] | 'stopped'} */
        const end = await Promise.race([finished, stop]);
        redraw.stop();
        const r = drawAll(m, t0, t);
        if (end === 'stopped') {
          return {
            state: 'stopped',
            summary: `Stopped: the workers were terminated after ${fmt(r.done)} of ${fmt(params.iters)} iterations; the forbidden outcome was seen ${fmt(r.forbidden)} times.`,
            results: { test: t.id, access: params.access, iterations: r.done, forbidden: r.forbidden },
          };
        }
        // The rate by thread 0's own clock: from the first barrier to the last.
        const rate = (r.done * 1000) / Math.max(1e-3, end[0].ms);
        $('#mm-rate').textContent = fmt(Math.round(rate));
        $('#mm-rate').dataset.value = String(Math.round(rate));
        giveFeedback(t, params.access, r.forbidden);
        const bad = outcomeText(t, scForbidden(t)[0].vals);
        return {
          state: 'done',
          summary: `Done: ${fmt(r.done)} iterations in ${fmt(Math.round(end[0].ms))} ms (${fmt(Math.round(rate))} a second); ${bad} seen ${fmt(r.forbidden)} times.`,
          results: { test: t.id, access: params.access, iterations: r.done, forbidden: r.forbidden, perSecond: Math.round(rate) },
          saw: sawText(t, params.access, { ...r, rate }, family),
        };
      } finally {
        redraw.stop();
        stopped = null;
        endWorkers();
      }
    },
    stop: () => {
      // A worker spinning at a barrier or in a lock cannot read a message: end them all.
      endWorkers();
      stopped?.();
    },
    params: {
      errorsBox,
      schema,
      ctx,
      // Without shared memory nothing can run: Run stays disabled (the notice above says why).
      blocked: () => !canRun,
      onValues: show,
    },
  });

  function giveFeedback(/** @type {import('./litmus.js').LitmusTest} */ t, /** @type {import('./litmus.js').Access} */ access, /** @type {number} */ seen) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const a = modelAnswer(t, access);
    const verdict = !choice ? '' : choice.value === a.value ? 'Your prediction fits the models. ' : 'Not what the models say. ';
    $('#predict-feedback').textContent = `${verdict}${a.why} This run saw it ${fmt(seen)} times.`;
  }

  return {
    dispose() {
      redraw.stop();
      endWorkers();
    },
  };
}
