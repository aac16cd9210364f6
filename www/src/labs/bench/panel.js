// Lab `bench`, page side: the panel. The measurements are measure.js, the
// table's rows rows.js, P5's frame timing live.js, the pair workers pair.js.
// scripts/bench.mjs clicks Run here and reads `threadlabBench.last`.
import './bench.css';
import meta from './meta.js';
import { Stopped, runAll } from './measure.js';
import { rows } from './rows.js';
import { el, fmt, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { SAW_HTML } from '../../views/lab-parts.js';
import { RunController } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

const CORES = Math.max(1, navigator.hardwareConcurrency || 1);

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
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
      <div><dt>Speedup, all threads vs 1</dt><dd id="bench-speedup" data-value="">–</dd><dd class="sub" id="bench-efficiency"></dd></div>
    </dl>
    <p id="bench-unavailable" class="notice" hidden></p>
    ${formHtml(schema)}
    <p id="status" class="status" role="status" aria-live="polite">Ready. A run takes about ten seconds with the defaults.</p>
    <div class="bench-body">
      <div class="bench-scroll" id="bench-results-box" tabindex="0" role="region" aria-labelledby="bench-caption" hidden>
        <table class="bench-results" id="bench-results">
          <caption id="bench-caption">Results on this machine: median, and the fastest–slowest of the runs</caption>
          <thead><tr><th scope="col">Part</th><th scope="col">Measure</th><th scope="col">Median</th><th scope="col">Min–max</th><th scope="col">Target</th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <figure class="bench-grid">
        <canvas id="bench-canvas" class="grid big" width="256" height="256" role="img" aria-label="The 256×256 grid the threads paint during P5, as the page drew it"></canvas>
        <figcaption>P5: the 256 × 256 grid in shared memory, drawn every frame while the threads paint it.</figcaption>
      </figure>
    </div>
    ${SAW_HTML}
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
    note.textContent =
      'Without shared memory (see the note above) the thread measurements — P1 speedup, the shared hand-over in P3, ' +
      'the Atomics round trip in P4, P5 and the pool start — are unavailable here. The single-thread sum, copying, transfer and ' +
      'postMessage round trips still run.';
  }

  /** @param {import('./rows.js').AllResults} r */
  const show = (r) => {
    $('#bench-results tbody').replaceChildren(
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
    $('#bench-results-box').hidden = false;
    const speedup = $('#bench-speedup');
    if ('speedup' in r.p1) {
      speedup.textContent = `${r.p1.speedup.toFixed(2)}×`;
      speedup.dataset.value = String(r.p1.speedup);
      $('#bench-efficiency').textContent = `${(100 * r.p1.efficiency).toFixed(0)} % of ${r.threads} threads on ${r.cores} cores`;
    } else {
      speedup.textContent = 'unavailable';
    }
  };

  /** For scripts/bench.mjs and the console: the last results, and how to show extra rows. */
  const api = { last: /** @type {import('./measure.js').Results | null} */ (null), rows, show };
  Object.assign(globalThis, { threadlabBench: api });

  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params, stopRequested, say }) => {
      const canvas = /** @type {HTMLCanvasElement} */ ($('#bench-canvas'));
      try {
        const r = await runAll(/** @type {import('./measure.js').Config} */ (params), ctx, { say, stopRequested, canvas });
        api.last = r;
        show(r);
        return {
          state: 'done',
          summary: 'speedup' in r.p1
            ? `Done: ${r.threads} threads ran the sum ${r.p1.speedup.toFixed(2)}× faster than one, on ${r.cores} cores.`
            : 'Done. The thread measurements are unavailable on this page.',
          results: resultsOf(r),
          saw: sawOf(r),
        };
      } catch (err) {
        if (!(err instanceof Stopped)) throw err;
        return { state: 'stopped', summary: 'Stopped: the workers were told to stop (or ended), and nothing more was measured.' };
      }
    },
    stop: async () => {
      // The pair workers may be blocked in Atomics.wait: end them (fresh ones start on the next run).
      ctx.isolated.stop();
      await ctx.shared?.stop();
    },
    params: { errorsBox, schema, ctx },
  });

  return {
    dispose() {
      ctx.isolated.stop();
      void ctx.shared?.stop();
    },
  };
}

/**
 * The figures a course page gets when a run ends (plain JSON: no BigInt).
 * @param {import('./measure.js').Results} r
 */
function resultsOf(r) {
  return {
    cores: r.cores,
    threads: r.threads,
    speedup: 'speedup' in r.p1 ? r.p1.speedup : null,
    sumMs: r.p2.wasm.median,
    cloneMs: r.p3.clone.median,
    sharedHandOverMs: 'median' in r.p3.shared ? r.p3.shared.median : null,
    messageRoundTripMs: r.p4.message.median,
    atomicsRoundTripMs: 'median' in r.p4.atomics ? r.p4.atomics.median : null,
  };
}

/**
 * The run's lesson in plain words, from its own numbers.
 * @param {import('./measure.js').Results} r
 */
function sawOf(r) {
  const us = (/** @type {number} */ ms) => `${(ms * 1000).toFixed(ms < 0.01 ? 1 : 0)} µs`;
  const mib = r.p3.bytes / 1048576;
  const parts = [];
  if ('speedup' in r.p1) {
    parts.push(
      `${r.threads} threads summed ${fmt(r.config.n)} items ${r.p1.speedup.toFixed(2)}× faster than one thread (${fmtMs(r.p1.one.median)} → ${fmtMs(r.p1.all.median)} ms) on ${r.cores} cores: ${
        r.p1.speedup >= 0.95 * r.threads ? 'nearly the most the cores allow' : 'less than the thread count, for the reasons below'
      }.`,
    );
  } else parts.push(`On this page one thread summed ${fmt(r.config.n)} items in ${fmtMs(r.p2.wasm.median)} ms; threads need shared memory, which it does not have.`);
  parts.push(`Copying ${mib} MiB to another worker took ${fmtMs(r.p3.clone.median)} ms`);
  if ('median' in r.p3.shared && r.p3.sharedVsClone !== null) {
    parts[parts.length - 1] += `; handing it over in shared memory took ${us(r.p3.shared.median)} — ${fmt(Math.round(r.p3.sharedVsClone))}× less, because nothing was copied.`;
  } else parts[parts.length - 1] += '.';
  if ('median' in r.p4.atomics) {
    parts.push(`A round trip by message took ${us(r.p4.message.median)}, through one word of shared memory ${us(r.p4.atomics.median)}.`);
  } else parts.push(`A round trip by message took ${us(r.p4.message.median)}.`);
  return parts.join(' ');
}
