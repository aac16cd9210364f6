// Lab `deadlock`, page side: dining philosophers on real threads with real
// mutexes — the live table and wait-for graph (draw.js), the tables (live.js),
// deadlock detection (graph.js) and recovery: a thread asleep in lock() can
// never see the stop word, so the page ends the coordinator itself.
import './deadlock.css';
import python from './deadlock.py?raw';
import meta, { PAUSE_MS } from './meta.js';
import { DeadlockWatch, findCycle } from './graph.js';
import { drawGraph, lookFor } from './draw.js';
import { Tables, emptySnap, readMirror, stateNames } from './live.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { el, fmt, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController } from '../../views/run-controller.js';

const { title, schema } = meta;
const N = /** @type {import('../../params.js').IntParam} */ (schema.n);
export { title, schema };

/** A cycle that lasts this long with no meal eaten is a deadlock, ms. */
export const PERSIST_MS = 400;
/** How often the page looks for a cycle, ms (a timer: animation frames pause in hidden tabs). */
const WATCH_EVERY_MS = 40;

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['finish', 'Everybody eats every meal; it just takes a little longer'],
  ['deadlock', 'They get stuck for good: each holds one fork and waits for the other'],
  ['crash', 'The program crashes with an error'],
  ['some', 'Some philosophers finish, the others give up'],
];

/** A strategy in words (the form's). @param {string} s */
const words = (s) => /** @type {Record<string, string>} */ (schema.strategy.type === 'enum' ? schema.strategy.options : {})[s] ?? s;

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
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
    ${formHtml(schema)}
    ${predictHtml('every philosopher picks up the left fork, pauses, then reaches for the right one. What happens?', PREDICT)}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div id="deadlock-banner" class="dl-banner" role="alert" hidden></div>
    <p id="dl-unavailable" class="notice" hidden></p>
    <div class="views dl-views">
      <section class="view" aria-labelledby="graph-h">
        <h2 id="graph-h">The table and its wait-for graph</h2>
        <p class="dl-caption" id="graph-caption">Live from shared memory.</p>
        <svg id="wait-for" class="dl-graph" role="img" aria-labelledby="graph-h graph-legend"></svg>
        <p class="dl-legend" id="graph-legend">Circles: philosophers P1…PN. Squares: forks F1…FN (F<i>k</i> lies between
        P<i>k</i>−1 and P<i>k</i>). Solid arrow fork → philosopher: <b>held by</b>. Dashed arrow philosopher → fork:
        <b>waits for</b>. A deadlock cycle is drawn extra thick with long dashes and named in the middle.
        <span class="dl-compact-note">On a narrow screen each philosopher's state is in the table below.</span></p>
      </section>
      <section class="view" aria-labelledby="people-h">
        <h2 id="people-h">Philosophers and forks</h2>
        <dl class="readout">
          <div><dt>Meals eaten (all)</dt><dd id="dl-total" data-value="0">0</dd></div>
          <div><dt>Expected (N × M)</dt><dd id="dl-expected">–</dd></div>
          <div><dt>Seated (waiter)</dt><dd id="dl-seated">–</dd></div>
          <div><dt>Time</dt><dd id="dl-time">–</dd></div>
        </dl>
        <p class="table-caption" id="dl-phils-caption">Each philosopher: what it is doing, the forks it holds, its meals</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Philosophers table (scrolls sideways on a narrow screen)">
        <table class="writers" id="dl-phils" aria-labelledby="dl-phils-caption">
          <thead><tr><th scope="col">Philosopher</th><th scope="col">State</th><th scope="col">Holds</th><th scope="col">Meals</th><th scope="col">Put back</th></tr></thead>
          <tbody></tbody>
        </table>
        </div>
        <table class="writers" id="dl-forks">
          <caption>Each fork (a mutex): who holds it</caption>
          <thead><tr><th scope="col">Fork</th><th scope="col">Held by</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
    </div>
    ${SAW_HTML}
    <p class="step-link"><a href="?lab=stepper&amp;sample=deadlock">Step through it slowly</a> — the same deadlock in the
    stepper, where you choose which thread moves next.</p>
    <details class="how" open>
      <summary>And processes?</summary>
      <p>Processes do not share forks. Each process has its own memory, so each would have its own copy of every
      mutex — nobody waits for anybody, and nothing is coordinated either. To share a resource, processes need a
      lock the operating system provides (<code>multiprocessing.Lock</code>, a file lock, a database row), and with
      those they can deadlock in exactly the same way. So this lab has only a threads side.</p>
    </details>
    ${pythonHtml(`Five <code>threading.Thread</code> philosophers and five <code>threading.Lock</code> forks. So that the naive
      version does not hang for ever, each waits for its second fork with <code>acquire(timeout=…)</code> in a loop,
      while the main thread looks for a cycle in the same wait-for graph; when it finds one that persists, it reports
      the deadlock and tells everybody to give up. Then the fixes run to the end.`)}
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
  const tables = new Tables($);
  const watch = new DeadlockWatch(PERSIST_MS);

  /** What the graph shows now, redrawn when its width changes. @type {{snap: import('./draw.js').Snap, cycle: number[] | null}} */
  let shown = { snap: emptySnap(values.n ?? N.default), cycle: null };
  const draw = () => drawGraph(graph, { ...shown.snap, cycle: shown.cycle }, lookFor(graph.getBoundingClientRect().width));
  /** Draws a snapshot of the mirror: the graph, the tables and the totals. */
  const show = (/** @type {import('./draw.js').Snap} */ snap, /** @type {number} */ m, /** @type {number[] | null} */ cycle) => {
    shown = { snap, cycle };
    draw();
    tables.fill(snap, m, values.strategy);
  };
  const resize = new ResizeObserver(draw);
  resize.observe(graph);

  if (!ctx.shared) {
    // Without shared memory: an example picture, no run.
    const note = $('#dl-unavailable');
    note.hidden = false;
    status.textContent = 'Threads cannot run on this page, so nothing can run here.';
    note.textContent =
      'Shared memory is not available on this page (see the note above), so the philosophers — threads sharing mutexes — cannot run here. Processes would not share forks at all (see “And processes?” below). The picture shows what a deadlock of 5 looks like; the Python version and the stepper work anywhere.';
    $('#graph-caption').textContent = 'Example picture (not a live run): 5 philosophers in a deadlock.';
    const ex = { ...emptySnap(5), holder: [1, 2, 3, 4, 5], waiting: [2, 3, 4, 5, 1], state: Array(5).fill('waitingFork') };
    tables.build(5);
    show(ex, 1, findCycle(ex.holder, ex.waiting));
  } else {
    tables.build(shown.snap.n);
    draw();
  }

  const redraw = new LiveLoop();
  let timer = 0;
  const endWatching = () => {
    redraw.stop();
    clearInterval(timer);
  };

  /**
   * @typedef {{cycle: number[], snap: import('./draw.js').Snap, cycleSeenMs: number, detectMs: number}} Detected
   * @param {import('../../views/run-controller.js').RunContext} run
   * @returns {Promise<import('../../views/run-controller.js').RunOutcome>}
   */
  async function start({ params, stopRequested, say }) {
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    const { strategy, n, meals: m, think, eat, pause } = params;
    banner.hidden = true;
    banner.textContent = '';
    root.dataset.strategy = strategy;
    $('#predict-feedback').textContent = '';
    $('#dl-expected').textContent = fmt(n * m);
    $('#dl-time').textContent = '–';
    tables.build(n);
    say(`Starting ${n} threads…`);
    await shared.ensure(n);
    // A Stop pressed while the pool started found no run to stop: honour it here.
    if (stopRequested()) return { state: 'stopped', summary: 'Stopped before the philosophers sat down.' };
    const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
    const names = stateNames(mem.consts);
    watch.reset();
    // The mirror still holds the last run until the kernel resets it: show an empty table meanwhile.
    show(emptySnap(n), m, null);
    say(`Running: ${n} philosophers, ${words(strategy).toLowerCase()}…`);
    /** What the watch found (set from its timer). @type {{found: Detected | null}} */
    const watched = { found: null };
    let mostSeated = 0;
    const t0 = performance.now();
    timer = window.setInterval(() => {
      if (watched.found || stopRequested()) return;
      const now = performance.now();
      const s = readMirror(mem, names, n);
      const w = watch.observe(now, s.holder, s.waiting, s.meals.reduce((a, b) => a + b, 0));
      if (w.deadlocked && w.cycle) {
        watched.found = { cycle: w.cycle, snap: s, cycleSeenMs: w.forMs, detectMs: now - t0 };
        // No thread in lock() can ever run again, not even to see the stop
        // word: end the coordinator; a fresh one starts at once.
        shared.terminate();
      }
    }, WATCH_EVERY_MS);
    redraw.start(() => {
      if (watched.found) return;
      const s = readMirror(mem, names, n);
      mostSeated = Math.max(mostSeated, s.seated);
      show(s, m, findCycle(s.holder, s.waiting));
    });
    let run;
    try {
      run = await shared.run(meta.id, { n, strategy, meals: m, think, eat, pause: pause ? PAUSE_MS : 0 });
    } finally {
      endWatching();
    }
    const elapsed = performance.now() - t0;
    if (run.terminated) {
      // Ended from outside: by the deadlock watch, or by Stop's fallback.
      say('Starting a fresh coordinator…');
      await shared.ensure(n).catch(() => {});
    }
    const d = watched.found;
    if (d) {
      show(d.snap, m, d.cycle);
      const eaten = d.snap.meals.reduce((a, b) => a + b, 0);
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
      giveFeedback(strategy, true);
      return {
        state: 'deadlock',
        summary: `Deadlock: ${d.cycle.length} philosophers in a cycle, ${fmt(eaten)} of ${fmt(n * m)} meals eaten. Ended, and a fresh coordinator is ready.`,
        results: { deadlock: true, cycle: d.cycle, meals: d.snap.meals },
        saw: `${d.cycle.length} philosophers each held one fork and waited for the next one, held by their neighbour: ${d.cycle.map((p) => `P${p + 1}`).join(' → ')} → P${d.cycle[0] + 1}. The wait-for graph closed into that cycle and stayed unchanged for ${fmtMs(d.cycleSeenMs)} ms with no meal eaten (${fmt(eaten)} of ${fmt(n * m)} had been eaten before). Nothing crashed and nobody gave up: the threads slept in lock() with no way to wake, so the page had to end the whole coordinator and start a fresh one.`,
      };
    }
    if (run.terminated) {
      return {
        state: 'stopped',
        summary: 'Stopped: the philosophers did not stop (a thread blocked in lock() cannot see the stop word), so the coordinator was ended and a fresh one started.',
      };
    }
    const s = readMirror(mem, names, n);
    show(s, m, null);
    $('#dl-time').textContent = `${fmtMs(elapsed)} ms`;
    /** @type {import('./threads.js').Result} */
    const { meals, stopped } = run.result;
    const eaten = meals.reduce((a, b) => a + b, 0);
    const results = { deadlock: false, meals, elapsedMs: elapsed };
    if (stopped) {
      return { state: 'stopped', summary: `Stopped: every philosopher saw the stop word between meals and left the table (${fmt(eaten)} meals eaten).`, results };
    }
    const all = meals.every((x) => x === m);
    giveFeedback(strategy, false);
    return {
      state: 'done',
      summary: all
        ? `Done: all ${n} philosophers ate all ${fmt(m)} meals (${fmt(n * m)} in all), no deadlock, in ${fmtMs(elapsed)} ms.`
        : `Done, but meals were ${meals.join(', ')} (expected ${m} each).`,
      results,
      saw: sawOfFix(strategy, n, m, elapsed, s.retries.reduce((a, b) => a + b, 0), mostSeated),
    };
  }

  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start,
    // Stop sets the stop word; a run stuck in lock() is ended after the grace period.
    stop: () => ctx.shared?.stop(),
    params: {
      errorsBox,
      schema,
      ctx,
      // Without shared memory there is nothing to run: Run stays disabled (the
      // notice above says why) whatever the form holds.
      blocked: () => !ctx.shared,
      onValues: () => {
      if (!runner.running && ctx.shared && values.n >= N.min && values.n <= N.max) {
        tables.build(values.n);
        shown = { snap: emptySnap(values.n), cycle: null };
        draw();
      }
    } },
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
      fb.textContent = `The question was about the naive strategy (answer: they deadlock). This fix — ${words(strategy).toLowerCase()} — breaks the cycle, so every meal was eaten.`;
    }
  }

  return {
    dispose() {
      endWatching();
      resize.disconnect();
    },
  };
}

/**
 * A run that ended well, in plain words from its own numbers.
 * @param {string} strategy
 * @param {number} n
 * @param {number} m
 * @param {number} ms
 * @param {number} putBack try-lock: how often a first fork went back
 * @param {number} mostSeated waiter: most philosophers seen seated at once
 */
function sawOfFix(strategy, n, m, ms, putBack, mostSeated) {
  const ate = `All ${n} philosophers ate all ${fmt(m)} meals in ${fmtMs(ms)} ms, and the wait-for graph never closed into a cycle`;
  switch (strategy) {
    case 'ordered':
      return `${ate}: everybody took the lower-numbered fork first, so P${n} reached for F1 before F${n} and the last link of the ring could never form.`;
    case 'trylock':
      return `${ate}: ${fmt(putBack)} time${putBack === 1 ? '' : 's'} a philosopher found the second fork busy, put the first one back and tried again later — nobody ever waited while holding a fork.`;
    case 'waiter':
      return `${ate}: the waiter never seated more than ${n - 1} (you saw at most ${mostSeated} at once), so one seated philosopher always had both forks free.`;
    default:
      return `${ate}: this time the naive philosophers never all held a left fork at the same moment. The deadlock is a matter of timing — run again, or turn the pause on.`;
  }
}
