// Lab `race`, page side: the panel. Its per-frame view is live.js, the
// results of the repetitions results.js, its code in the two engine workers
// threads.js and process.js.
import './race.css';
import python from './race.py?raw';
import meta from './meta.js';
import { RaceLanes } from './live.js';
import { EVERY_RUN_HEAD, showResults } from './results.js';
import { VARIANTS, indexOf } from './variants.js';
import { LiveLoop } from '../../views/live.js';
import { colourOf } from '../../views/palette.js';
import { MSG } from '../../engine/messages.js';
import { bindPredict } from '../../views/predict.js';
import { el, fmt, swatch } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController, stopSide } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['exact', 'Exactly T × N, in every run'],
  ['less', 'Less than T × N in some runs — updates get lost'],
  ['more', 'Sometimes more than T × N'],
  ['n', 'Exactly N — the threads overwrite each other completely'],
];

const s = (/** @type {number} */ n) => (n === 1 ? '' : 's');

/**
 * @typedef {{counter: number, lost: number, us: number}} Trial one variant in one repetition, lanes in VARIANTS order
 * @typedef {{stopped: true, how: string}} Stopped
 * @typedef {{stopped: false, verdict: string, lossy: number, trials: Trial[][]}} SharedDone
 * @typedef {{stopped: false, verdict: string, counter: number, messages: number}} IsolatedDone
 */

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
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
    ${formHtml(schema)}
    ${predictHtml('T threads each do <code>counter += 1</code> N times with no lock. Where does the counter end?', PREDICT)}
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
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="race-times-cap">
              <table class="writers race-times" id="race-times">
                <caption id="race-times-cap">Time of each variant: median over the runs, and what the lock costs</caption>
                <thead><tr><th scope="col">Variant</th><th scope="col">Median (ms)</th><th scope="col">Min – max (ms)</th><th scope="col">× unsynchronised</th></tr></thead>
                <tbody></tbody>
              </table>
            </div>
            <p id="race-price" class="race-price"></p>
            <details class="race-every">
              <summary>Every run</summary>
              <div class="table-scroll" tabindex="0" role="region" aria-labelledby="race-runs-cap">
                <table class="writers" id="race-runs">
                  <caption id="race-runs-cap">Each run: the counter each variant ended at (expected T × N), and its time</caption>
                  <thead>${EVERY_RUN_HEAD}</thead>
                  <tbody></tbody>
                </table>
              </div>
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
          <ol id="iso-log" class="race-log-list" tabindex="0" aria-label="Messages from the workers, in the order they arrived"></ol>
        </details>
      </section>
    </div>
    ${SAW_HTML}
    ${pythonHtml(`CPython’s GIL lets one thread run Python at a time, and since 3.10 it switches threads only at a few
      places, so a plain <code>counter += 1</code> loses updates only rarely. The file makes the gap between the read
      and the write explicit with <code>time.sleep(0)</code>, which gives the other threads their turn right there —
      then updates are lost every time, and a <code>threading.Lock</code> fixes it. Processes each count their own copy
      and send it back.`)}
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

  const lanes = new RaceLanes($('#race-lanes'), { run: $('#race-run'), pool: $('#race-pool') }, (done, expected) =>
    showResults($, done, expected),
  );
  const redraw = new LiveLoop();

  /** Resolves when Stop is pressed in the current run (a pool or workers still starting cannot be asked). */
  let stopSignal = Promise.resolve();
  let signalStop = () => {};

  // --- runs ----------------------------------------------------------------------
  /** @returns {Promise<Stopped | SharedDone>} */
  async function runShared(/** @type {Record<string, number>} */ p, /** @type {() => boolean} */ stopRequested) {
    const { threads: T, iters: N, runs: R } = p;
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    status.textContent = `Starting a pool of ${T} thread${s(T)}…`;
    await shared.ensure(T);
    // A Stop pressed while the pool started found no run to stop: honour it here.
    if (stopRequested()) return { stopped: true, how: 'Stop was pressed before the threads started' };
    const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
    $('#race-expected').textContent = fmt(T * N);
    $('#race-expected').dataset.value = String(T * N);
    $('#race-results').hidden = true;
    lanes.reset();
    status.textContent = `Threads running: ${T} × ${fmt(N)} increments on one shared counter, three ways, ${R} time${s(R)}…`;
    redraw.start(() => lanes.draw(mem, T, shared.stopRequested()));
    const run = await shared.run(meta.id, { threads: T, iters: N, runs: R });
    redraw.stop();
    if (run.terminated) {
      return { stopped: true, how: 'the coordinator did not stop, so it was ended and a fresh one started' };
    }
    lanes.draw(mem, T, shared.stopRequested());
    /** @type {import('./threads.js').Result} */
    const out = run.result;
    const trials = out.trials.map((row) =>
      VARIANTS.map((v) => {
        const t = row[indexOf(mem.consts, v.key)];
        return { counter: t.counter, lost: t.lost, us: t.micros };
      }),
    );
    showResults($, trials, T * N);
    const done = trials.length;
    if (out.stopped) {
      return { stopped: true, how: `every thread saw the stop word in shared memory and returned, after ${done} complete run${s(done)}` };
    }
    const racyLost = trials.map((row) => row[0].lost);
    const lossy = racyLost.filter((l) => l > 0).length;
    const exact = trials.every((row) => row[1].lost === 0 && row[2].lost === 0);
    const verdict =
      (lossy
        ? `unsynchronised lost updates in ${lossy} of ${R} runs (up to ${fmt(Math.max(...racyLost))} of ${fmt(T * N)})`
        : `unsynchronised lost nothing in ${R} run${s(R)}${T === 1 ? ' (one thread has nobody to race with)' : ' — try more increments or runs'}`) +
      (exact ? '; mutex and atomic were exact in every run' : '; a locked or atomic counter was NOT exact — that would be a bug');
    return { stopped: false, lossy, verdict, trials };
  }

  /** @returns {Promise<Stopped | IsolatedDone>} */
  async function runIsolated(/** @type {Record<string, number>} */ p, /** @type {() => boolean} */ stopRequested) {
    const { threads: T, iters: N } = p;
    const rows = Array.from({ length: T }, (_, i) => ({
      counter: el('td', { 'data-iso-worker-counter': String(i), 'data-value': '0' }, '0'),
      lost: el('td', {}, '–'),
      i,
    }));
    $('#iso-workers tbody').replaceChildren(
      ...rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, swatch(colourOf(r.i)), ` ${r.i + 1}`), r.counter, r.lost)),
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
    // A Stop while the workers start ends them, and their start would then never finish.
    await Promise.race([iso.ensure(T), stopSignal]);
    if (stopRequested()) return { stopped: true, how: 'every worker was terminated' };
    const out = await iso.run(
      meta.id,
      T,
      () => ({ iters: N }),
      (m) => {
        /** @type {import('./process.js').Snapshot} */
        const d = m.data;
        const r = rows[m.worker];
        r.counter.textContent = fmt(d.counter);
        r.counter.dataset.value = String(d.counter);
        const final = m.type === MSG.ISO_DONE;
        if (final) {
          r.lost.textContent = fmt(N - d.counter);
          sum += d.counter;
          received++;
          parent.textContent = fmt(sum);
          parent.dataset.value = String(sum);
          $('#iso-received').textContent = `${received} of ${T}`;
        }
        log.append(
          el(
            'li',
            { 'data-kind': final ? 'done' : 'progress', 'data-parent': String(sum) },
            `worker ${m.worker + 1} → page: ${final ? 'done, its counter is' : 'its counter is now'} ${fmt(d.counter)} · the page’s count: ${fmt(sum)}`,
          ),
        );
        traffic();
      },
    );
    traffic();
    if (out.stopped) return { stopped: true, how: 'every worker was terminated' };
    return {
      stopped: false,
      counter: sum,
      messages: iso.traffic.messages,
      verdict: `each worker counted ${fmt(N)} alone in its own memory and lost nothing; the page’s count was 0 until ${T} result${s(T)} arrived, then ${fmt(sum)}`,
    };
  }

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params, stopRequested }) => {
      const { mode } = params;
      stopSignal = new Promise((resolve) => {
        signalStop = () => resolve(undefined);
      });
      const said = [];
      /** @type {{shared?: SharedDone, isolated?: IsolatedDone}} */
      const got = {};
      try {
        for (const side of mode === 'both' ? ['shared', 'isolated'] : [mode]) {
          active = side;
          root.dataset.side = side;
          const r = side === 'shared' ? await runShared(params, stopRequested) : await runIsolated(params, stopRequested);
          if (r.stopped) return { state: 'stopped', summary: [...said, `Stopped: ${r.how}`].join(' '), results: resultsOf(got, params) };
          if (side === 'shared') got.shared = /** @type {SharedDone} */ (r);
          else got.isolated = /** @type {IsolatedDone} */ (r);
          said.push(`${side === 'shared' ? 'Threads' : 'Processes'}: ${r.verdict}.`);
        }
      } finally {
        redraw.stop();
        lanes.idle();
        active = null;
      }
      giveFeedback(mode, params.threads, got.shared?.lossy ?? null);
      return { state: 'done', summary: said.join(' '), results: resultsOf(got, params), saw: sawOf(got, params) };
    },
    stop: async () => {
      signalStop();
      await stopSide(ctx, active);
    },
    params: { errorsBox, schema, ctx, threadModes: ['shared', 'both'], onValues: showViews },
  });

  bindPredict(root, PREDICT);

  function giveFeedback(/** @type {string} */ mode, /** @type {number} */ T, /** @type {number | null} */ lossy) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const parts = [];
    if (mode !== 'isolated') {
      parts.push(
        lossy
          ? `The unsynchronised counter ended below T × N in ${lossy} run${s(lossy)}: two threads read the same value and both wrote it + 1, so one increment vanished. It can never end above T × N, and it rarely ends as low as N. The mutex and the atomic were exact every time.`
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
    $('#predict-feedback').textContent = verdict + parts.join(' ');
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}

/**
 * The run's numbers for a course page around an embedded lab (plain JSON).
 * @param {{shared?: SharedDone, isolated?: IsolatedDone}} got
 * @param {Record<string, number>} p
 */
function resultsOf(got, p) {
  /** @type {Record<string, unknown>} */
  const results = {};
  if (got.shared) {
    results.shared = {
      expected: p.threads * p.iters,
      runs: got.shared.trials.map((row) => row.map((t) => ({ counter: t.counter, lost: t.lost, ms: t.us / 1000 }))),
    };
  }
  if (got.isolated) results.isolated = { counter: got.isolated.counter, messages: got.isolated.messages };
  return results;
}

/**
 * The run's lesson in plain words, from its own numbers.
 * @param {{shared?: SharedDone, isolated?: IsolatedDone}} got
 * @param {Record<string, number>} p
 */
function sawOf(got, p) {
  const { threads: T, iters: N } = p;
  const parts = [];
  const sh = got.shared;
  if (sh) {
    const R = sh.trials.length;
    const racy = sh.trials.map((row) => row[0].lost);
    const worst = Math.max(...racy);
    const lossy = racy.filter((l) => l > 0).length;
    const median = (/** @type {number} */ lane) => {
      const xs = sh.trials.map((row) => row[lane].us).sort((a, b) => a - b);
      return xs[(xs.length - 1) >> 1];
    };
    parts.push(
      lossy
        ? `${T} threads each added 1 to a shared counter ${fmt(N)} times. Without a lock the counter fell short in ${lossy} of ${R} run${s(R)} — by as many as ${fmt(worst)} of ${fmt(T * N)} updates, each one a read and a write with another thread’s write in between.`
        : `${T} thread${s(T)} added 1 to a shared counter ${fmt(N)} times each, and this time the unsynchronised counter lost nothing in ${R} run${s(R)}: ${T === 1 ? 'one thread has nobody to race with' : 'the threads happened not to interleave in the gap — a race can pass many times and still be there'}.`,
      `With the mutex and with the atomic every run ended at exactly ${fmt(T * N)}; the lock made the same work take ${(median(1) / median(0)).toFixed(1)}× as long, the atomic ${(median(2) / median(0)).toFixed(1)}×.`,
    );
  }
  if (got.isolated) {
    parts.push(
      `${T} process${T === 1 ? '' : 'es'} ran the same unsynchronised code on private counters: each ended at exactly ${fmt(N)}, and the page’s count stayed 0 until their results came back by message: ${fmt(got.isolated.counter)} (${fmt(got.isolated.messages)} messages in all, there and back).`,
    );
  }
  return parts.join(' ');
}
