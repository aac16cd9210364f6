// Lab `starvation`, page side: readers–writers locks and who starves. Kernel:
// crate/src/labs/starvation.rs (its `STARVATION` static of atomics is what the
// page watches). Browser test: tests/starvation.test.mjs.
//
// Threads only: processes do not share a lock's memory, so an isolated-worker
// variant would have nothing to contend for.
import { LiveLoop } from '../views/live.js';
import python from './starvation.py?raw';
import { bindPredict } from '../views/predict.js';
import { el, fmt, fmtMs } from '../views/dom.js';
import { PARAM_ERRORS_HTML, RUN_STOP_HTML, bindParamForm, labControls, showRunFailed } from '../views/param-form.js';
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';

/** @type {import('../params.js').Schema} */
export const schema = {
  lock: {
    type: 'enum',
    label: 'Lock',
    values: ['reader', 'writer', 'fair'],
    default: 'reader',
    help: 'reader preference · writer preference · fair (first come, first served)',
  },
  readers: { type: 'int', label: 'Readers (R)', min: 1, max: 15, default: 3, help: '1–15 reader threads' },
  writers: { type: 'int', label: 'Writers (W)', min: 1, max: 15, default: 1, help: '1–15 writer threads; R + W ≤ 16' },
  read: { type: 'int', label: 'Read hold (ms)', min: 1, max: 50, default: 2, help: 'how long a reader stays inside, 1–50 ms' },
  write: { type: 'int', label: 'Write hold (ms)', min: 1, max: 50, default: 2, help: 'how long a writer stays inside, 1–50 ms' },
  gap: { type: 'int', label: 'Gap (ms)', min: 0, max: 50, default: 0, help: 'time outside between turns, 0–50 ms (0: straight back)' },
  duration: { type: 'int', label: 'Duration (ms)', min: 200, max: 10_000, default: 3000, help: 'length of the run, 200–10,000 ms' },
};

export const title = 'Starvation';

/** The kernel's numbers for the locks (starvation.rs `Policy`). */
const POLICY = /** @type {const} */ ({ reader: 1, writer: 2, fair: 3 });
const LOCK_NAME = { reader: 'Reader preference', writer: 'Writer preference', fair: 'Fair (FIFO tickets)' };
/** The same, inside a sentence. */
const LOCK_SAID = { reader: 'reader preference', writer: 'writer preference', fair: 'the fair (FIFO) lock' };
/** ThreadWords.phase */
const PHASES = ['not started', 'outside', 'waiting', 'inside', 'done'];
const PHASE_MARK = ['·', '○', '…', '●', '✓'];

const PREDICT = [
  ['same', 'About as often as each reader'],
  ['fewer', 'Less often than a reader, but still hundreds of times'],
  ['none', 'Almost never: 0 times, or a handful'],
  ['broken', 'The lock breaks: the writer gets in while readers are inside'],
];

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
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
    <form class="controls" id="controls" novalidate>
      <fieldset class="mode">
        <legend>Lock</legend>
        <label><input type="radio" name="lock" value="reader"> Reader preference</label>
        <label><input type="radio" name="lock" value="writer"> Writer preference</label>
        <label><input type="radio" name="lock" value="fair"> Fair (first come, first served)</label>
      </fieldset>
      ${['readers', 'writers', 'read', 'write', 'gap', 'duration']
        .map((name) => {
          const p = /** @type {import('../params.js').IntParam} */ (schema[name]);
          return `<label class="num">${p.label} <input type="number" name="${name}" min="${p.min}" max="${p.max}" step="1" required
        aria-describedby="${name}-help"><small id="${name}-help">${p.help}</small></label>`;
        })
        .join('\n      ')}
      ${RUN_STOP_HTML}
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend>Predict first: reader preference, 3 readers that each hold the lock a few ms and come straight
      back, 1 writer, a few seconds. How often does the writer get in?</legend>
      ${PREDICT.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
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
        <table class="writers sv-threads" id="sv-threads">
          <caption>Each thread: its role, what it is doing now, how often it got in and how long it waited</caption>
          <thead><tr><th scope="col">Thread</th><th scope="col">Now</th><th scope="col">Entries</th>
            <th scope="col">Total wait (ms)</th><th scope="col">Longest wait (ms)</th><th scope="col">Waiting now (ms)</th></tr></thead>
          <tbody><tr class="sv-empty"><td colspan="6">No run yet: the threads appear here when you press Run.</td></tr></tbody>
        </table>
      </div>
    </section>
    <section class="view sv-results" id="sv-results" aria-labelledby="sv-results-h" hidden>
      <h2 id="sv-results-h">Result</h2>
      <p id="sv-summary" class="sv-summary"></p>
      <table class="writers" id="sv-compare">
        <caption>Your runs on this page, the latest of each lock — compare them</caption>
        <thead><tr><th scope="col">Lock</th><th scope="col">R / W</th><th scope="col">Entries per reader</th><th scope="col">Entries per writer</th>
          <th scope="col">Longest reader wait (ms)</th><th scope="col">Longest writer wait (ms)</th><th scope="col">Writer with anyone</th></tr></thead>
        <tbody></tbody>
      </table>
    </section>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>A reader-preference lock built from <code>threading.Lock</code> (the classic “first readers–writers” solution),
      three reader threads that overlap and one writer, for one second: the writer gets in rarely or never. Then the
      same with a fair lock (a turnstile every thread passes in order) — the writer gets in again and again.
      ThreadLab’s CI runs this file with <code>python3</code>.</p>
      <pre><code id="python-code"></code></pre>
    </details>
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

  let running = false;
  const { showErrors } = bindParamForm({
    form,
    errorsBox,
    runBtn,
    schema,
    values,
    ctx,
    // Without shared memory there is nothing this lab can run: Run stays off.
    isRunning: () => running || !ctx.shared,
    check: (raw) =>
      Number(raw.readers) + Number(raw.writers) > 16
        ? { writers: `readers + writers must be at most 16 (got ${Number(raw.readers) + Number(raw.writers)})` }
        : {},
  });
  if (values.readers + values.writers > 16 && !ctx.errors.readers && !ctx.errors.writers) {
    showErrors({ ...ctx.errors, writers: `readers + writers must be at most 16 (got ${values.readers + values.writers})` });
  }

  // --- thread rows ---------------------------------------------------------------
  const tbody = /** @type {HTMLTableSectionElement} */ ($('#sv-threads tbody'));
  /** @type {{tr: HTMLElement, now: HTMLElement, entries: HTMLElement, bar: HTMLElement, total: HTMLElement, max: HTMLElement, waitNow: HTMLElement}[]} */
  let rows = [];
  const roleOf = (/** @type {number} */ t, /** @type {number} */ r) => (t < r ? 'reader' : 'writer');
  const nameOf = (/** @type {number} */ t, /** @type {number} */ r) => (t < r ? `Reader ${t + 1}` : `Writer ${t - r + 1}`);
  const buildRows = (/** @type {number} */ r, /** @type {number} */ w) => {
    rows = [];
    tbody.replaceChildren(
      ...Array.from({ length: r + w }, (_, t) => {
        const role = roleOf(t, r);
        const bar = el('span', { class: 'bar-fill' });
        const row = {
          tr: el('tr', { 'data-thread': String(t), 'data-role': role, 'data-phase': '0' }),
          now: el('td', { class: 'sv-now' }, '· not started'),
          entries: el('span', { 'data-entries': String(t), 'data-value': '0' }, '0'),
          bar,
          total: el('td', { 'data-total-wait': String(t) }, '0'),
          max: el('td', { 'data-max-wait': String(t), 'data-value': '0' }, '0'),
          waitNow: el('td', { 'data-wait-now': String(t) }, '–'),
        };
        const badge = el('span', { class: `sv-badge sv-${role}`, 'aria-hidden': 'true' }, role === 'reader' ? `R${t + 1}` : `W${t - r + 1}`);
        row.tr.append(
          el('th', { scope: 'row' }, badge, ` ${nameOf(t, r)}`),
          row.now,
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, bar), row.entries),
          row.total,
          row.max,
          row.waitNow,
        );
        rows.push(row);
        return row.tr;
      }),
    );
  };

  // --- live view of the lab's memory -----------------------------------------------
  /** @type {Record<string, number> | null} */
  let layout = null;
  /** @type {ArrayBufferLike | null} */
  let buffer = null;
  /** @type {Uint32Array | null} */
  let u32 = null;
  const words = () => {
    const mem = ctx.shared?.arena?.memory;
    if (!mem || !layout) return null;
    if (mem.buffer !== buffer || !u32) {
      // A grown memory has a new buffer (wasm-bindgen#2222): new view.
      buffer = mem.buffer;
      u32 = new Uint32Array(buffer);
    }
    return u32;
  };
  const at = (/** @type {string} */ field) => /** @type {Record<string, number>} */ (layout)[field] >>> 2;
  /** Thread t's word `i` (ThreadWords order: role, phase, entries, total, max, now). */
  const tw = (/** @type {Uint32Array} */ m, /** @type {number} */ t, /** @type {number} */ i) =>
    m[at('thread') + t * /** @type {Record<string, number>} */ (layout).wordsPerThread + i];

  /** @param {number} r @param {number} w */
  const draw = (r, w) => {
    const m = words();
    if (!m || !layout) return;
    const state = m[at('state')];
    const writerIn = state & layout.writerBit ? 1 : 0;
    const readersIn = state & (layout.writerBit - 1);
    const set = (/** @type {string} */ sel, /** @type {number} */ v, /** @type {string} */ text) => {
      const e = $(sel);
      e.dataset.value = String(v);
      e.textContent = text;
    };
    set('#sv-readers-in', readersIn, fmt(readersIn));
    set('#sv-writer-in', writerIn, writerIn ? 'yes' : 'no');
    set('#sv-wait-r', m[at('waitingReaders')], fmt(m[at('waitingReaders')]));
    set('#sv-wait-w', m[at('waitingWriters')], fmt(m[at('waitingWriters')]));
    const violations = m[at('violations')];
    set('#sv-violations', violations, `${fmt(violations)} times`);
    $('#sv-tickets').textContent = m[at('policy')] === POLICY.fair ? `#${fmt(m[at('nowServing')])} · ${fmt(m[at('nextTicket')])}` : '–';
    $('#sv-time').textContent = `${(m[at('elapsedUs')] / 1e6).toFixed(2)} s`;
    let most = 1;
    for (let t = 0; t < r + w; t++) most = Math.max(most, tw(m, t, 2));
    for (let t = 0; t < r + w && t < rows.length; t++) {
      const row = rows[t];
      const phase = tw(m, t, 1);
      const entries = tw(m, t, 2);
      const now = tw(m, t, 5);
      const total = tw(m, t, 3) + now;
      const max = Math.max(tw(m, t, 4), now);
      row.tr.dataset.phase = String(phase);
      row.now.textContent = `${PHASE_MARK[phase] ?? '?'} ${PHASES[phase] ?? '?'}`;
      row.entries.textContent = ` ${fmt(entries)}`;
      row.entries.dataset.value = String(entries);
      row.bar.style.width = `${(100 * entries) / most}%`;
      row.total.textContent = fmtMs(total / 1000);
      row.max.textContent = fmtMs(max / 1000);
      row.max.dataset.value = String(max);
      row.waitNow.textContent = now ? fmtMs(now / 1000) : '–';
    }
  };

  const redraw = new LiveLoop();
  const loop = (/** @type {number} */ r, /** @type {number} */ w) => redraw.start(() => draw(r, w));

  // --- results ---------------------------------------------------------------------------
  /** @type {Map<string, HTMLElement>} */
  const compareRows = new Map();
  const range = (/** @type {number[]} */ xs) => {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
  };

  /**
   * @param {{lock: 'reader'|'writer'|'fair', readers: number, writers: number, duration: number}} p
   * @param {number[]} res [stopped, elapsedUs, violations, n, entries×n, totalWait×n, maxWait×n]
   */
  function summarise(p, res) {
    const [, elapsedUs, violations, n] = res;
    const entries = res.slice(4, 4 + n);
    const maxWait = res.slice(4 + 2 * n, 4 + 3 * n);
    const re = entries.slice(0, p.readers);
    const we = entries.slice(p.readers);
    const rSum = re.reduce((a, b) => a + b, 0);
    const wSum = we.reduce((a, b) => a + b, 0);
    const rMaxWait = Math.max(...maxWait.slice(0, p.readers)) / 1000;
    const wMaxWait = Math.max(...maxWait.slice(p.readers)) / 1000;
    const rMin = Math.min(...re);
    const wMin = Math.min(...we);
    // A thread starved when it got in at most a tenth as often as the busiest thread.
    const most = Math.max(...entries);
    const starvedSet = entries.map((e) => e * 10 <= most);
    const readersAll = starvedSet.slice(0, p.readers).every(Boolean);
    const writersAll = starvedSet.slice(p.readers).every(Boolean);
    const starved = writersAll ? 'writers' : readersAll ? 'readers' : starvedSet.some(Boolean) ? 'some' : 'nobody';
    const secs = (elapsedUs / 1e6).toFixed(1);
    const times = (/** @type {number} */ x) => `${fmt(x)} time${x === 1 ? '' : 's'}`;
    const who = (/** @type {number} */ k, /** @type {string} */ s) => (k === 1 ? `the ${s}` : `the ${k} ${s}s`);
    const nameOfT = (/** @type {number} */ t) => nameOf(t, p.readers);
    // Starved threads of the other role too (writer preference: a writer that is asleep between looks
    // can lose every time to one that comes straight back).
    const others = (/** @type {'reader'|'writer'} */ role) =>
      entries.map((_, t) => t).filter((t) => starvedSet[t] && roleOf(t, p.readers) === role);
    const also = (/** @type {number[]} */ ts) =>
      ts.length ? ` Also starved: ${ts.map((t) => `${nameOfT(t)} (${times(entries[t])})`).join(', ')}.` : '';
    let verdict;
    if (starved === 'writers') {
      verdict = `Writers starved: ${who(p.writers, 'writer')} entered ${times(wSum)} in ${secs} s — one wait lasted ${fmtMs(wMaxWait)} ms — while ${who(p.readers, 'reader')} entered ${times(rSum)}.${also(others('reader'))}`;
    } else if (starved === 'readers') {
      verdict = `Readers starved: ${who(p.readers, 'reader')} entered ${times(rSum)} in ${secs} s — one wait lasted ${fmtMs(rMaxWait)} ms — while ${who(p.writers, 'writer')} entered ${times(wSum)}.${also(others('writer'))}`;
    } else if (starved === 'some') {
      const ts = entries.map((_, t) => t).filter((t) => starvedSet[t]);
      verdict = `Not everyone got in: ${ts.map((t) => `${nameOfT(t)} entered ${times(entries[t])}`).join(', ')} in ${secs} s, while the busiest thread entered ${times(most)}.`;
    } else {
      verdict = `Nobody starved: in ${secs} s every thread entered at least ${times(Math.min(rMin, wMin))} (readers ${times(rSum)}, writers ${times(wSum)}); the longest wait was ${fmtMs(Math.max(rMaxWait, wMaxWait))} ms.`;
    }
    const safe = violations === 0 ? 'A writer was never inside with anyone.' : `A writer was inside with someone ${times(violations)}: the lock is broken.`;
    const summary = $('#sv-summary');
    summary.textContent = `${LOCK_NAME[p.lock]}: ${verdict} ${safe}`;
    summary.dataset.starved = starved;
    summary.dataset.lock = p.lock;
    $('#sv-results').hidden = false;

    const row = el(
      'tr',
      { 'data-lock': p.lock, 'data-starved': starved },
      el('th', { scope: 'row' }, `${LOCK_NAME[p.lock]}${res[0] ? ' (stopped early)' : ''}`),
      el('td', {}, `${p.readers} / ${p.writers}`),
      el('td', { 'data-reader-entries': re.join(',') }, range(re)),
      el('td', { 'data-writer-entries': we.join(',') }, range(we)),
      el('td', {}, fmtMs(rMaxWait)),
      el('td', {}, fmtMs(wMaxWait)),
      el('td', {}, times(violations)),
    );
    compareRows.get(p.lock)?.remove();
    compareRows.set(p.lock, row);
    const order = ['reader', 'writer', 'fair'];
    /** @type {HTMLElement} */ ($('#sv-compare tbody')).replaceChildren(
      ...order.filter((k) => compareRows.has(k)).map((k) => /** @type {HTMLElement} */ (compareRows.get(k))),
    );
    return { starved, readerEntries: re, writerEntries: we, violations, verdict: `${verdict} ${safe}` };
  }

  function giveFeedback(/** @type {string} */ lock, /** @type {string} */ starved) {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const fb = $('#predict-feedback');
    if (lock !== 'reader') {
      const what = { nobody: 'nobody starved', some: 'some threads starved', readers: 'the readers starved', writers: 'the writers starved' };
      fb.textContent = `This run used ${LOCK_SAID[/** @type {'writer'|'fair'} */ (lock)]}, and ${
        what[/** @type {keyof typeof what} */ (starved)]
      }. The question is about reader preference: run that to check your prediction.`;
      return;
    }
    const explain =
      starved === 'writers'
        ? 'Under reader preference the overlapping readers never left the lock empty, so the writer got in almost never — it starved, though the lock never broke.'
        : 'This time the writer got in: with a gap between turns, or a single reader, the lock is sometimes empty. Try gap 0 and 3 readers.';
    const verdict = !choice ? '' : choice.value === 'none' && starved === 'writers' ? 'Your prediction fits. ' : 'Not quite. ';
    fb.textContent = verdict + explain;
  }

  // --- runs -----------------------------------------------------------------------------------
  let runs = 0;
  /** Stop was pressed during the current run (perhaps before its threads started). */
  let stopRequested = false;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (running || runBtn.disabled || !ctx.shared) return;
    const shared = ctx.shared;
    const p = { ...values };
    const r = p.readers;
    const w = p.writers;
    running = true;
    stopRequested = false;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params: p });
    /** @type {Record<string, any>} */
    let results = {};
    try {
      buildRows(r, w);
      $('#sv-policy').textContent = LOCK_NAME[/** @type {'reader'} */ (p.lock)];
      status.textContent = `Starting a pool of ${r + w} threads…`;
      await shared.ensure(r + w);
      layout = await shared.call('starvationLayout');
      buffer = null;
      status.textContent = `Running: ${LOCK_SAID[/** @type {'reader'} */ (p.lock)]}, ${r} readers and ${w} writer${w === 1 ? '' : 's'} for ${(p.duration / 1000).toFixed(1)} s…`;
      loop(r, w);
      // A Stop pressed while the pool started found no run to stop: honour it here.
      const run = stopRequested ? null : await shared.run('starvation', { policy: POLICY[/** @type {'reader'} */ (p.lock)], ...p });
      redraw.stop();
      if (!run) {
        root.dataset.state = 'stopped';
        status.textContent = 'Stopped before the threads started.';
      } else if (run.terminated) {
        root.dataset.state = 'stopped';
        status.textContent = 'Stopped: the coordinator did not stop, so it was ended and a fresh one started.';
      } else {
        draw(r, w);
        const s = summarise(/** @type {any} */ (p), run.result);
        results = { lock: p.lock, starved: s.starved, readerEntries: s.readerEntries, writerEntries: s.writerEntries, violations: s.violations };
        if (run.result[0]) {
          root.dataset.state = 'stopped';
          status.textContent = `Stopped: every thread saw the stop word in shared memory — waiting ones too — and left. So far: ${s.verdict}`;
        } else {
          root.dataset.state = 'done';
          status.textContent = `Done. ${s.verdict}`;
          giveFeedback(p.lock, s.starved);
        }
      }
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      redraw.stop();
      running = false;
      stopBtn.disabled = true;
      showErrors({});
      emitRunFinished(root, { run: runNo, params: p, results, summary: status.textContent ?? '' });
    }
  });

  bindPredict(root, PREDICT);

  stopBtn.addEventListener('click', async () => {
    stopRequested = true;
    stopBtn.disabled = true;
    status.textContent = 'Stopping…';
    await ctx.shared?.stop();
  });

  return {
    dispose() {
      redraw.stop();
    },
  };
}
