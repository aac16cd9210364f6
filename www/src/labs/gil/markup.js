// Lab `gil`: the panel's markup — the form from the schema, the results
// table, the two timelines (with and without the GIL) and the isolated workers.
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';

/** @type {ReadonlyArray<readonly [string, string]>} */
export const PREDICT = [
  ['same', 'About as long as one thread doing all the work alone (speedup ≈ 1)'],
  ['faster', 'About T times faster, as far as there are cores'],
  ['slower', 'About T times slower'],
];

/** Rows of the results table: [key, label, runs where]. */
export const ROWS = /** @type {const} */ ([
  ['seq', 'Sequential, one thread (in the coordinator)', 'shared'],
  ['gil', '(a) Threads with the GIL', 'shared'],
  ['free', '(b) Threads without it (free-threaded)', 'shared'],
  ['iso-seq', 'Sequential, one isolated worker', 'isolated'],
  ['iso', '(c) Isolated workers (processes), messages included', 'isolated'],
]);

const lane = (/** @type {'gil' | 'free'} */ k, /** @type {string} */ h, /** @type {string} */ what) => `
      <section class="view gil-lane" id="${k}-view" aria-labelledby="${k}-h">
        <h2 id="${k}-h">${h}</h2>
        <p class="gil-unavailable notice" hidden></p>
        <div class="gil-body">
          <p class="sub">${what}</p>
          <canvas id="${k}-timeline" class="gil-timeline" role="img" aria-describedby="${k}-summary"
            aria-label="${h}: one lane per thread, a bar for every stretch it computed"></canvas>
          <p id="${k}-summary" class="gil-summary" aria-live="off">Not run yet.</p>
          <dl class="readout">
            ${k === 'gil' ? '<div><dt>Holds the GIL now (read live from shared memory)</dt><dd id="gil-holder" data-value="">–</dd></div>' : ''}
            <div><dt>Most threads computing at one instant</dt><dd id="${k}-most" data-value="">–</dd></div>
            <div><dt>Time</dt><dd id="${k}-time" data-value="">–</dd></div>
            <div><dt>Speedup vs sequential</dt><dd id="${k}-speedup" data-value="">–</dd></div>
          </dl>
          <div class="table-scroll" tabindex="0" role="region" aria-labelledby="${k}-threads-cap">
          <table class="writers" id="${k}-threads">
            <caption id="${k}-threads-cap">${h} — each thread: how often it computed, for how long in all, and the longest it waited for the GIL</caption>
            <thead><tr><th scope="col">Thread</th><th scope="col">Holds</th><th scope="col">Held (ms)</th><th scope="col">Longest wait (ms)</th><th scope="col">Units done</th></tr></thead>
            <tbody></tbody>
          </table>
          </div>
        </div>
      </section>`;

/** @param {import('../../params.js').Schema} schema */
export const panelHtml = (schema) => `
  <article class="lab gil" aria-labelledby="lab-title">
    <h1 id="lab-title">The GIL — the Global Interpreter Lock</h1>
    <p class="lede">CPython runs Python code only while it holds <em>one</em> global lock, the GIL. Here the same
    CPU-bound task runs (a) on <b>T</b> threads that must hold one global lock to compute, handing it over every
    <b>switch interval</b> (CPython’s <code>sys.setswitchinterval</code>, 5 ms by default); (b) on the same
    threads without it, as in free-threaded Python 3.13t; (c) on <b>T</b> isolated workers, each with its own
    memory, as with <code>multiprocessing</code>. Look at the timelines: with the GIL, the bars take turns —
    never two at once — however many cores you have.
    <a href="?lab=stepper&amp;sample=gil">Step through it slowly</a>.</p>
    ${formHtml(schema)}
    ${predictHtml('with the GIL, how long do T threads take for T shares of CPU-bound work, compared with one thread doing them all?', PREDICT)}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <p id="threads-off" class="notice" hidden>Threads are off here: this page is not cross-origin isolated (see the
      note above), so (a) and (b) cannot run. The isolated workers (c) and their sequential baseline still run.</p>
    <section class="view gil-results" aria-labelledby="results-h">
      <h2 id="results-h">Results</h2>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="results-cap">
      <table class="writers" id="results">
        <caption id="results-cap">The same task each way: median time, speedup against its sequential twin, and the checksum (all must be equal)</caption>
        <thead><tr><th scope="col">Variant</th><th scope="col">Time (ms)</th><th scope="col">Speedup</th><th scope="col">Checksum</th></tr></thead>
        <tbody>${ROWS.map(
          ([k, label]) => `<tr data-row="${k}"><th scope="row">${label}</th><td class="t" data-value="">–</td><td class="s" data-value="">–</td><td class="c" data-value="">–</td></tr>`,
        ).join('')}</tbody>
      </table>
      </div>
      <p id="checksums" class="gil-verdict" data-value="">–</p>
    </section>
    <div class="views gil-views">
      ${lane('gil', '(a) Threads with the GIL', 'A thread computes only while it holds the GIL, for at most one switch interval, then queues for it again (first come, first served). Solid bars.')}
      ${lane('free', '(b) Threads without the GIL (free-threaded)', 'The same threads and the same stretches of work, with no lock: on several cores, bars on different lanes overlap. Hatched bars.')}
      <section class="view" id="iso-view" aria-labelledby="iso-h">
        <h2 id="iso-h">(c) Isolated workers (processes)</h2>
        <p class="sub">Each worker has its own instance and memory; its share goes out and its checksum comes back by message. The time is measured on the page, messages included.</p>
        <table class="writers" id="iso-workers">
          <caption>Each worker: its compute time (measured inside it) and the round trip the page saw</caption>
          <thead><tr><th scope="col">Worker</th><th scope="col">Compute (ms)</th><th scope="col">Round trip (ms)</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
    </div>
    ${SAW_HTML}
    ${pythonHtml(`A CPU-bound function on 1 thread, on 2 threads and in 2 processes. On a normal (GIL) CPython the two
      threads take about as long as one: only one runs Python code at a time. The two processes each have their
      own interpreter and their own GIL.`)}
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The kernel is Rust on real threads (Web Workers sharing one <code>WebAssembly.Memory</code>). The GIL is a
      first-come-first-served ticket lock whose waiters sleep: a thread that gives it up queues behind every
      thread already waiting, so the holds go round, like CPython’s forced switching since 3.2 (a plain mutex
      would let the thread that just released it take it straight back, and one thread would hog it). Each
      thread records every stretch it computed — thread, start, end in µs — in a log of atomics in the shared
      memory; the page reads that log while the threads write it and draws it.</p>
      <p>“Most threads computing at one instant” is counted from those recorded stretches. With the GIL it is 1 by
      construction; every acquire also checks that nobody else held the lock (the count of violations must stay 0).
      Without it, on two or more cores, it reaches 2 or more. Speedups are timings: they vary with the machine and
      its load.</p>
    </details>
  </article>`;
