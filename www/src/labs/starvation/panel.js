// Lab `starvation`, page side: the panel. Its per-frame view is live.js, what
// a run means results.js, its code in the coordinator worker threads.js.
//
// Threads only: processes do not share a lock's memory, so an isolated-worker
// variant would have nothing to contend for.
import './starvation.css';
import python from './starvation.py?raw';
import meta from './meta.js';
import { LockView } from './live.js';
import { LOCK_SAID, ResultsView, feedback, judge, sawOf } from './results.js';
import { LiveLoop } from '../../views/live.js';
import { bindPredict } from '../../views/predict.js';
import { labControls } from '../../views/param-form.js';
import { formHtml } from '../../views/form.js';
import { predictHtml, pythonHtml, SAW_HTML } from '../../views/lab-parts.js';
import { RunController } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

/** @type {ReadonlyArray<readonly [string, string]>} */
const PREDICT = [
  ['same', 'About as often as each reader'],
  ['fewer', 'Less often than a reader, but still hundreds of times'],
  ['none', 'Almost never: 0 times, or a handful'],
  ['broken', 'The lock breaks: the writer gets in while readers are inside'],
];

/** Readers + writers: one pool thread each (the kernel's MAX_THREADS, which refuses more itself). */
const MAX_THREADS = /** @type {import('../../params.js').IntParam} */ (schema.readers).max + 1;
/** @returns {Record<string, string>} the error, if R + W is too many */
const tooMany = (/** @type {number} */ r, /** @type {number} */ w) =>
  r + w > MAX_THREADS ? { writers: `readers + writers must be at most ${MAX_THREADS} (got ${r + w})` } : {};

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab starvation" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}: readers and writers</h1>
    <p class="lede">Readers may share a lock; a writer must have it to itself. <b>R</b> reader threads and
    <b>W</b> writer threads take turns at one readers–writers lock for a few seconds. Who gets in depends on the
    lock’s rule. Under <b>reader preference</b> a reader enters whenever no writer is inside — so readers whose
    turns overlap never leave the lock empty, and the writer waits the whole run: it <em>starves</em>.
    <b>Writer preference</b> turns it round; the <b>fair</b> lock serves everyone in order of arrival. Watch the
    <i>Entries</i> and <i>Waiting now</i> columns.</p>
    <p><a class="button-link" id="stepper-link" href="?lab=stepper&amp;sample=starvation">Step through it slowly ↗</a></p>
    ${formHtml(schema)}
    ${predictHtml(
      'reader preference, 3 readers that each hold the lock a few ms and come straight back, 1 writer, a few seconds. How often does the writer get in?',
      PREDICT,
    )}
    <p id="status" class="status" role="status" aria-live="polite">Ready.</p>
    <section class="view" id="sv-view" aria-labelledby="sv-h">
      <h2 id="sv-h">The lock and its threads · read live from shared memory</h2>
      <p id="sv-unavailable" class="notice" hidden></p>
      <div class="sv-body">
        <dl class="readout" id="sv-lock">
          <div><dt>Lock</dt><dd id="sv-policy">–</dd></div>
          <div><dt>Readers inside</dt><dd id="sv-readers-in" data-value="0">0</dd></div>
          <div><dt>Writer inside</dt><dd id="sv-writer-in" data-value="0">no</dd></div>
          <div><dt>Waiting readers</dt><dd id="sv-wait-r" data-value="0">0</dd></div>
          <div><dt>Waiting writers</dt><dd id="sv-wait-w" data-value="0">0</dd></div>
          <div><dt>Tickets (fair lock)</dt><dd id="sv-tickets">–</dd><dd class="sub">now serving · handed out</dd></div>
          <div><dt>Writer in with anyone</dt><dd id="sv-violations" data-value="0">0 times</dd><dd class="sub">checked at every entry</dd></div>
          <div><dt>Time</dt><dd id="sv-time">–</dd></div>
        </dl>
        <div class="sv-scroll" tabindex="0" role="region" aria-labelledby="sv-threads-caption">
          <table class="writers sv-threads" id="sv-threads">
            <caption id="sv-threads-caption">Each thread: its role, what it is doing now, how often it got in and how long it waited</caption>
            <thead><tr><th scope="col">Thread</th><th scope="col">Now</th><th scope="col">Entries</th>
              <th scope="col">Total wait (ms)</th><th scope="col">Longest wait (ms)</th><th scope="col">Waiting now (ms)</th></tr></thead>
            <tbody><tr class="sv-empty"><td colspan="6">No run yet: the threads appear here when you press Run.</td></tr></tbody>
          </table>
        </div>
      </div>
    </section>
    <section class="view sv-results" id="sv-results" aria-labelledby="sv-results-h" hidden>
      <h2 id="sv-results-h">Result</h2>
      <p id="sv-summary" class="sv-summary"></p>
      <div class="sv-scroll" tabindex="0" role="region" aria-labelledby="sv-compare-caption">
        <table class="writers" id="sv-compare">
          <caption id="sv-compare-caption">Your runs on this page, the latest of each lock — compare them</caption>
          <thead><tr><th scope="col">Lock</th><th scope="col">R / W</th><th scope="col">Entries per reader</th><th scope="col">Entries per writer</th>
            <th scope="col">Longest reader wait (ms)</th><th scope="col">Longest writer wait (ms)</th><th scope="col">Writer with anyone</th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
    ${SAW_HTML}
    ${pythonHtml(`A reader-preference lock built from <code>threading.Lock</code> (the classic “first readers–writers” solution),
      three reader threads that overlap and one writer, for one second: the writer gets in rarely or never. Then the
      same with a fair lock (a turnstile every thread passes in order) — the writer gets in again and again.`)}
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The three locks are small Rust types built on atomics over the same few words of shared memory, which this
      page reads every animation frame: <i>readers inside</i> and <i>writer inside</i> (one word, changed only by
      compare-and-swap), the counts of waiting readers and writers, and the fair lock’s two ticket counters.</p>
      <ul>
        <li><b>Reader preference</b>: a reader enters whenever no writer is inside; a writer enters only when the lock
        is empty and no reader waits. Readers that overlap never leave it empty. (The writer may get in once at the
        very start, before the readers’ turns overlap; after that, never.)</li>
        <li><b>Writer preference</b>: while a writer waits, no new reader enters. Writers that come straight back keep
        one waiting — now the readers starve (try 2 writers). Among themselves the writers are not ordered either: one
        that comes straight back can beat, every time, one that is asleep between two looks.</li>
        <li><b>Fair</b>: a ticket lock. Each thread takes the next number and enters when it is called; readers with
        consecutive numbers go in together. Nobody is overtaken, so everybody gets in.</li>
      </ul>
      <p>A waiting thread spins a few times, then sleeps 100 µs between looks, checking the Stop word every time; a
      thread inside sleeps for its hold time (a sleep needs no core, so 16 threads run fine on 2 cores). Every entry is
      checked against an occupancy counter that does not trust the lock: a writer must find nobody inside. That count
      stays 0 for all three locks — starvation is not a correctness bug, it is a fairness bug.</p>
      <p>There is no process version of this lab: processes do not share a lock’s memory, so there would be nothing to
      wait for.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;

  if (!ctx.shared) {
    const note = $('#sv-unavailable');
    note.hidden = false;
    /** @type {HTMLElement} */ (root.querySelector('.sv-body')).hidden = true;
    note.textContent =
      'Shared memory is not available on this page (see the note above), so the threads cannot share a lock here and ' +
      'this lab cannot run. (Processes would not help: they do not share a lock’s memory.) The explanation and the ' +
      'runnable Python below still work.';
  }

  const live = new LockView(root, /** @type {HTMLTableSectionElement} */ ($('#sv-threads tbody')));
  const results = new ResultsView(root);
  const redraw = new LiveLoop();

  const controls = { form, runBtn, stopBtn, status };
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params, stopRequested, say }) => {
      const shared = ctx.shared;
      if (!shared) throw new Error('this lab needs shared memory, which this page does not have');
      /** @type {import('./threads.js').Params} */
      const p = /** @type {import('./threads.js').Params} */ (params);
      const { readers: r, writers: w } = p;
      live.reset(r, w);
      $('#sv-policy').textContent = /** @type {Record<string, string>} */ (/** @type {import('../../params.js').EnumParam} */ (schema.lock).options)[p.lock];
      say(`Starting a pool of ${r + w} threads…`);
      await shared.ensure(r + w);
      // A Stop pressed while the pool started found no run to stop: honour it here.
      if (stopRequested()) return { state: 'stopped', summary: 'Stopped before the threads started.' };
      const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
      say(`Running: ${LOCK_SAID[p.lock]}, ${r} readers and ${w} writer${w === 1 ? '' : 's'} for ${(p.duration / 1000).toFixed(1)} s…`);
      redraw.start(() => live.draw(mem));
      let run;
      try {
        run = await shared.run(meta.id, p);
      } finally {
        redraw.stop();
      }
      if (run.terminated) return { state: 'stopped', summary: 'Stopped: the coordinator did not stop, so it was ended and a fresh one started.' };
      live.draw(mem);
      /** @type {import('./threads.js').Result} */
      const res = run.result;
      const v = judge(p, res);
      results.show(p, res, v);
      const out = { lock: p.lock, starved: v.starved, readerEntries: v.readerEntries, writerEntries: v.writerEntries, violations: v.violations };
      if (res.stopped) {
        return { state: 'stopped', summary: `Stopped: every thread saw the stop word in shared memory — waiting ones too — and left. So far: ${v.verdict}`, results: out };
      }
      const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'))?.value;
      $('#predict-feedback').textContent = feedback(p.lock, v.starved, choice);
      return { state: 'done', summary: `Done. ${v.verdict}`, results: out, saw: sawOf(p, res, v) };
    },
    stop: () => ctx.shared?.stop(),
    params: {
      errorsBox,
      schema,
      ctx,
      // Without shared memory there is nothing this lab can run: Run stays off.
      blocked: () => !ctx.shared,
      check: (raw) => tooMany(Number(raw.readers), Number(raw.writers)),
    },
  });
  const extra = tooMany(values.readers, values.writers);
  if (Object.keys(extra).length && !ctx.errors.readers && !ctx.errors.writers) runner.binding?.showErrors({ ...ctx.errors, ...extra });

  bindPredict(root, PREDICT);

  return {
    dispose() {
      redraw.stop();
    },
  };
}
