// Lab `map-reduce`, page side: the panel. The ways are in ways.js, the
// numbers and the reduction drawn by report.js, the image in image.js; the
// code inside the engine workers is threads.js and process.js.
import { TOO_SHORT, clockTickMs, fmtSpeedup, measurable, speedupDigits, speedupOf } from '../../views/speedup.js';
import python from './map-reduce.py?raw';
import meta, { MAX_SIDE } from './meta.js';
import './map-reduce.css';
import { ImageView } from './live.js';
import { WIN_FIELDS } from './process.js';
import { decodeFile, generate, MAX_FILE_BYTES } from './image.js';
import { bytesDiffering, runBaseline, runInterpreters, runProcesses, runThreads } from './ways.js';
import { showAgreement, showReduction, showWay } from './report.js';
import { playReduction } from './tree.js';
import { AmdahlChart, amdahlOf, STYLE } from './amdahl.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { el, fmt, fmtBytes, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController, stopSide } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['little', 'Under a tenth: copying is cheap next to filtering'],
  ['half', 'About half'],
  ['most', 'Most of it: the pixels travel twice, filtering them is quick'],
  ['none', 'None: processes share the image'],
];

const WAYS = /** @type {const} */ ([
  ['threads', 'Threads · one shared image', 'Every thread writes its tiles straight into the one result in shared memory.'],
  ['interpreters', 'Interpreters · a shared queue', 'Each worker has its own instance; tile numbers come from a queue in shared memory, pixels are read and written there.'],
  ['processes', 'Processes · copies by message', 'Each worker gets its windows by message and sends every tile back by message.'],
]);

const wayHtml = (/** @type {readonly [string, string, string]} */ [id, h, what]) => `
      <section class="view mr-way" id="way-${id}" aria-labelledby="way-${id}-h">
        <h2 id="way-${id}-h">${h}</h2>
        <p class="sub">${what}</p>
        <p class="notice" data-unavailable hidden></p>
        <canvas class="mr-canvas" role="img" aria-label="${h}: the result as it fills in, each tile outlined in its worker's colour"></canvas>
        <dl class="readout">
          <div><dt>Total time</dt><dd data-total data-value="0">–</dd></div>
          <div><dt>Speedup over one worker</dt><dd data-speedup data-value="0">–</dd></div>
          <div><dt>Share of worker time spent copying</dt><dd data-copy-share data-value="0">–</dd></div>
          <div><dt>Pixel bytes copied by message</dt><dd data-bytes data-value="0">–</dd></div>
          <div><dt>Pixel bytes transferred (not copied)</dt><dd data-transferred data-value="0">–</dd></div>
          <div><dt>Load balance</dt><dd data-balance data-value="0">–</dd></div>
          <div><dt>Serial part (for Amdahl’s law)</dt><dd data-serial data-value="-1">–</dd></div>
          <div><dt>Same pixels as one worker?</dt><dd data-identical data-value="-1">–</dd></div>
          <div><dt>Same histogram?</dt><dd data-hist-same data-value="-1">–</dd></div>
        </dl>
        <p class="sub" data-load></p>
        <div class="table-scroll"><table class="writers">
          <caption>Each worker: tiles, milliseconds computing and copying</caption>
          <thead><tr><th scope="col">Worker</th><th scope="col">Tiles</th><th scope="col">Compute</th><th scope="col">Copy</th></tr></thead>
          <tbody></tbody>
        </table></div>
      </section>`;

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">Map a filter over the tiles of an image on <b>W</b> workers, then reduce the tiles’
    histograms to one. Three ways to share the work: <b>threads</b> on one shared image, <b>interpreters</b>
    (each its own memory, fed through a shared queue — Python 3.14’s <code>concurrent.interpreters</code>),
    and <b>processes</b> (each its own memory, every pixel copied by message). Watch where the time goes.</p>
    ${formHtml(schema, {
      extra: `
      <div class="mr-file" id="mr-drop">
        <label class="file">Or your own image (it never leaves this page) <input type="file" id="mr-file" accept="image/*"
          aria-describedby="mr-file-help"></label>
        <small id="mr-file-help">PNG, JPEG, GIF or WebP, up to ${MAX_SIDE} × ${MAX_SIDE} pixels and ${MAX_FILE_BYTES / 1048576} MB;
          or drop it here.</small>
        <p id="mr-source" class="sub" aria-live="polite"></p>
        <button type="button" id="mr-generated" hidden>Use the generated image</button>
      </div>`,
    })}
    ${predictHtml('4 processes on 4 cores blur an image: what share of their time is copying?', PREDICT)}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div class="mr-views">${WAYS.map(wayHtml).join('')}</div>
    <section class="view" id="mr-amdahl" aria-labelledby="amdahl-h" hidden>
      <h2 id="amdahl-h">Amdahl’s law for each way</h2>
      <p>Each way’s <em>serial part</em> is the wall time its run took beyond perfectly shared work: total time
      minus the workers’ busy time ÷ W — cutting and pasting on the page, starting, handing out, waiting for the
      slowest. Amdahl’s law with that part predicts the speedup at any W (the lines); the marks are measured.
      Tick “measure at fewer workers too” to test the prediction at W = 1, 2, 4 …</p>
      <figure class="mr-amdahl-chart" data-amdahl aria-labelledby="amdahl-cap">
        <div data-plot></div>
        <figcaption id="amdahl-cap"><span data-amdahl-key></span></figcaption>
      </figure>
      <div class="table-scroll"><table data-amdahl-table>
        <caption>Amdahl’s law, way by way</caption>
        <thead><tr><th scope="col">Way</th><th scope="col">Serial σ</th><th scope="col">Shared P</th>
          <th scope="col">Serial share</th><th scope="col">At W = 1</th><th scope="col">Ceiling T₁ ÷ σ</th></tr></thead>
        <tbody></tbody>
      </table></div>
    </section>
    <section class="view" id="reduction" aria-labelledby="red-h" hidden>
      <h2 id="red-h">The reduce step</h2>
      <p>The <span data-reduced-way>workers</span>’ partial histograms (pixels per grey value), combined
      pairwise as a tree — each round’s additions can run at once — and by one combiner, one after another.</p>
      <div class="mr-reduce" data-reduce-fig>
        <figure>
          <figcaption>As a tree: a round’s additions are independent of each other</figcaption>
          <svg data-tree-svg class="mr-tree-svg" role="img" aria-label="The reduction tree: the workers’ histograms at the bottom, each box above the sum of the two below it, lit when its addition is done"></svg>
        </figure>
        <figure>
          <figcaption>One combiner: each addition waits for the one before</figcaption>
          <svg data-chain-svg class="mr-tree-svg" role="img" aria-label="One combiner: its running total after each addition, left to right, lit when done"></svg>
        </figure>
      </div>
      <p class="sub">Played a step at a time on one clock — a tree round and one addition of the single combiner per
      step — so you can watch; the additions themselves take microseconds.</p>
      <ol class="mr-tree" data-tree></ol>
      <dl class="readout">
        <div><dt>Tree</dt><dd data-rounds data-value="0">–</dd></div>
        <div><dt>One combiner</dt><dd data-single-steps data-value="0">–</dd></div>
        <div><dt>Do they agree?</dt><dd data-agree data-value="-1">–</dd></div>
      </dl>
      <canvas class="mr-hist" role="img" aria-label="The histogram of the result: pixels per grey value, 0 to 255"></canvas>
      <p>Integers add the same in any order. Floats do not: each tile’s mean brightness as a 32-bit float,
      summed in three orders —</p>
      <div class="table-scroll"><table data-float>
        <caption>One sum, three orders</caption>
        <thead><tr><th scope="col">Order</th><th scope="col">Sum</th><th scope="col">Bits</th></tr></thead>
        <tbody></tbody>
      </table></div>
      <p data-float-verdict data-value="0"></p>
      <p>Step through the book’s pairwise reduction one bytecode at a time in the
      <a href="?lab=stepper&amp;sample=processes">stepper</a>.</p>
    </section>
    ${SAW_HTML}
    ${pythonHtml(`The same map and reduce in pure Python: <code>multiprocessing.Pool</code> filters the tiles of a
      generated image, the partial histograms are reduced pairwise through queues as in the book, and with Python 3.14
      or later <code>InterpreterPoolExecutor</code> runs the map on subinterpreters.`)}
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The filters are Rust, compiled to WebAssembly, written once with integer arithmetic, so every way must
      produce the same bytes as one worker filtering the whole image — the page checks every byte. A blur needs a
      <em>halo</em>: the pixels around a tile, up to the radius. Threads and interpreters read them from the shared
      image; a process must be sent them with its tile.</p>
      <p>Speedups are measured against one isolated worker filtering the whole image without tiles. On a machine
      with few cores, many workers take turns: the speedup cannot exceed the cores.</p>
      <p>Threads take tiles by rayon’s <em>work stealing</em> (an idle thread takes half of a busy one’s queue) or
      by a <em>static split</em> (W equal runs of tiles); interpreters take the next tile number from the shared
      queue; processes get W equal runs, as <code>Pool.map</code> hands out chunks.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  /** @type {Record<string, ImageView>} */
  const views = {};
  for (const [id] of WAYS) views[id] = new ImageView(/** @type {HTMLCanvasElement} */ ($(`#way-${id} canvas`)));
  const redraw = new LiveLoop();

  // --- the image --------------------------------------------------------------
  /** @type {import('./image.js').Picture | null} the learner's file, when one is chosen */
  let file = null;
  let fileError = '';
  const sourceSaid = () => {
    $('#mr-source').textContent = fileError
      ? 'Your file was refused (the reason is above); choose another or use the generated image.'
      : file
        ? `Using your image: ${file.name}.`
        : `Using the generated image, ${values.width} × ${values.height}.`;
    $('#mr-generated').hidden = !file && !fileError;
  };
  const recheck = () => form.dispatchEvent(new Event('input'));
  /** @param {File | undefined} f */
  async function takeFile(f) {
    if (!f) return;
    file = null;
    fileError = '';
    $('#mr-source').textContent = `Reading ${f.name}…`;
    try {
      file = await decodeFile(f);
    } catch (err) {
      fileError = err instanceof Error ? err.message : String(err);
    }
    sourceSaid();
    recheck();
  }
  const input = /** @type {HTMLInputElement} */ ($('#mr-file'));
  input.addEventListener('change', () => void takeFile(input.files?.[0]));
  const drop = $('#mr-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void takeFile(e.dataTransfer?.files?.[0]);
  });
  $('#mr-generated').addEventListener('click', () => {
    file = null;
    fileError = '';
    input.value = '';
    sourceSaid();
    recheck();
  });

  // Which ways run: those the mode asks for that this page can run.
  const waysFor = (/** @type {string} */ mode) =>
    WAYS.map(([id]) => id).filter((id) => (mode === 'all' || mode === (id === 'processes' ? 'isolated' : id)) && (id === 'processes' || ctx.shared));
  const showViews = () => {
    for (const [id] of WAYS) {
      const box = $(`#way-${id}`);
      const wanted = values.mode === 'all' || values.mode === (id === 'processes' ? 'isolated' : id);
      box.hidden = !wanted && !!ctx.shared;
      const note = /** @type {HTMLElement} */ (box.querySelector('[data-unavailable]'));
      note.hidden = !!ctx.shared || id === 'processes';
      note.textContent = 'Shared memory is not available on this page (see the note above), so this way cannot run here. Processes work.';
    }
    sourceSaid();
  };
  showViews();

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  const runner = new RunController({
    root,
    controls: { form, runBtn, stopBtn, status },
    values,
    start: async ({ params, stopRequested, say }) => {
      if (fileError) return { state: 'stopped', summary: `Nothing ran: ${fileError}` };
      const s = /** @type {import('./ways.js').Settings} */ (/** @type {unknown} */ (params));
      const pic = file ?? generate(params.width, params.height);
      for (const v of Object.values(views)) v.reset(pic.width, pic.height);
      const ways = waysFor(params.mode);
      try {
        say(`One worker filters the whole ${pic.width} × ${pic.height} image (the baseline)…`);
        active = 'isolated';
        const base = await runBaseline(ctx, pic, s);
        if (!base || stopRequested()) return { state: 'stopped', summary: 'Stopped during the one-worker baseline: its worker was terminated.' };
        /** @type {Record<string, import('./ways.js').WayReport>} */
        const done = {};
        /** @type {string[]} ways whose pixels differ from one worker's */
        const mismatched = [];
        /** @type {Record<string, {fit: import('./amdahl.js').Fit, points: Array<[number, number]>}>} */
        const fits = {};
        for (const way of ways) {
          const Way = `${way[0].toUpperCase()}${way.slice(1)}`;
          const stoppedIn = () => ({
            state: /** @type {const} */ ('stopped'),
            summary: `Stopped mid-image (${way}): ${way === 'threads' ? 'every thread saw the stop word and returned' : 'its workers were terminated'}.`,
          });
          active = way === 'threads' ? 'shared' : 'isolated';
          const runWay = (/** @type {number} */ n) => {
            const args = { ctx, pic, s: { ...s, workers: n }, base, view: views[way], redraw, stopRequested };
            return way === 'threads' ? runThreads(args) : way === 'interpreters' ? runInterpreters(args) : runProcesses(args);
          };
          /** @type {Array<[number, number]>} measured [W, speedup] */
          const points = [];
          // The sweep: the same way on 1, 2, 4 … workers first, to test the prediction.
          for (let n = 1; params.sweep && n < params.workers; n *= 2) {
            say(`${Way}: ${n} worker${n === 1 ? '' : 's'} first, for the chart…`);
            const r = await runWay(n);
            if (r.stopped || stopRequested()) return stoppedIn();
            const sp = speedupOf(base.ms, r.totalMs);
            if (sp !== null) points.push([n, sp]);
          }
          say(`${Way}: ${params.workers} workers, ${fmt(base.windows.length / WIN_FIELDS)} tiles…`);
          const r = await runWay(params.workers);
          if (r.stopped || stopRequested()) return stoppedIn();
          const sp = speedupOf(base.ms, r.totalMs);
          if (sp !== null) points.push([params.workers, sp]);
          fits[way] = { fit: amdahlOf(r, base.ms), points };
          const differing = r.pixels ? bytesDiffering(r.pixels, base.pixels) : -1;
          showWay($(`#way-${way}`), r, base, differing);
          done[way] = r;
          if (differing !== 0) mismatched.push(way);
        }
        showAmdahl(fits);
        const last = done[ways[ways.length - 1]];
        if (last) {
          showReduction($('#reduction'), last, base);
          say(`Reducing the ${last.hists.length} partial histograms: as a tree and by one combiner…`);
          const played = await playReduction($('[data-reduce-fig]'), last.hists, stopRequested);
          if (!played) return { state: 'stopped', summary: 'Stopped during the reduce step.' };
          showAgreement($('#reduction'), played.tree, played.chain, base);
        }
        giveFeedback(done);
        return summarise(done, base, pic, mismatched, fits);
      } finally {
        redraw.stop();
        active = null;
      }
    },
    stop: async () => {
      await stopSide(ctx, active);
    },
    params: {
      errorsBox,
      schema,
      ctx,
      threadModes: ['all', 'threads', 'interpreters'],
      check: () => /** @type {Record<string, string>} */ (fileError ? { file: fileError } : {}),
      onValues: showViews,
    },
  });
  bindPredict(root, PREDICT);

  const chart = new AmdahlChart(/** @type {HTMLElement} */ ($('#mr-amdahl [data-plot]')), $('#mr-amdahl [data-amdahl]'));
  /** @param {Record<string, {fit: import('./amdahl.js').Fit, points: Array<[number, number]>}>} fits */
  function showAmdahl(fits) {
    const box = $('#mr-amdahl');
    box.hidden = false;
    for (const [way, { fit }] of Object.entries(fits)) {
      const dd = /** @type {HTMLElement} */ ($(`#way-${way} [data-serial]`));
      dd.textContent = `${fmtMs(fit.serialMs)} ms, ${(100 * fit.s).toFixed(0)} % of the work`;
      dd.dataset.value = String(fit.s);
    }
    const cores = navigator.hardwareConcurrency || 1;
    const W = Math.max(1, ...Object.values(fits).flatMap((f) => f.points.map(([n]) => n)));
    chart.draw(fits, cores);
    if (!Object.values(fits).some(({ fit }) => measurable(fit.baseMs))) {
      // Nothing to plot: say why rather than leave an empty chart with a key.
      const ms = Object.values(fits)[0]?.fit.baseMs ?? 0;
      const tick = clockTickMs();
      $('#mr-amdahl [data-amdahl-key]').replaceChildren(
        `One worker filtered the image in ${ms < tick ? `under ${fmtMs(tick)} ms (one tick)` : `${fmtMs(ms)} ms`}: ${TOO_SHORT} with this browser’s clock, so there is no speedup to plot. Try a larger image.`,
      );
    } else $('#mr-amdahl [data-amdahl-key]').replaceChildren(
      'Measured: ',
      ...Object.keys(fits).flatMap((way, i) => {
        const mark = el('span', { class: 'mark', 'aria-hidden': 'true' }, STYLE[way].marker);
        mark.style.color = STYLE[way].colour; // through the CSSOM: the CSP allows no style attributes
        return [i ? ', ' : '', mark, ` ${STYLE[way].name.toLowerCase()}`];
      }),
      `. The dotted vertical line: this machine’s ${cores} cores — beyond them workers take turns, so the lines promise more than it can give.`,
      W > cores
        ? ` With W = ${W} on ${cores} cores, each worker’s busy time includes its turns off a core, which inflates P and hides σ.`
        : '',
    );
    $('#mr-amdahl [data-amdahl-table] tbody').replaceChildren(
      ...Object.entries(fits).map(([way, { fit }]) => {
        const ceiling = !(fit.serialMs > 0) ? 'none measured' : measurable(fit.serialMs) && measurable(fit.baseMs) ? `${speedupDigits(fit.baseMs / fit.serialMs)}×` : TOO_SHORT;
        return el(
          'tr',
          { 'data-way': way },
          el('th', { scope: 'row' }, STYLE[way].name),
          el('td', {}, `${fmtMs(fit.serialMs)} ms`),
          el('td', {}, `${fmtMs(fit.workMs)} ms`),
          el('td', { 'data-share': String(fit.s) }, `${(100 * fit.s).toFixed(1)} %`),
          el('td', {}, fmtSpeedup(measurable(fit.baseMs) ? fit.predict(1) : null)),
          el('td', {}, ceiling),
        );
      }),
    );
  }

  /** @param {Record<string, import('./ways.js').WayReport>} done */
  function giveFeedback(done) {
    const p = done.processes;
    if (!p) return;
    const copy = p.workers.reduce((a, w) => a + w.copyMs, 0);
    const busy = p.workers.reduce((a, w) => a + w.copyMs + w.computeMs, 0);
    const share = busy ? copy / busy : 0;
    const right = share < 0.1 ? 'little' : share < 0.35 ? 'half' : 'most';
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const verdict = !choice ? '' : choice.value === right || (right === 'half' && choice.value === 'most') ? 'Your prediction fits. ' : 'Not quite. ';
    $('#predict-feedback').textContent = `${verdict}This run: the processes spent ${Math.round(100 * share)} % of their time copying pixels.`;
  }

  return {
    dispose() {
      redraw.stop();
      chart.dispose();
    },
  };
}

/** "2.31× one worker", or "speedup too short to measure". @param {string} text */
const withUnit = (text) => (text === TOO_SHORT ? `speedup ${TOO_SHORT}` : `${text} one worker`);

/**
 * The run's outcome and its lesson in plain words, from its own numbers.
 * @param {Record<string, import('./ways.js').WayReport>} done
 * @param {import('./ways.js').Baseline} base
 * @param {import('./image.js').Picture} pic
 * @param {string[]} mismatched
 * @param {Record<string, {fit: import('./amdahl.js').Fit, points: Array<[number, number]>}>} fits
 * @returns {import('../../views/run-controller.js').RunOutcome}
 */
function summarise(done, base, pic, mismatched, fits) {
  const parts = [];
  /** @type {Record<string, unknown>} */
  const results = { baselineMs: base.ms, width: pic.width, height: pic.height };
  for (const [way, r] of Object.entries(done)) {
    const copy = r.workers.reduce((a, w) => a + w.copyMs, 0);
    const busy = r.workers.reduce((a, w) => a + w.copyMs + w.computeMs, 0);
    const fit = fits[way]?.fit;
    results[way] = {
      totalMs: r.totalMs,
      speedup: speedupOf(base.ms, r.totalMs),
      copyShare: busy ? copy / busy : 0,
      bytesCopied: r.bytesCopied,
      bytesTransferred: r.bytesTransferred,
      serialMs: fit?.serialMs,
      serialShare: fit?.s,
      measured: fits[way]?.points,
    };
    parts.push(
      `${way}: ${fmtMs(r.totalMs)} ms, ${withUnit(fmtSpeedup(speedupOf(base.ms, r.totalMs)))}, ${Math.round((100 * copy) / (busy || 1))} % copying${r.bytesCopied ? `, ${fmtBytes(r.bytesCopied)} copied by message` : ''}`,
    );
  }
  const same = mismatched.length
    ? `The pixels of ${mismatched.join(' and ')} differ from one worker's.`
    : 'Every way produced the same pixels as one worker.';
  const summary = `Done. One worker: ${fmtMs(base.ms)} ms. ${parts.join('; ')}. ${same}`;
  const saw = `The same filter, the same ${pic.width} × ${pic.height} pixels, the same result three ways. ${parts.join('. ')}. Threads and interpreters moved no pixel by message; processes paid for every byte twice (out and back). The histogram came out the same whether combined as a tree or by one combiner, because integer addition is associative; a float sum did not promise that.`;
  return { state: 'done', summary, results, saw };
}
