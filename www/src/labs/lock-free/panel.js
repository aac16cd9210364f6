// Lab `lock-free`, page side: the throughput of a mutex stack vs a Treiber
// stack and of three counters on 1…P real threads (chart.js), and the ABA run
// — the untagged Treiber stack corrupted under a stress schedule, the tagged
// one intact — with the stack drawn live from shared memory (live.js) and the
// exact ABA interleaving as a stepper program (aba.py). Worker side: threads.js.
import './lock-free.css';
import python from './lock-free.py?raw';
import abaProgram from './aba.py?raw';
import meta, { CORES } from './meta.js';
import { Chart, STRUCTURES } from './chart.js';
import { LiveView } from './live.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { fmt } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

/** Operations of the untimed warm-up run of each structure on a fresh pool (the code is optimised while it runs). */
const WARM_OPS = 20_000;

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['cas', 'The lock-free ones (CAS, fetch_add) beat their locked twins at every thread count'],
  ['contend', 'Every shared structure slows per thread as threads are added; the approximate counter, which rarely touches shared data, scales best'],
  ['same', 'They all perform about the same: a lock costs nothing when it is free'],
];

/**
 * The ABA program as a stepper link: `?lab=stepper&mode=threads&src=` and
 * base64url (RFC 4648 §5, no padding) of its UTF-8 bytes — the stepper's
 * link format (labs/stepper.js toBase64Url), as memory-model builds it.
 */
export function stepperHref() {
  let bin = '';
  for (const b of new TextEncoder().encode(abaProgram)) bin += String.fromCharCode(b);
  return `?lab=stepper&mode=threads&src=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const mops = (/** @type {number} */ ops, /** @type {number} */ ms) => ops / Math.max(ms, 1e-3) / 1000;
const f2 = (/** @type {number} */ x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  const canRun = !!ctx.shared;
  root.innerHTML = `
  <article class="lab lock-free" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">A lock makes threads queue. A <b>lock-free</b> structure lets every thread try at once and
    retry when it loses: a <b>Treiber stack</b> pushes and pops with one <b>compare-and-swap</b> (CAS) on its top,
    "set top to B if it is still A"; a counter uses one atomic <code>fetch_add</code>. The book's
    <b>approximate counter</b> goes further: each thread counts alone and adds its count to the shared total only
    every S increments, so the total lags. Here they all run on real threads sharing one memory. Then the catch:
    <b>ABA</b> — a CAS that sees "still A" when A has left and come back.</p>
    <p id="lf-unavailable" class="notice" hidden>This lab needs threads that share one memory, which the browser
    gives only to a cross-origin isolated page (served with <code>Cross-Origin-Opener-Policy: same-origin</code> and
    <code>Cross-Origin-Embedder-Policy: require-corp</code>). Lock-free structures are threads racing on one memory;
    workers that only exchange messages have nothing to race on, so nothing runs here. The explanation, the stepper
    link and the Python twin below still work.</p>
    ${formHtml(schema)}
    ${predictHtml('as threads are added, which structure gets the most operations done per second?', PREDICT)}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <div class="views lf-views">
      <section class="view" id="live-view" aria-labelledby="live-h">
        <h2 id="live-h">Live · the shared memory</h2>
        <p class="sub" id="lf-line">Not running.</p>
        <p class="table-caption" id="lf-stack-caption">The Treiber stack, top first: node indices in shared memory, each pointing to the next.</p>
        <ol class="lf-stack" id="lf-stack" aria-labelledby="lf-stack-caption"></ol>
        <p class="table-caption" id="lf-threads-caption">Each thread: operations done, CAS attempts that failed and were retried, and its shard of the approximate counter (not yet in the global).</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Threads table (scrolls sideways on a narrow screen)">
        <table class="writers" id="lf-threads" aria-labelledby="lf-threads-caption">
          <thead><tr><th scope="col">Thread</th><th scope="col">Operations</th><th scope="col">CAS retries</th><th scope="col">Shard</th></tr></thead>
          <tbody><tr><td colspan="4">Nothing has run yet.</td></tr></tbody>
        </table>
        </div>
      </section>
      <section class="view" id="chart-view" aria-labelledby="chart-h">
        <h2 id="chart-h">Throughput against threads</h2>
        <figure class="lf-chart" id="chart" aria-label="Chart: million operations per second against threads, one line per structure" aria-describedby="chart-caption">
          <div id="plot" aria-hidden="true"></div>
          <figcaption id="chart-caption">
            <ul class="lf-key">${STRUCTURES.map(
              (s, i) => `<li><svg width="34" height="12" aria-hidden="true"><line x1="0" y1="6" x2="34" y2="6" stroke="${s.colour}" stroke-width="3" stroke-dasharray="${s.dash.join(' ')}"/><circle cx="17" cy="6" r="4" stroke="${s.colour}" stroke-width="2" fill="${i % 2 ? s.colour : '#ffffff'}"/></svg>
                ${s.label} — ${s.locks ? 'dashed: takes a lock' : 'solid: lock-free'}</li>`,
            ).join('')}</ul>
            This machine has ${CORES} cores. The results table below holds the same numbers.
          </figcaption>
        </figure>
      </section>
    </div>
    <section class="view lf-results" aria-labelledby="results-h">
      <h2 id="results-h">Results</h2>
      <p class="table-caption" id="results-caption">Throughput: one row per structure and thread count n. Exact structures must
        end at their expected value (every node back on the stack, every increment counted); the approximate counter's
        global lags by what the threads still hold in their shards, at most n × (S − 1).</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Results table (scrolls sideways on a narrow screen)">
      <table class="bench-results" id="results" aria-labelledby="results-caption">
        <thead><tr><th scope="col">Structure</th><th scope="col">Threads n</th><th scope="col">M ops/s</th>
          <th scope="col">CAS retries per op</th><th scope="col">End value / expected</th><th scope="col">Verdict</th></tr></thead>
        <tbody></tbody>
      </table>
      </div>
      <p class="table-caption" id="aba-caption">ABA: the same workload on the Treiber stack without and with a version tag.</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="ABA table (scrolls sideways on a narrow screen)">
      <table class="bench-results" id="aba" aria-labelledby="aba-caption">
        <thead><tr><th scope="col">Head</th><th scope="col">Rounds</th><th scope="col">CAS retries</th>
          <th scope="col">Stack at the end (top first)</th><th scope="col">Verdict</th></tr></thead>
        <tbody></tbody>
      </table>
      </div>
    </section>
    <section class="view lf-aba" aria-labelledby="aba-h">
      <h2 id="aba-h">ABA, step by step</h2>
      <p>The stack is <code>top → 0 → 1 → 2</code>. Thread 1 starts a pop: it reads the top, A = 0, and A's next,
      B = 1 — and is paused before its CAS. Thread 2 pops 0, pops 1, and pushes 0 back: the top is 0 again, but 0's
      next is now 2. Thread 1 wakes and runs <code>CAS(top, 0 → 1)</code>: the top is still 0, so it succeeds — and
      node 1, which thread 2 holds, is the top of the stack. The next pop hands node 1 to a second thread, or node 2 is
      lost. With a <b>version tag</b> the top is (version, index), every successful CAS adds 1 to the version, and
      thread 1's stale CAS fails and retries.</p>
      <p class="step-link"><a id="lf-stepper" href="${stepperHref()}">Schedule it yourself in the stepper</a> — pause
      thread 1 inside its pop, run thread 2, then thread 1; or let the stepper explore every interleaving and find the
      endings where a held node is on the stack.</p>
    </section>
    ${SAW_HTML}
    ${pythonHtml(`The book's lockless and locked counters and its approximate counter, each run by a
      <code>ThreadPoolExecutor</code>. Python has no compare-and-swap; under the GIL the lockless counter rarely loses
      anything, while on a free-threaded CPython (3.13t, 3.14t) its threads truly run at once and it loses many updates —
      the file prints which build it ran on.`)}
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The stacks hold 32 node indices; each thread does rounds of pop, pop, push, push. The Treiber stack lives in
      the lab's shared memory — its top (a 64-bit word: version tag and index) and each node's next — so the live view
      draws it as the threads change it. The mutex stack is a vector behind a <code>std::sync::Mutex</code>, which in
      this WebAssembly build waits with <code>memory.atomic.wait32</code>. Each structure and each n is one timed run
      on a pool of P threads (n of them working), released together from a starting line; a short untimed warm-up
      runs first.</p>
      <p>The ABA run uses the untagged stack, then the tagged one, with the same threads and the same stress schedule:
      thread 1 pauses (spins) inside every pop, between reading the top's next and its CAS — the window in which the
      others can pop A, pop B and push A — and the others pause between pushing their first node back and their
      second, the moment when the top is A again but A's next is no longer B. The others keep going until thread 1
      has done its rounds. Every pop marks the node as held by its thread; a pop of a node another thread
      already holds is the corruption, caught as it happens. The run then stops and the stack is walked: nodes lost,
      nodes on it twice (a loop), nodes held.</p>
      <p>On a machine this busy the timings are noisy; what does not depend on the schedule is the verdict column.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  if (!canRun) $('#lf-unavailable').hidden = false;
  const chart = new Chart($('#plot'), $('#chart'));
  const live = new LiveView($('#lf-stack'), /** @type {HTMLTableSectionElement} */ ($('#lf-threads tbody')), $('#lf-line'));
  const resultsBody = /** @type {HTMLTableSectionElement} */ ($('#results tbody'));
  const abaBody = /** @type {HTMLTableSectionElement} */ ($('#aba tbody'));
  /** @type {Map<string, (number | null)[]>} */
  let series = new Map();
  chart.draw(values.threads ?? schema.threads.default, series);

  const redraw = new LiveLoop();
  const render = () => {
    const mem = ctx.shared?.view(meta.id);
    if (mem) live.render(mem);
  };

  /** One timed run of kernel `kernel`; null when stopped. */
  async function kernelRun(/** @type {'bench' | 'aba'} */ kernel, /** @type {object} */ params) {
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    const run = await shared.run(meta.id, params, kernel);
    if (run.terminated || run.result.stopped) return null;
    return run.result;
  }

  /** @param {import('../../views/run-controller.js').RunContext} run @returns {Promise<import('../../views/run-controller.js').RunOutcome>} */
  async function start({ params, stopRequested, say }) {
    const { test, threads: P, ops, threshold, stress } = params;
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    say(`Starting a pool of ${P} threads…`);
    await shared.ensure(P);
    const stopped = { state: /** @type {const} */ ('stopped'), summary: 'Stopped: every thread saw the stop word in shared memory and returned. The rows measured so far stay.' };
    redraw.start(render, { timed: test === 'throughput' });
    try {
      return test === 'aba' ? await runAba(P, ops, stress, say, stopRequested, stopped) : await runThroughput(P, ops, threshold, say, stopRequested, stopped);
    } finally {
      redraw.stop();
      render();
    }
  }

  async function runThroughput(
    /** @type {number} */ P,
    /** @type {number} */ ops,
    /** @type {number} */ threshold,
    /** @type {(s: string) => void} */ say,
    /** @type {() => boolean} */ stopRequested,
    /** @type {import('../../views/run-controller.js').RunOutcome} */ stopped,
  ) {
    series = new Map(STRUCTURES.map((s) => [s.id, new Array(P).fill(null)]));
    resultsBody.replaceChildren();
    chart.draw(P, series);
    say('Warming up (not timed)…');
    for (const s of STRUCTURES) {
      if (!(await kernelRun('bench', { structure: s.id, threads: 1, ops: Math.min(ops, WARM_OPS), threshold })) || stopRequested()) return stopped;
    }
    /** @type {Record<string, {n: number, mops: number, retriesPerOp: number, exact: boolean, lag: number}[]>} */
    const json = {};
    let wrong = 0;
    for (let n = 1; n <= P; n++) {
      for (const s of STRUCTURES) {
        say(`Measuring ${s.label.toLowerCase()} on ${n} of ${P} threads…`);
        /** @type {import('./threads.js').BenchResult | null} */
        const r = await kernelRun('bench', { structure: s.id, threads: n, ops, threshold });
        if (!r || stopRequested()) return { ...stopped, results: json };
        const done = Number(r.ops);
        const m = mops(done, r.ms);
        const retries = Number(r.retries) / done;
        const value = Number(r.value);
        const expected = Number(r.expected);
        const lag = Number(r.lag);
        const approx = s.id === 'approx-counter';
        const ok = approx ? value + lag === expected && lag <= n * (threshold - 1) : value === expected;
        if (!ok) wrong++;
        /** @type {(number | null)[]} */ (series.get(s.id))[n - 1] = Number(m.toFixed(3));
        (json[s.id] ??= []).push({ n, mops: Number(m.toFixed(3)), retriesPerOp: Number(retries.toFixed(4)), exact: !approx && ok, lag });
        const tr = document.createElement('tr');
        Object.assign(tr.dataset, { structure: s.id, n: String(n), value: String(value), expected: String(expected), lag: String(lag), ok: String(ok), mops: String(m) });
        const verdict = approx ? `lags ${fmt(lag)} (≤ ${fmt(n * (threshold - 1))})` : ok ? 'exact' : 'WRONG';
        tr.innerHTML = `<th scope="row">${s.label}</th><td>${n}</td><td>${f2(m)}</td><td>${s.id === 'treiber-stack' ? retries.toFixed(3) : '—'}</td><td>${fmt(value)} / ${fmt(expected)}</td><td>${verdict}</td>`;
        resultsBody.append(tr);
        chart.draw(P, series);
      }
    }
    const at = (/** @type {string} */ id, /** @type {number} */ n) => series.get(id)?.[n - 1] ?? NaN;
    const ratio = (/** @type {number} */ n) => at('treiber-stack', n) / at('mutex-stack', n);
    giveFeedback(P);
    return {
      state: /** @type {const} */ ('done'),
      summary: `Done: at ${P} threads the Treiber stack did ${f2(at('treiber-stack', P))} M ops/s, the mutex stack ${f2(at('mutex-stack', P))}; fetch_add ${f2(at('atomic-counter', P))}, the locked counter ${f2(at('lock-counter', P))}, the approximate counter ${f2(at('approx-counter', P))}.${wrong ? ` ${wrong} exact structure(s) ended wrong!` : ' Every exact structure ended exact.'}`,
      results: json,
      saw: `With one thread the Treiber stack ran ${f2(ratio(1))}× the mutex stack's throughput; with ${P} threads ${f2(ratio(P))}×. A lock costs little when nobody else wants it and a lot when threads queue for it; a CAS that loses is retried at once (${(Number(json['treiber-stack']?.at(-1)?.retriesPerOp ?? 0)).toFixed(3)} retries per operation at n = ${P}). The approximate counter touched the shared total once every ${fmt(threshold)} increments, so it scales like threads that share nothing — at the price of a total that lags by up to n × (S − 1).`,
    };
  }

  async function runAba(
    /** @type {number} */ P,
    /** @type {number} */ rounds,
    /** @type {number} */ stress,
    /** @type {(s: string) => void} */ say,
    /** @type {() => boolean} */ stopRequested,
    /** @type {import('../../views/run-controller.js').RunOutcome} */ stopped,
  ) {
    abaBody.replaceChildren();
    /** @type {Record<string, unknown>} */
    const json = {};
    /** @type {import('./threads.js').AbaResult[]} */
    const got = [];
    for (const tagged of [false, true]) {
      say(`ABA: ${tagged ? 'tagged' : 'untagged'} stack, ${P} threads, up to ${fmt(rounds)} rounds each…`);
      /** @type {import('./threads.js').AbaResult | null} */
      const r = await kernelRun('aba', { threads: P, rounds, stress, tagged });
      if (!r || stopRequested()) return { ...stopped, results: json };
      got.push(r);
      const key = tagged ? 'tagged' : 'untagged';
      json[key] = { corrupted: r.corrupted, rounds: Number(r.rounds), retries: Number(r.retries), handedTwice: r.handedTwice, lost: r.lost, cycle: r.cycle };
      const tr = document.createElement('tr');
      Object.assign(tr.dataset, { tagged: String(tagged), corrupted: String(r.corrupted) });
      tr.innerHTML = `<th scope="row">${tagged ? 'Tagged (version, index)' : 'Untagged (index only)'}</th><td>${fmt(Number(r.rounds))}</td><td>${fmt(Number(r.retries))}</td><td class="lf-nodes">${r.onStack.join(' ')}${r.cycle ? ' … (loops)' : ''}</td><td class="lf-verdict">${abaVerdict(r)}</td>`;
      abaBody.append(tr);
    }
    const [u, t] = got;
    return {
      state: /** @type {const} */ ('done'),
      summary: `Done: the untagged stack ${u.corrupted ? 'was corrupted' : 'survived this time'}; the tagged stack ${t.corrupted ? 'was corrupted (a bug!)' : 'stayed intact'}.`,
      results: json,
      saw: u.corrupted
        ? `The untagged stack broke after ${fmt(Number(u.rounds))} rounds: ${abaVerdict(u)}. Its CAS compared only the index, so a node that left and came back looked unchanged. The tagged stack ran ${fmt(Number(t.rounds))} rounds and ${t.corrupted ? 'broke too — that should never happen' : 'kept every node exactly once'}; ${fmt(Number(t.retries))} of its CAS attempts failed on a changed version and were retried instead.`
        : `This time the untagged stack survived ${fmt(Number(u.rounds))} rounds: the window never lined up. Run again, raise the stress pause or the rounds — the bug is there whenever another thread pops A, pops B and pushes A inside thread 1's pause.`,
    };
  }

  /** What an ABA run found, in words. @param {import('./threads.js').AbaResult} r */
  function abaVerdict(r) {
    if (!r.corrupted) return 'intact: every node on the stack once';
    const parts = [];
    if (r.handedTwice !== null) parts.push(`node ${r.handedTwice} handed to a second thread while the first held it`);
    if (r.lost.length) parts.push(`node${r.lost.length > 1 ? 's' : ''} ${r.lost.join(', ')} lost`);
    if (r.cycle) parts.push('the stack loops back on itself');
    if (r.held.length && r.handedTwice === null) parts.push(`nodes ${r.held.join(', ')} still held`);
    return `CORRUPTED: ${parts.join('; ')}`;
  }

  function giveFeedback(/** @type {number} */ P) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const verdict = !choice ? '' : choice.value === 'contend' ? 'Your prediction fits. ' : 'Not quite. ';
    $('#predict-feedback').textContent = `${verdict}Every structure that all ${P} threads update in one place — a lock or a single word — has them fight over one cache line; lock-free ones fight more cheaply than locked ones, and the approximate counter, which rarely touches the shared total, scales best.`;
  }

  const runner = new RunController({
    root,
    controls: { form, runBtn, stopBtn, status },
    values,
    start,
    stop: () => ctx.shared?.stop(),
    params: { errorsBox, schema, ctx, blocked: () => !canRun },
  });
  bindPredict(root, PREDICT);

  return {
    dispose() {
      redraw.stop();
      chart.dispose();
    },
  };
}
