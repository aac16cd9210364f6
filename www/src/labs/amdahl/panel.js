// Lab `amdahl`, page side: measures the speedup of 1…P threads (or isolated
// workers) on a workload with a serial fraction s, plots it against Amdahl's
// law (chart.js, results.js), and shows live which threads are working
// (live.js). Code in the engine workers: threads.js, process.js.
import './amdahl.css';
import python from './amdahl.py?raw';
import meta, { CORES } from './meta.js';
import { TOO_SHORT } from '../../views/speedup.js';
import { Chart, COLOURS as C } from './chart.js';
import { LiveView, phaseNames, readShared } from './live.js';
import { Results, amdahl, x2 } from './results.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { fmt, fmtBytes, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController } from '../../views/run-controller.js';
import { MSG } from '../../engine/messages.js';

const { title, schema } = meta;
export { title, schema, amdahl };

/**
 * Steps of the untimed warm-up run on every fresh pool: the fresh instance's
 * code is first compiled quickly and optimised while it runs, which belongs
 * in no timed run (≈ 15 ms of work).
 */
const WARM_STEPS = 2_000_000;
/** Most warm-up runs per fresh pool (fewer when one is no faster than the last). */
const WARM_ROUNDS = 4;

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['linear', 'It keeps growing: n threads make it about n times faster'],
  ['cap', 'It levels off: it can never pass 1/s, because the serial part does not get faster'],
  ['none', 'It stays at 1: threads never speed up CPU work'],
];

const plural = (/** @type {number} */ k, /** @type {string} */ one, /** @type {string} */ many) => `${k} ${k === 1 ? one : many}`;

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
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
    ${formHtml(schema)}
    <p id="amdahl-unavailable" class="notice" hidden></p>
    ${predictHtml('as you add threads, what happens to the speedup?', PREDICT)}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div class="views amdahl-views">
      <section class="view" id="live-view" aria-labelledby="live-h">
        <h2 id="live-h">Live · the threads' shared memory</h2>
        <p class="amdahl-phase" id="phase" data-phase="idle">Not running.</p>
        <p class="table-caption" id="live-caption"></p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Live table (scrolls sideways on a narrow screen)">
        <table class="writers amdahl-threads" id="threads-table" aria-labelledby="live-caption">
          <thead><tr><th scope="col" id="live-noun">Thread</th><th scope="col">Now</th><th scope="col">Serial part</th><th scope="col">Its parallel share</th></tr></thead>
          <tbody><tr><td colspan="4">Nothing has run yet: press Run to watch the threads work.</td></tr></tbody>
        </table>
        </div>
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
              <li><svg class="key-marker" width="34" height="12" aria-hidden="true"><line x1="17" y1="0" x2="17" y2="12" stroke="currentColor" stroke-width="2" stroke-dasharray="2 2"/></svg>
                dotted vertical line: <code>navigator.hardwareConcurrency</code> = ${CORES}, this machine's cores</li>
            </ul>
            The table below holds the same numbers.
          </figcaption>
        </figure>
        <p class="amdahl-oversub" id="oversub">Past the dotted line (n > ${CORES}) there are more threads than cores.
        Over-subscription is allowed, but the operating system can only take turns running the extra threads: the
        parallel part cannot finish faster than on ${plural(CORES, 'thread', 'threads')}, and the switching and the one
        thread that finishes last add a little time, so the measured speedup flattens or drops while Amdahl's formula —
        which assumes a core for every thread — keeps climbing. The dashed line is the law with
        ${plural(CORES, 'core', 'cores')}. The same holds for worker processes.</p>
      </section>
    </div>
    <section class="view amdahl-results" aria-labelledby="results-h">
      <h2 id="results-h">Results</h2>
      <p class="table-caption" id="results-caption">One row per thread count n. Speedup = T(1) / T(n), with T(1) the median of this run's one-thread
        times; the range is from the slowest to the fastest repeat.</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Results table (scrolls sideways on a narrow screen)">
      <table class="bench-results" id="results" aria-labelledby="results-caption">
        <thead><tr><th scope="col" id="results-noun">Threads n</th><th scope="col">Amdahl 1/(s+(1−s)/n)</th>
          <th scope="col">Amdahl on ${plural(CORES, 'core', 'cores')}</th>
          <th scope="col">Measured speedup (min–max)</th><th scope="col">T(n), median</th>
          <th scope="col">Serial phase</th><th scope="col">Parallel phase</th><th scope="col">Runs</th></tr></thead>
        <tbody></tbody>
      </table>
      </div>
      <p class="sub" id="checksum"></p>
    </section>
    ${SAW_HTML}
    ${pythonHtml(`CPython's threads take turns holding the GIL, so Python threads cannot speed up CPU work at all (see the
      GIL lab). The Python twin therefore splits the parallel part over <code>multiprocessing</code> processes — the
      pool is started before the clock starts, as here — and prints Amdahl's prediction beside what it measured.`)}
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
  const resultsBody = /** @type {HTMLTableSectionElement} */ ($('#results tbody'));
  const live = new LiveView(/** @type {HTMLTableSectionElement} */ ($('#threads-table tbody')), $('#phase'), $('#seen-busy'));
  const results = new Results();
  const chart = new Chart($('#plot'), $('#chart'), results, schema.threads.type === 'int' ? schema.threads.max : 16);

  if (!ctx.shared) {
    const note = $('#amdahl-unavailable');
    note.hidden = false;
    note.textContent =
      'Threads are off on this page (see the note above): a pool of threads sharing one memory cannot start here. ' +
      'The process side works: the same work split over isolated workers, each share sent and each result returned ' +
      'by message (those messages are part of the time measured).';
  }

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

  /** Empty results for the form's parameters (a bad value in the URL leaves its parameter unset: the default P then, no theory for a bad s). */
  function showParams() {
    results.clear({ s: values.s, P: values.threads ?? schema.threads.default, mode: values.mode ?? 'shared' });
    results.buildRows(resultsBody);
    chart.draw();
    describeLive();
  }
  showParams();

  // --- the live view over the threads' memory ----------------------------------------------------------------
  /** The lab's memory in the current coordinator (a fresh one for every n). */
  const sharedNow = () => {
    const mem = ctx.shared?.view(meta.id);
    return mem ? readShared(mem, phaseNames(mem.consts)) : null;
  };
  // Reading shared memory every frame is cheap; drawing is not while the
  // threads are timed (liveGapMs), so busy threads are sampled every frame.
  const redraw = new LiveLoop();
  const watchThreads = () =>
    redraw.start(
      () => {
        const l = sharedNow();
        if (l) live.render(l);
      },
      {
        timed: true,
        each: () => {
          const l = sharedNow();
          if (l) live.sample(l);
        },
      },
    );

  /** Messages and bytes between the page and the isolated workers in the timed runs. */
  let traffic = { messages: 0, bytes: 0 };

  /** @typedef {{stopped: false, totalMs: number, serialMs: number, parallelMs: number, checksum: bigint} | {stopped: true, terminated: boolean}} OneRun */

  /** One timed run on n threads (the pool already started). @returns {Promise<OneRun>} */
  async function runThreads(/** @type {number} */ n, /** @type {number} */ s, /** @type {number} */ work) {
    const run = await /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared).run(meta.id, { threads: n, s, work });
    /** @type {import('./threads.js').Result} */
    const r = run.result;
    if (run.terminated || r.stopped) return { stopped: true, terminated: run.terminated };
    return { ...r, stopped: false };
  }

  /**
   * One timed run on n isolated workers: the serial part to worker 1, its
   * answer awaited; then a share to each worker, every answer awaited. The
   * clock runs on the page and includes every message. @returns {Promise<OneRun>}
   */
  async function runProcesses(/** @type {number} */ n, /** @type {number} */ s, /** @type {number} */ work) {
    const iso = ctx.isolated;
    /** @type {import('./live.js').Live} */
    const l = { phase: 'serial', n, serialDone: 0, serialTotal: 0, busy: new Array(n).fill(0), parDone: new Array(n).fill(0), parTotal: new Array(n).fill(0) };
    const onMessage = (/** @type {'serial' | 'parallel'} */ phase) => (/** @type {import('../../engine/isolated-runtime.js').IsoReply} */ m) => {
      /** @type {import('./process.js').Progress} */
      const d = m.data;
      if (phase === 'serial') [l.serialDone, l.serialTotal] = [d.done, d.total];
      else [l.parDone[m.worker], l.parTotal[m.worker]] = [d.done, d.total];
      if (m.type === MSG.ISO_DONE) l.busy[m.worker] = 0;
      live.render(l, 'Worker');
    };
    const count = () => {
      traffic.messages += iso.traffic.messages;
      traffic.bytes += iso.traffic.bytesIn + iso.traffic.bytesOut;
    };
    let checksum = 0n;
    const add = (/** @type {import('../../engine/messages.js').IsoDone[]} */ rs) => {
      for (const r of rs) checksum = BigInt.asUintN(64, checksum + /** @type {import('./process.js').Done} */ (r.data).checksum);
    };
    const t0 = performance.now();
    // The serial part is empty only when s = 0 (W is at least a million steps).
    if (s > 0) {
      l.busy[0] = 1;
      live.render(l, 'Worker');
      const a = await iso.run(meta.id, 1, () => ({ piece: 'serial', threads: n, s, work }), onMessage('serial'));
      count();
      if (a.stopped) return { stopped: true, terminated: false };
      add(a.results);
    }
    const t1 = performance.now();
    l.phase = 'parallel';
    l.busy.fill(1);
    live.render(l, 'Worker');
    const b = await iso.run(meta.id, n, () => ({ piece: 'share', threads: n, s, work }), onMessage('parallel'));
    const t2 = performance.now();
    count();
    if (b.stopped) return { stopped: true, terminated: false };
    add(b.results);
    l.phase = 'done';
    live.render(l, 'Worker');
    return { stopped: false, totalMs: t2 - t0, serialMs: t1 - t0, parallelMs: t2 - t1, checksum };
  }

  /** @param {import('../../views/run-controller.js').RunContext} run @returns {Promise<import('../../views/run-controller.js').RunOutcome>} */
  async function start({ params, stopRequested, say }) {
    const { s, threads: P, repeats: R, work, mode } = params;
    const threads = mode !== 'isolated';
    const noun = threads ? 'thread' : 'process';
    showParams();
    describeLive(mode);
    $('#checksum').textContent = '';
    live.reset();
    traffic = { messages: 0, bytes: 0 };
    /** @type {bigint | null} */
    let checksum = null;
    const stopped = (/** @type {boolean} */ terminated) => ({
      state: /** @type {const} */ ('stopped'),
      summary: `Stopped: ${
        terminated
          ? 'the coordinator did not stop, so it was ended and a fresh one started'
          : threads
            ? 'every thread saw the stop word in shared memory and returned'
            : 'every worker was terminated'
      }. The rows measured so far stay.`,
      results: resultsJson(),
    });
    const resultsJson = () => ({ [mode]: { speedups: results.speedups(), ...(threads ? {} : traffic) } });
    const warmSteps = Math.min(WARM_STEPS, work * 1e6);
    if (threads) watchThreads();
    try {
      if (!threads) {
        say(`Starting ${P} isolated workers and warming them up (not timed)…`);
        let before = Infinity;
        for (let k = 1; k <= WARM_ROUNDS; k++) {
          const t0 = performance.now();
          const warm = await ctx.isolated.run(meta.id, P, () => ({ steps: warmSteps }), () => {}, { kernel: 'warm' });
          if (warm.stopped || stopRequested()) return stopped(false);
          const took = performance.now() - t0;
          if (took >= 0.9 * before) break;
          before = took;
        }
      }
      for (let n = 1; n <= P; n++) {
        live.label = `n = ${n}`;
        if (threads) {
          const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
          say(`n = ${n}: starting a pool of ${plural(n, 'thread', 'threads')} (not timed)…`);
          await shared.ensure(n);
          if (stopRequested()) return stopped(false);
          // Untimed: the fresh instance's code warms up on every thread — until a warm-up run is no faster
          // than the one before (the optimised code is in), at most WARM_ROUNDS runs.
          live.label = `n = ${n}, warm-up`;
          live.warming = true;
          try {
            let before = Infinity;
            for (let k = 1; k <= WARM_ROUNDS; k++) {
              say(`n = ${n}: warm-up run ${k} (not timed)…`);
              const warm = await shared.run(meta.id, { threads: n, s: 50, work, steps: warmSteps });
              if (warm.terminated || warm.result.stopped || stopRequested()) return stopped(warm.terminated);
              if (warm.result.totalMs >= 0.9 * before) break;
              before = warm.result.totalMs;
            }
          } finally {
            live.warming = false;
          }
        }
        for (let r = 1; r <= R; r++) {
          live.label = `n = ${n}, run ${r} of ${R}`;
          say(`Measuring n = ${n} of ${P} ${threads ? 'threads' : 'processes'}, run ${r} of ${R}…`);
          const one = threads ? await runThreads(n, s, work) : await runProcesses(n, s, work);
          if (one.stopped || stopRequested()) return stopped(one.stopped && one.terminated);
          if (checksum === null) checksum = one.checksum;
          else if (one.checksum !== checksum) throw new Error(`checksums differ: ${one.checksum} with n = ${n}, ${checksum} before`);
          results.add(n, one);
          results.updateRows(resultsBody);
          chart.draw();
          showTraffic();
        }
      }
    } finally {
      redraw.stop();
      if (threads) {
        const l = sharedNow();
        if (l) live.render(l);
      } else if (stopRequested()) {
        $('#phase').textContent = 'Stopped.';
        $('#phase').dataset.phase = 'stopped';
      }
      live.label = '';
    }
    const hex = (checksum ?? 0n).toString(16).padStart(16, '0');
    $('#checksum').textContent = `Checksum: every one of the ${P * R} timed runs summed the same W = ${fmt(work * 1e6)} steps to 0x${hex} — the split lost and repeated no work.`;
    const { best, bestN } = results.best();
    const cap = s === 0 ? 'with s = 0 the law has no cap but the core count' : `Amdahl's cap for s = ${s} % is 1/s = ${x2(100 / s)}×`;
    giveFeedback(s);
    return {
      state: 'done',
      summary: results.speedupOf(1)
        ? `Done: best measured speedup ${x2(best)}× with n = ${bestN} ${noun}${bestN === 1 ? '' : noun === 'thread' ? 's' : 'es'} (Amdahl predicts ${x2(amdahl(s / 100, bestN))}× there; ${cap}).`
        : `Done, but the runs were ${TOO_SHORT} with this browser's clock, so no speedup is shown: raise the work W.`,
      results: { ...resultsJson(), checksum: `0x${hex}` },
      saw: sawOf(s, P, threads, best, bestN),
    };
  }

  /** The run's lesson in plain words, from its own numbers. */
  function sawOf(/** @type {number} */ s, /** @type {number} */ P, /** @type {boolean} */ threads, /** @type {number} */ best, /** @type {number} */ bestN) {
    const med = (/** @type {number} */ n, /** @type {'serial' | 'parallel' | 'total'} */ k) => {
      const t = results.times.get(n)?.[k] ?? [];
      return [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? NaN;
    };
    const who = threads ? 'threads' : 'processes';
    const serial = `On one ${threads ? 'thread' : 'process'} the job took ${fmtMs(med(1, 'total'))} ms, ${fmtMs(med(1, 'serial'))} ms of it the serial part; with ${P} ${P === 1 ? who.replace(/e?s$/, '') : who} the serial part still took ${fmtMs(med(P, 'serial'))} ms while the parallel part went from ${fmtMs(med(1, 'parallel'))} to ${fmtMs(med(P, 'parallel'))} ms.`;
    if (!results.speedupOf(1)) return `${serial} Those times are ${TOO_SHORT} with this browser's clock, so no speedup is shown: raise the work W.`;
    const limit =
      s === 0
        ? `With nothing serial the law allows ${P}× — but only with a core per ${threads ? 'thread' : 'process'}: this machine has ${plural(CORES, 'core', 'cores')}.`
        : `That is why the best you measured was ${x2(best)}× (n = ${bestN}): the serial ${s} % does not shrink, so no number of ${who} can pass 1/s = ${x2(100 / s)}×${CORES < P ? `, and past ${plural(CORES, 'core', 'cores')} the extra ${who} only take turns` : ''}.`;
    return `${serial} ${limit}`;
  }

  function showTraffic() {
    const t = $('#traffic');
    t.dataset.messages = String(traffic.messages);
    t.textContent = `Messages in the timed runs: ${fmt(traffic.messages)} (${fmtBytes(traffic.bytes)} copied between memories) — every share out and every result back is one, and their cost is in the times.`;
  }

  /** The mode of the run going (the form may change meanwhile). */
  let activeMode = '';
  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start: (run) => {
      activeMode = run.params.mode;
      return start(run);
    },
    // Threads see the stop word in shared memory; processes are terminated.
    stop: async () => {
      if (activeMode === 'isolated' || !ctx.shared) ctx.isolated.stop();
      else await ctx.shared.stop();
    },
    params: { errorsBox, schema, ctx, threadModes: ['shared'], onValues: () => {
      if (!runner.running) showParams();
    } },
  });

  bindPredict(root, PREDICT);

  function giveFeedback(/** @type {number} */ s) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const why =
      s === 0
        ? 'With s = 0 nothing is serial, so the law allows n× — but only with n cores: past this machine’s ' +
          `${CORES} the extra threads just take turns. Try s = 20 or more to see the serial part cap it.`
        : `The serial part takes the same time whatever n is, so the speedup levels off below 1/s = ${x2(100 / s)}× ` +
          `(Amdahl's curve), and on this machine also at its ${plural(CORES, 'core', 'cores')} (the dashed line).`;
    const verdict = !choice ? '' : choice.value === 'cap' ? 'Your prediction fits. ' : 'Not quite. ';
    $('#predict-feedback').textContent = verdict + why;
  }

  return {
    dispose() {
      redraw.stop();
      chart.dispose();
    },
  };
}
