// Lab `stepper`, page side: a deterministic Python-subset interpreter (the
// core, crate/src/stepper/, plain build) run one bytecode at a time with the
// learner as the scheduler. Stepping runs here on the main thread (it needs no
// shared memory, so it works without cross-origin isolation and in a frame);
// exploring every interleaving runs in stepper.worker.js so the tab never
// freezes and Stop can end it. Browser test: tests/stepper.test.mjs.
import init, { Stepper, stepperCompile, stepperSamples } from '../../pkg/plain/threadlab.js';
import { colourOf } from '../views/palette.js';
import { MSG } from '../engine/messages.js';
import { el, fmt, fmtMs, prefersReducedMotion } from '../views/dom.js';
import { PARAM_ERRORS_HTML, bindParamForm, labControls } from '../views/param-form.js';
import { EMBED, emitLabEvent } from '../embed/protocol.js';

export const title = 'Stepper: you are the scheduler';

/** The samples the core ships (crate/src/stepper/API.md); other labs link `?lab=stepper&sample=<id>`. */
export const SAMPLE_IDS = ['race', 'lock', 'deadlock', 'starvation', 'prodcons', 'processes', 'gil', 'asyncio'];
const MODES = ['threads', 'gil', 'asyncio', 'processes'];
/** Steps a random or sequential run may take before it is stopped (a runaway program). */
export const STEP_BUDGET = 100_000;
/** Longest schedule kept in the URL (longer runs still step and undo; their link starts from step 0). */
const MAX_URL_SCHEDULE = 5000;

/** Base64url (RFC 4648 §5, no padding) of the UTF-8 bytes of `text`. */
export function toBase64Url(/** @type {string} */ text) {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text behind base64url `s`; throws a readable Error when it is not base64url of UTF-8. */
export function fromBase64Url(/** @type {string} */ s) {
  let t = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (t.length % 4 === 1) throw new Error(`its length (${s.length}) cannot be base64`);
  while (t.length % 4) t += '=';
  let bin;
  try {
    bin = atob(t);
  } catch {
    throw new Error('it is not base64url');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    throw new Error('its bytes are not UTF-8 text');
  }
}

/** @type {import('../params.js').Schema} */
export const schema = {
  sample: {
    type: 'string',
    label: 'Sample',
    default: 'race',
    maxLength: 40,
    validate: (v) => (SAMPLE_IDS.includes(v) ? null : `must be one of ${SAMPLE_IDS.join(', ')} (got "${v.slice(0, 40)}")`),
    help: SAMPLE_IDS.join(', '),
  },
  src: {
    type: 'string',
    label: 'Program',
    default: '',
    maxLength: 60_000,
    pattern: /^[A-Za-z0-9_=-]*$/,
    help: 'base64url of the UTF-8 program text (letters, digits, - and _)',
    validate: (v) => {
      try {
        fromBase64Url(v);
        return null;
      } catch (e) {
        return `is not a program in base64url: ${e instanceof Error ? e.message : e}`;
      }
    },
  },
  mode: {
    type: 'enum',
    label: 'Mode',
    values: MODES,
    default: 'threads',
    help: 'threads: switch at any bytecode · gil: every k bytecodes or at a blocking call · asyncio: only at await · processes: a copy of the globals each',
  },
  k: { type: 'int', label: 'GIL interval k', min: 1, max: 1000, default: 5, help: '1–1000 bytecodes (gil mode)' },
  seed: { type: 'int', label: 'Seed', min: 0, max: 4_294_967_295, default: 1, help: '0 – 4,294,967,295' },
  budget: { type: 'int', label: 'State budget', min: 10, max: 5_000_000, default: 200_000, help: '10 – 5,000,000 states' },
  schedule: {
    type: 'string',
    label: 'Schedule',
    default: '',
    maxLength: MAX_URL_SCHEDULE,
    pattern: /^[0-9]*$/,
    help: 'thread numbers 0–9, one digit per step',
  },
};

/** Predict questions: [question, predicate on an exploration result that makes the answer "yes"]. */
/** @type {Record<string, [string, (r: any) => boolean, string]>} */
const PREDICTS = {
  race: ['Two threads each run counter += 1 once. Can counter end at 1?', (r) => hasGlobal(r, 'counter', '1'),
    'Both threads can LOAD counter (0) before either STOREs: both store 1 and one increment is lost.'],
  lock: ['Each thread now holds the lock around counter += 1. Can counter still end at 1?', (r) => hasGlobal(r, 'counter', '1'),
    'The lock makes load–add–store one unit: the other thread blocks at the lock until it is released, so counter always ends at 2.'],
  deadlock: ['Can this program get stuck, every thread waiting for a lock another one holds?', (r) => r.outcomes.some((o) => o.kind === 'deadlock'),
    'If every philosopher takes their left fork before anyone takes a right one, each waits for a fork the next one holds, forever.'],
};
const GENERIC_PREDICT = /** @type {[string, (r: any) => boolean, string]} */ ([
  'Can this program end in more than one way, depending only on the schedule?',
  (r) => r.outcomes.length > 1,
  'The histogram lists every distinct ending the interleavings reach.',
]);
const hasGlobal = (/** @type {any} */ r, /** @type {string} */ name, /** @type {string} */ v) =>
  r.outcomes.some((/** @type {any} */ o) => o.globals?.[name] === v);

const OUTCOME_WORDS = { finished: 'Finished', deadlock: 'Deadlock', assert: 'Assertion failed', error: 'Error', budget: 'Step budget hit' };

/** An outcome's message without a leading "<kind>:" that would repeat its heading. */
const outcomeMessage = (/** @type {any} */ o) => String(o?.message ?? '').replace(new RegExp(`^${o?.kind ?? ''}:\\s*`, 'i'), '');

/** Black or white text, whichever reads better on `hex`. */
function inkOn(/** @type {string} */ hex) {
  const n = parseInt(hex.slice(1), 16);
  const lin = (/** @type {number} */ c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(n >> 16) + 0.7152 * lin((n >> 8) & 0xff) + 0.0722 * lin(n & 0xff);
  return L > 0.22 ? '#000000' : '#ffffff';
}

/** A thread's badge: its colour and its number (never colour alone). */
function badge(/** @type {number} */ t, /** @type {string} */ extra = '') {
  const c = colourOf(t);
  return el('span', { class: `tbadge ${extra}`.trim(), style: `background:${c};color:${inkOn(c)}`, 'data-thread': String(t), title: `thread ${t}` }, `T${t}`);
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = `
  <article class="lab stepper" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">A small Python interpreter runs your program one bytecode at a time, and <b>you</b> pick which
    thread runs next. <code>counter += 1</code> is three steps — load, add, store — and another thread may run between
    any two of them. Step the threads by hand, replay a schedule, or let the page try every interleaving and count
    how the program can end.</p>
    <p id="no-coi-note" class="notice" hidden>The stepper needs no shared memory: everything on this page works here,
    whatever the note above says about threads.</p>
    <div class="stepper-top">
    <section class="editor" aria-labelledby="editor-h">
      <h2 id="editor-h">Program</h2>
      <div class="editor-bar">
        <label for="sample-select">Load sample</label>
        <select id="sample-select"></select>
        <button type="button" id="load-sample">Load</button>
      </div>
      <label for="program" class="program-label">Program text (a subset of Python: threading, multiprocessing, asyncio)</label>
      <textarea id="program" class="code" rows="10" spellcheck="false" autocapitalize="off" autocomplete="off"></textarea>
      <div class="buttons">
        <button type="button" id="compile" class="primary">Compile</button>
        <button type="button" id="reset">Reset to step 0</button>
      </div>
      <div id="compile-error" class="errors" role="alert" hidden></div>
    </section>
    <div class="stepper-side">
    <form class="controls" id="controls" novalidate>
      <label class="num">Mode <select name="mode" aria-describedby="mode-help">
        <option value="threads">threads — switch at any bytecode</option>
        <option value="gil">GIL — every k bytecodes or when blocked</option>
        <option value="asyncio">asyncio — only at await</option>
        <option value="processes">processes — a copy of the globals each</option>
      </select><small id="mode-help">the same program, different switching rules</small></label>
      <label class="num">GIL interval k <input type="number" name="k" min="1" max="1000" step="1" required aria-describedby="k-help"><small id="k-help">1–1000 bytecodes (GIL mode)</small></label>
      <label class="num">Seed <input type="number" name="seed" min="0" max="4294967295" step="1" required aria-describedby="seed-help"><small id="seed-help">for the random run</small></label>
      <label class="num">State budget <input type="number" name="budget" min="10" max="5000000" step="1" required aria-describedby="budget-help"><small id="budget-help">10 – 5,000,000 (exploration)</small></label>
      <input type="hidden" name="sample"><input type="hidden" name="src"><input type="hidden" name="schedule">
      <div class="buttons">
        <button type="submit" id="run" class="primary">Explore every interleaving</button>
        <button type="button" id="stop" disabled>Stop</button>
      </div>
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend id="predict-q">Predict first</legend>
      <label><input type="radio" name="predict" value="yes"> Yes</label>
      <label><input type="radio" name="predict" value="no"> No</label>
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    </div>
    </div>
    <p id="status" class="status" role="status" aria-live="polite">Loading the interpreter…</p>
    <section id="explore-view" class="explore-view panel" aria-labelledby="explore-h" hidden>
      <h2 id="explore-h">Every interleaving</h2>
      <p id="explore-busy" class="busy" hidden><progress id="explore-progress" aria-label="Exploring"></progress> <span id="explore-elapsed"></span></p>
      <p id="explore-summary"></p>
      <ol id="outcomes" class="outcomes"></ol>
    </section>
    <section id="stepper-view" class="stepper-view" aria-labelledby="stepping-h" hidden>
      <h2 id="stepping-h" tabindex="-1">Step it</h2>
      <div class="sched" role="group" aria-label="Scheduler">
        <div id="thread-buttons" class="thread-buttons"></div>
        <p id="mode-note" class="mode-note" hidden></p>
        <div class="sched-row">
          <button type="button" id="undo" aria-keyshortcuts="u Backspace">Undo one step (u)</button>
          <label class="timeline-label" for="timeline">Step <output id="step-no">0</output> of <span id="step-max">0</span></label>
          <input type="range" id="timeline" min="0" max="0" value="0">
          <button type="button" id="run-random">Random run (seed)</button>
          <button type="button" id="run-seq">Run sequentially</button>
        </div>
        <form id="schedule-form" class="sched-row" novalidate>
          <label for="schedule-input">Schedule</label>
          <input id="schedule-input" class="code" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" aria-describedby="schedule-help">
          <button type="submit" id="replay">Replay</button>
          <small id="schedule-help">one thread number per step; it is in the page's address, so a link replays it</small>
        </form>
        <p id="schedule-error" class="errors" role="alert" hidden></p>
      </div>
      <p id="step-live" class="step-live" role="status" aria-live="polite"></p>
      <div id="outcome" class="outcome" hidden></div>
      <div class="stepper-main">
          <section class="panel src-panel" aria-labelledby="src-h"><h3 id="src-h">Source</h3><ol id="src-lines" class="src-lines"></ol></section>
          <section class="panel" aria-labelledby="dis-h"><h3 id="dis-h">Bytecode <small>(as <code>dis</code> shows it)</small></h3><div id="dis"></div></section>
        <div class="state-panels">
          <div id="memories" class="memories"></div>
          <section class="panel" aria-labelledby="threads-h"><h3 id="threads-h">Threads</h3><div id="threads" class="threads"></div></section>
          <section class="panel" id="syncs-panel" aria-labelledby="syncs-h"><h3 id="syncs-h">Locks, queues and events</h3><div id="syncs"></div></section>
          <section class="panel" aria-labelledby="out-h"><h3 id="out-h">Output</h3><pre id="output" class="output"></pre></section>
        </div>
      </div>
    </section>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>The program is ordinary Python (a subset): save it as a file and run it with <code>python3</code>. Real
      CPython picks the schedule itself, so a race shows up only now and then — here you choose it. ThreadLab's CI
      checks that every sample, run one thread after another, prints what <code>python3</code> prints.</p>
      <pre><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The program is compiled to bytecode, like CPython's (the right-hand listing is what <code>dis</code> would
      print). A thread runs one instruction per step; between any two steps the scheduler — you — may switch to another
      thread. Each thread's badge (colour <em>and</em> number) marks its current line and instruction.</p>
      <p>The memory panel holds the globals. A cell takes the colour and number of the thread that wrote it last, so a
      lost update shows as a store that overwrote another thread's. Each process has its own panel: a child process
      writes its own copy and the parent's never changes.</p>
      <p>Modes change where a switch may happen: <b>threads</b> anywhere; <b>GIL</b> only after k instructions or when
      the running thread blocks; <b>asyncio</b> only at <code>await</code>; <b>processes</b> give every process a copy
      of the globals. Exploration tries every schedule the mode allows (identical states are merged), groups the
      endings, and gives one witness schedule for each — open it to watch that ending happen.</p>
      <p>Keys (outside text fields): <kbd>1</kbd>–<kbd>9</kbd> (and <kbd>0</kbd> for the main thread) step that thread
      one bytecode; <kbd>Shift</kbd>+digit runs it to its next line; <kbd>u</kbd> or <kbd>Backspace</kbd> undoes a step.
      The program is ordinary Python: copy it and run it with <code>python3</code>.</p>
    </details>
  </article>`;

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  const textarea = /** @type {HTMLTextAreaElement} */ ($('#program'));
  const sampleSelect = /** @type {HTMLSelectElement} */ ($('#sample-select'));
  const view = $('#stepper-view');
  const live = $('#step-live');
  const timeline = /** @type {HTMLInputElement} */ ($('#timeline'));
  const scheduleInput = /** @type {HTMLInputElement} */ ($('#schedule-input'));
  $('#no-coi-note').hidden = !!ctx.shared;
  const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));

  /** @type {{id: string, title: string, mode: string, source: string}[]} */
  let samples = [];
  /** @type {any} */
  let stepper = null;
  /** @type {any} */
  let snap = null;
  /** The furthest schedule on the current branch: the timeline can go forward again after an undo. */
  let fullSchedule = '';
  /** The compiled program: its source and code objects. */
  let program = { source: '', code: /** @type {any[]} */ ([]) };
  let exploring = false;
  /** @type {Worker | null} */
  let worker = null;
  let exploreId = 0;
  let runs = 0;
  let disposed = false;
  let timer = 0;
  /** The mode and k the current stepper was started with. */
  let startedWith = { mode: '', k: 0 };
  /** @type {(errors: Record<string, string>) => void} */
  let showErrors = () => {};

  /** Sets a URL-carried value (the hidden field too, so the form's next check sees it). */
  const setParam = (/** @type {string} */ name, /** @type {any} */ v) => {
    values[name] = v;
    field(name).value = String(v);
  };
  const pushUrl = () => {
    if (!Object.keys(currentErrors()).length) ctx.onChange(values);
  };
  const currentRaw = () => {
    /** @type {Record<string, string>} */
    const raw = {};
    for (const name of Object.keys(schema)) raw[name] = field(name).value;
    return raw;
  };
  const currentErrors = () => ctx.parse(currentRaw()).errors;

  const setBusy = (/** @type {boolean} */ busy) => {
    for (const b of root.querySelectorAll('.sched button, #compile, #reset, #load-sample')) {
      /** @type {HTMLButtonElement} */ (b).dataset.busy = String(busy);
    }
  };

  // --- the program ------------------------------------------------------------
  const programSource = () => {
    if (values.src) return fromBase64Url(values.src);
    return samples.find((s) => s.id === values.sample)?.source ?? '';
  };

  /** Shows a compile error: line and column, and the source with that line marked. */
  function showCompileError(/** @type {string} */ source, /** @type {{line: number, col: number, message: string}} */ e) {
    const box = $('#compile-error');
    box.hidden = false;
    const lines = source.split('\n');
    const from = Math.max(0, e.line - 3);
    const to = Math.min(lines.length, e.line + 2);
    const listing = el('ol', { class: 'src-lines error-listing', 'aria-label': `The source around line ${e.line}` });
    for (let i = from; i < to; i++) {
      const bad = i + 1 === e.line;
      listing.append(el('li', { 'data-line': String(i + 1), ...(bad ? { class: 'bad-line', 'aria-current': 'true' } : {}) },
        el('span', { class: 'ln' }, String(i + 1)), el('code', {}, lines[i] || ' ')));
      if (bad) {
        listing.append(el('li', { class: 'caret-line', 'aria-hidden': 'true' }, el('span', { class: 'ln' }, ''),
          el('code', { class: 'caret' }, `${' '.repeat(Math.max(0, e.col - 1))}^ here`)));
      }
    }
    box.replaceChildren(
      el('p', {}, `Compile error at line ${e.line}, column ${e.col}: ${e.message}`),
      el('p', { class: 'sub' }, 'Nothing ran. Fix the marked line and press Compile.'),
      listing,
    );
    box.dataset.line = String(e.line);
    box.dataset.col = String(e.col);
  }

  /**
   * Compiles `source` and starts a fresh stepper on it (then replays `schedule`).
   * Returns false (and shows why) when it cannot.
   */
  function start(/** @type {string} */ source, /** @type {string} */ schedule = '') {
    if (root.dataset.state === 'error') delete root.dataset.state;
    $('#compile-error').hidden = true;
    $('#schedule-error').hidden = true;
    stepper?.free?.();
    stepper = null;
    snap = null;
    view.hidden = true;
    runBtn.disabled = true;
    /** @type {any} */
    let c;
    try {
      c = JSON.parse(stepperCompile(source));
    } catch (err) {
      c = { ok: false, error: { line: 1, col: 1, message: `the interpreter failed: ${err instanceof Error ? err.message : err}` } };
    }
    if (!c.ok) {
      showCompileError(source, c.error);
      status.textContent = `Compile error at line ${c.error.line}, column ${c.error.col}. Nothing ran.`;
      root.dataset.compile = 'error';
      return false;
    }
    root.dataset.compile = 'ok';
    program = { source, code: c.code };
    $('#python-code').textContent = source;
    try {
      stepper = new Stepper(source, values.mode, values.k);
      startedWith = { mode: values.mode, k: values.k };
    } catch (err) {
      status.textContent = `The program could not start: ${err instanceof Error ? err.message : err}. Nothing ran.`;
      return false;
    }
    buildListings();
    view.hidden = false;
    fullSchedule = '';
    if (schedule) {
      try {
        stepper.replay(schedule);
        fullSchedule = schedule;
      } catch (err) {
        showScheduleError(`The schedule "${schedule.length > 40 ? `${schedule.slice(0, 40)}…` : schedule}" cannot be replayed: ${err instanceof Error ? err.message : err}. Nothing ran: back at step 0.`);
        stepper.free?.();
        stepper = new Stepper(source, values.mode, values.k);
        setParam('schedule', '');
        render();
        status.textContent = 'The schedule in the address cannot be replayed; nothing ran.';
        return true;
      }
    }
    render();
    showErrors(currentErrors());
    status.textContent = schedule
      ? `Replayed the schedule: ${schedule.length} steps.`
      : `Compiled. Step 0: pick a thread to run (keys 0–9, or the buttons).`;
    return true;
  }

  function showScheduleError(/** @type {string} */ msg) {
    const box = $('#schedule-error');
    box.hidden = false;
    box.textContent = msg;
  }

  // --- listings: source and bytecode ----------------------------------------------
  /** @type {Map<number, HTMLElement>} */
  let lineEls = new Map();
  /** @type {Map<string, HTMLElement>} "codeIndex:offset" → row */
  let instrEls = new Map();

  function buildListings() {
    const ol = $('#src-lines');
    lineEls = new Map();
    ol.replaceChildren(
      ...program.source.replace(/\n$/, '').split('\n').map((text, i) => {
        const li = el('li', { 'data-line': String(i + 1) }, el('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1)),
          el('code', {}, text || ' '), el('span', { class: 'marks' }));
        lineEls.set(i + 1, li);
        return li;
      }),
    );
    instrEls = new Map();
    $('#dis').replaceChildren(
      ...program.code.map((co, ci) => {
        let last = -1;
        const rows = co.instrs.map((/** @type {any} */ ins) => {
          const showLine = ins.line !== last;
          last = ins.line;
          const tr = el('tr', { 'data-code': co.name, 'data-offset': String(ins.offset), 'data-op': ins.op, 'data-line': String(ins.line), ...(showLine ? { class: 'newline' } : {}) },
            el('td', { class: 'ln' }, showLine ? String(ins.line) : ''),
            el('td', { class: 'off' }, String(ins.offset)),
            el('td', { class: 'op' }, ins.op),
            el('td', { class: 'arg' }, ins.arg ?? ''),
            el('td', { class: 'marks' }));
          instrEls.set(`${ci}:${ins.offset}`, tr);
          return tr;
        });
        const table = el('table', { class: 'dis' },
          el('caption', {}, co.name === '<module>' ? 'module body' : `def ${co.name}()`),
          el('thead', {}, el('tr', {}, ...['line', 'offset', 'instruction', 'argument', 'here'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, ...rows));
        return table;
      }),
    );
  }

  /** The code object a thread is in: the frame at its line whose function has an instruction at its offset. */
  function codeIndexOf(/** @type {any} */ t) {
    const frames = [...(t.frames ?? [])].reverse();
    for (const f of frames) {
      if (f.line !== t.line) continue;
      const ci = program.code.findIndex((co) => co.name === f.func && co.instrs.some((/** @type {any} */ i) => i.offset === t.offset));
      if (ci >= 0) return ci;
    }
    const top = frames[0]?.func;
    const byName = program.code.findIndex((co) => co.name === top);
    if (byName >= 0) return byName;
    return program.code.findIndex((co) => co.instrs.some((/** @type {any} */ i) => i.offset === t.offset && i.line === t.line));
  }

  // --- rendering the state ----------------------------------------------------------
  function render() {
    if (!stepper) return;
    snap = JSON.parse(stepper.snapshot());
    const s = snap;
    root.dataset.step = String(s.step);
    $('#step-no').textContent = String(s.step);
    if (!fullSchedule.startsWith(s.schedule)) fullSchedule = s.schedule;
    $('#step-max').textContent = String(fullSchedule.length);
    timeline.max = String(fullSchedule.length);
    timeline.value = String(s.step);
    timeline.setAttribute('aria-valuetext', `step ${s.step} of ${fullSchedule.length}`);
    scheduleInput.value = s.schedule.length > MAX_URL_SCHEDULE ? '' : s.schedule;
    scheduleInput.placeholder = s.schedule.length > MAX_URL_SCHEDULE ? `(${fmt(s.schedule.length)} steps: too long to show)` : 'e.g. 0011021';
    /** @type {HTMLButtonElement} */ ($('#undo')).disabled = s.step === 0;

    // URL: the schedule so far (a link replays it).
    setParam('schedule', s.schedule.length <= MAX_URL_SCHEDULE ? s.schedule : '');
    pushUrl();

    const live = new Set(s.runnable);
    const alive = s.threads.filter((/** @type {any} */ t) => t.status !== 'done' && t.status !== 'failed');

    // Thread buttons (rebuilt: keep the keyboard focus on the same thread's button).
    const focused = /** @type {HTMLElement | null} */ (document.activeElement);
    const refocus = focused && $('#thread-buttons').contains(focused)
      ? focused.dataset.step !== undefined ? `[data-step="${focused.dataset.step}"]` : `[data-line-step="${focused.dataset.lineStep}"]`
      : null;
    $('#thread-buttons').replaceChildren(
      ...s.threads.map((/** @type {any} */ t) => {
        const can = live.has(t.id) && !s.outcome;
        const why = can ? '' : t.status === 'done' ? ' (finished)' : t.status === 'failed' ? ' (failed)' : t.status === 'blocked' ? ' (blocked)' : s.outcome ? '' : ' (not allowed now)';
        const stepB = el('button', { type: 'button', class: 'step-btn', 'data-step': String(t.id), 'aria-keyshortcuts': String(t.id),
          'aria-label': `Step thread ${t.id}, ${t.name}, one bytecode${why}` }, badge(t.id), ` Step`);
        const lineB = el('button', { type: 'button', class: 'line-btn', 'data-line-step': String(t.id), 'aria-keyshortcuts': `Shift+${t.id}`,
          'aria-label': `Run thread ${t.id}, ${t.name}, to its next line${why}` }, `Line`);
        /** @type {HTMLButtonElement} */ (stepB).disabled = !can;
        /** @type {HTMLButtonElement} */ (lineB).disabled = !can;
        return el('div', { class: 'thread-ctl', 'data-thread': String(t.id), 'data-status': t.status }, stepB, lineB);
      }),
    );
    if (refocus) {
      const again = /** @type {HTMLButtonElement | null} */ ($('#thread-buttons').querySelector(`${refocus}:enabled`))
        ?? /** @type {HTMLButtonElement | null} */ ($('#thread-buttons').querySelector('button:enabled'));
      (again ?? /** @type {HTMLElement} */ ($('#undo'))).focus();
    }

    // Why a ready thread may not run now (GIL, asyncio).
    const waitingTurn = s.threads.filter((/** @type {any} */ t) => t.status === 'ready' && !live.has(t.id));
    const note = $('#mode-note');
    note.hidden = !!s.outcome || !waitingTurn.length || !s.runnable.length;
    if (!note.hidden) {
      const who = s.runnable.map((/** @type {number} */ t) => `T${t}`).join(', ');
      const wait = waitingTurn.map((/** @type {any} */ t) => `T${t.id}`).join(', ');
      note.textContent = s.mode === 'gil'
        ? `GIL: only ${who} may run now; ${wait} ${waitingTurn.length > 1 ? 'wait' : 'waits'} for the GIL, which changes hands after k = ${startedWith.k} bytecodes or when the running thread blocks or ends.`
        : s.mode === 'asyncio'
          ? `asyncio: only ${who} may run now; a task gives up control only at an await (or when it ends).`
          : `Only ${who} may run now.`;
    }

    // Source and bytecode marks.
    for (const li of lineEls.values()) {
      li.classList.remove('cur');
      /** @type {HTMLElement} */ (li.querySelector('.marks')).replaceChildren();
    }
    for (const tr of instrEls.values()) {
      tr.classList.remove('cur');
      /** @type {HTMLElement} */ (tr.querySelector('.marks')).replaceChildren();
    }
    for (const t of alive) {
      const li = lineEls.get(t.line);
      if (li) {
        li.classList.add('cur');
        /** @type {HTMLElement} */ (li.querySelector('.marks')).append(badge(t.id, t.status === 'blocked' ? 'blocked' : ''));
      }
      const tr = instrEls.get(`${codeIndexOf(t)}:${t.offset}`);
      if (tr) {
        tr.classList.add('cur');
        /** @type {HTMLElement} */ (tr.querySelector('.marks')).append(badge(t.id, t.status === 'blocked' ? 'blocked' : ''));
      }
    }

    // Memories: one panel per process.
    $('#memories').replaceChildren(
      ...s.memories.map((/** @type {any} */ m) =>
        el('section', { class: 'panel memory', 'data-process': String(m.process), 'aria-label': `Globals of ${m.name}` },
          el('h3', {}, s.memories.length > 1 ? `Globals · ${m.name} (its own copy)` : `Shared globals · ${m.name}`),
          m.globals.length
            ? el('table', { class: 'globals' },
                el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'name'), el('th', { scope: 'col' }, 'value'), el('th', { scope: 'col' }, 'last written by'))),
                el('tbody', {}, ...m.globals.map((/** @type {any} */ g) => {
                  const w = g.writer;
                  const c = w === null || w === undefined ? null : colourOf(w);
                  return el('tr', { 'data-global': g.name, 'data-writer': w === null || w === undefined ? '' : String(w) },
                    el('th', { scope: 'row' }, el('code', {}, g.name)),
                    el('td', { class: 'val', ...(c ? { style: `background:${c};color:${inkOn(c)}` } : {}) }, el('code', {}, g.value)),
                    el('td', { class: 'who' }, c ? badge(w) : '–'));
                })))
            : el('p', { class: 'sub' }, 'No globals yet.')),
      ),
    );

    // Threads: status, wait, frames, stacks.
    $('#threads').replaceChildren(
      ...s.threads.map((/** @type {any} */ t) =>
        el('article', { class: `thread-card ${live.has(t.id) && !s.outcome ? 'runnable' : ''}`, 'data-thread': String(t.id), 'data-status': t.status, style: `--tc:${colourOf(t.id)}` },
          el('h4', {}, badge(t.id), ` ${t.name} `, el('small', {}, `${t.kind}${s.memories.length > 1 ? ` · process ${t.process}` : ''}`),
            el('span', { class: `pill ${t.status}` }, t.status)),
          t.waitingFor ? el('p', { class: 'waits' }, 'waiting for: ', el('b', { class: 'waiting-for' }, t.waitingFor)) : '',
          t.status !== 'done' ? el('p', { class: 'at' }, `line ${t.line} · next `, el('code', {}, t.instr ?? '')) : el('p', { class: 'at' }, 'finished'),
          ...[...(t.frames ?? [])].reverse().map((/** @type {any} */ f) =>
            el('div', { class: 'frame' },
              el('div', { class: 'frame-h' }, el('code', {}, `${f.func}()`), ` line ${f.line}`),
              Object.keys(f.locals ?? {}).length
                ? el('div', { class: 'locals' }, ...Object.entries(f.locals).map(([k, v]) => el('span', { class: 'local' }, el('code', {}, `${k} = ${v}`))))
                : '',
              el('div', { class: 'stack', 'aria-label': 'value stack, bottom to top' }, el('span', { class: 'sub' }, 'stack: '),
                ...(f.stack?.length ? f.stack.map((/** @type {string} */ v) => el('code', { class: 'slot' }, v)) : [el('span', { class: 'sub' }, 'empty')])))),
        ),
      ),
    );

    // Locks, queues, events.
    $('#syncs-panel').hidden = !s.syncs.length;
    $('#syncs').replaceChildren(
      s.syncs.length
        ? el('table', { class: 'syncs' },
            el('thead', {}, el('tr', {}, ...['name', 'kind', 'owner', 'waiters', 'value'].map((h) => el('th', { scope: 'col' }, h)))),
            el('tbody', {}, ...s.syncs.map((/** @type {any} */ y) =>
              el('tr', { 'data-sync': y.name },
                el('th', { scope: 'row' }, el('code', {}, y.name)),
                el('td', {}, y.kind),
                el('td', {}, y.owner === null || y.owner === undefined ? 'free' : badge(y.owner)),
                el('td', {}, ...(y.waiters?.length ? y.waiters.map((/** @type {number} */ w) => badge(w)) : ['none'])),
                el('td', {}, el('code', {}, y.value ?? ''))))))
        : '',
    );

    // Output.
    $('#output').replaceChildren(
      ...(s.output.length
        ? s.output.map((/** @type {any} */ o) => el('div', { 'data-thread': String(o.thread) }, badge(o.thread), ` ${o.text}`))
        : [el('span', { class: 'sub' }, 'nothing printed yet')]),
    );

    // Outcome.
    const out = $('#outcome');
    out.hidden = !s.outcome;
    if (s.outcome) {
      out.dataset.kind = s.outcome.kind;
      out.replaceChildren(el('b', {}, `${OUTCOME_WORDS[/** @type {keyof typeof OUTCOME_WORDS} */ (s.outcome.kind)] ?? s.outcome.kind}: `),
        outcomeMessage(s.outcome), s.outcome.line ? ` (line ${s.outcome.line})` : '');
    } else delete out.dataset.kind;
    view.dataset.outcome = s.outcome?.kind ?? '';
  }

  /** The sentence the live region says after a move. */
  function announce(/** @type {string} */ what) {
    if (!snap) return;
    const s = snap;
    const run = s.runnable.length ? `Runnable: ${s.runnable.map((/** @type {number} */ t) => `T${t}`).join(', ')}.` : '';
    const blocked = s.outcome ? [] : s.threads.filter((/** @type {any} */ t) => t.status === 'blocked').map((/** @type {any} */ t) => `T${t.id} waits for ${t.waitingFor}`);
    const end = s.outcome ? `${OUTCOME_WORDS[/** @type {keyof typeof OUTCOME_WORDS} */ (s.outcome.kind)] ?? s.outcome.kind}: ${outcomeMessage(s.outcome)}` : '';
    live.textContent = [what, blocked.length ? `${blocked.join('; ')}.` : '', end || run].filter(Boolean).join(' ');
  }

  /** Steps thread `t` one bytecode (or to its next line). */
  function stepThread(/** @type {number} */ t, /** @type {boolean} */ toLine) {
    if (!stepper || !snap) return;
    const before = snap.threads.find((/** @type {any} */ x) => x.id === t);
    if (!before) {
      live.textContent = `There is no thread ${t} yet.`;
      return;
    }
    try {
      if (toLine) stepper.stepLine(t);
      else stepper.step(t);
    } catch (err) {
      live.textContent = `Thread ${t} cannot step: ${err instanceof Error ? err.message : err}`;
      return;
    }
    render();
    // The step line below says what happened; the status line keeps only what is still true.
    if (!exploring) status.textContent = '';
    const after = snap.threads.find((/** @type {any} */ x) => x.id === t);
    announce(toLine
      ? `Step ${snap.step}: T${t} ran to line ${after?.status === 'done' ? 'its end' : after?.line}.`
      : `Step ${snap.step}: T${t} ran ${before.instr} (line ${before.line}).`);
  }

  function goTo(/** @type {number} */ n) {
    if (!stepper || !snap) return;
    n = Math.max(0, Math.min(n, fullSchedule.length));
    try {
      if (n <= snap.step) stepper.undo(n);
      else stepper.replay(fullSchedule.slice(0, n));
    } catch (err) {
      live.textContent = `Cannot go to step ${n}: ${err instanceof Error ? err.message : err}`;
      return;
    }
    render();
    if (!exploring) status.textContent = '';
    announce(`Back at step ${snap.step}.`);
  }

  function runWhole(/** @type {'random' | 'sequential'} */ how) {
    if (!stepper) return;
    const t0 = performance.now();
    try {
      if (how === 'random') stepper.runRandom(values.seed, STEP_BUDGET);
      else stepper.runSequential(STEP_BUDGET);
    } catch (err) {
      status.textContent = `The run failed: ${err instanceof Error ? err.message : err}`;
      return;
    }
    const before = snap?.step ?? 0;
    fullSchedule = stepper.schedule();
    render();
    const ms = performance.now() - t0;
    const took = snap.step - before;
    if (!snap.outcome && took >= STEP_BUDGET) {
      const out = $('#outcome');
      out.hidden = false;
      out.dataset.kind = 'budget';
      view.dataset.outcome = 'budget';
      out.replaceChildren(el('b', {}, 'Step budget hit: '), `stopped after ${fmt(STEP_BUDGET)} steps without an end — does the program loop forever?`);
    }
    const end = snap.outcome ? `${OUTCOME_WORDS[/** @type {keyof typeof OUTCOME_WORDS} */ (snap.outcome.kind)] ?? snap.outcome.kind}: ${outcomeMessage(snap.outcome)}`
      : took >= STEP_BUDGET ? `Stopped at the step budget (${fmt(STEP_BUDGET)} steps): the program did not end.` : '';
    announce(`${how === 'random' ? `Random run (seed ${values.seed})` : 'Sequential run'}: ${fmt(took)} steps in ${fmtMs(ms)} ms.`);
    status.textContent = `${how === 'random' ? `Random run, seed ${values.seed}` : 'Sequential run'}: ${fmt(took)} steps. ${end}`;
  }

  // --- exploration in the worker ------------------------------------------------------
  function stopWorker() {
    worker?.terminate();
    worker = null;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (exploring || runBtn.disabled || !stepper) return;
    explore();
  });

  function explore() {
    exploring = true;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const params = { mode: values.mode, k: values.k, budget: values.budget, sample: values.src ? '' : values.sample };
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    const ev = $('#explore-view');
    ev.hidden = false;
    $('#outcomes').replaceChildren();
    $('#explore-summary').textContent = '';
    const busy = $('#explore-busy');
    busy.hidden = false;
    /** @type {HTMLProgressElement} */ ($('#explore-progress')).hidden = prefersReducedMotion();
    const t0 = performance.now();
    const tick = () => {
      $('#explore-elapsed').textContent = `Exploring every interleaving… ${(Math.round((performance.now() - t0) / 100) / 10).toFixed(1)} s (Stop ends it)`;
    };
    tick();
    timer = window.setInterval(tick, 250);
    status.textContent = `Exploring every interleaving (${values.mode} mode, budget ${fmt(values.budget)} states)…`;
    const id = ++exploreId;
    worker ??= new Worker(new URL('./stepper.worker.js', import.meta.url), { type: 'module', name: 'threadlab-stepper' });
    const w = worker;
    /** @param {'done' | 'stopped' | 'error'} outcome @param {string} said @param {any} [result] */
    const finish = (outcome, said, result) => {
      if (id !== exploreId) return;
      exploreId++;
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      clearInterval(timer);
      busy.hidden = true;
      exploring = false;
      stopBtn.disabled = true;
      runBtn.disabled = Object.keys(currentErrors()).length > 0;
      root.dataset.state = outcome;
      status.textContent = said;
      emitLabEvent(root, EMBED.RUN_FINISHED, { run: runNo, outcome, params, results: result ? { explore: { states: result.states, outcomes: result.outcomes.length, complete: result.complete } } : {}, summary: said });
    };
    const onMessage = (/** @type {MessageEvent<any>} */ e) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === MSG.STEPPER_RESULT) {
        const r = m.result;
        showOutcomes(r);
        finish('done', `Explored ${fmt(r.states)} states: ${r.outcomes.length} different ending${r.outcomes.length === 1 ? '' : 's'}${r.budgetHit ? ' — the state budget was hit, so there may be more' : ''}.`, r);
        giveFeedback(r);
      } else {
        finish('error', `Exploration failed: ${m.message}`);
      }
    };
    w.addEventListener('message', onMessage);
    const onError = (/** @type {ErrorEvent} */ e) => {
      stopWorker();
      finish('error', `Exploration failed: ${e.message || 'the worker crashed'}`);
    };
    w.addEventListener('error', onError);
    w.postMessage({ type: MSG.STEPPER_EXPLORE, id, source: program.source, mode: values.mode, k: values.k, budget: values.budget });
    stopBtn.onclick = () => {
      stopWorker();
      $('#explore-summary').textContent = 'Stopped: the exploring worker was ended. Nothing was counted.';
      finish('stopped', 'Stopped: exploration ended (its worker was terminated).');
    };
  }

  function showOutcomes(/** @type {any} */ r) {
    const total = r.outcomes.reduce((/** @type {number} */ n, /** @type {any} */ o) => n + o.count, 0) || 1;
    const ev = $('#explore-view');
    ev.dataset.budgetHit = String(!!r.budgetHit);
    // For `npm run bench` (states per second in the browser) and tests.
    ev.dataset.states = String(r.states);
    ev.dataset.ms = String(r.ms ?? 0);
    $('#explore-summary').replaceChildren(
      `${fmt(r.states)} states, ${fmt(r.transitions)} transitions`,
      r.naiveStates
        ? r.naiveComplete === false
          ? ` (without merging thread-local steps: more than ${fmt(r.naiveStates)})`
          : ` (${fmt(r.naiveStates)} without merging thread-local steps)`
        : '',
      ` in ${fmtMs(r.ms ?? 0)} ms. `,
      r.budgetHit
        ? el('b', { class: 'budget-hit' }, `State budget of ${fmt(values.budget)} hit: the search stopped early, so these are only the endings found so far.`)
        : el('span', {}, 'Every interleaving was covered.'),
    );
    const ol = $('#outcomes');
    ol.replaceChildren(
      ...r.outcomes.map((/** @type {any} */ o, /** @type {number} */ i) => {
        const globals = Object.entries(o.globals ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ');
        const pct = (100 * o.count) / total;
        const open = el('button', { type: 'button', class: 'open-witness', 'data-witness': o.witness }, `Open witness`);
        open.addEventListener('click', () => openWitness(o));
        return el('li', { class: 'outcome-row', 'data-kind': o.kind, 'data-globals': JSON.stringify(o.globals ?? {}), 'data-index': String(i) },
          el('div', { class: 'outcome-head' },
            el('span', { class: `kind ${o.kind}` }, OUTCOME_WORDS[/** @type {keyof typeof OUTCOME_WORDS} */ (o.kind)] ?? o.kind),
            el('code', { class: 'globals' }, globals || '(no globals)'),
            el('span', { class: 'count' }, `${fmt(o.count)} ending state${o.count === 1 ? '' : 's'}`)),
          el('div', { class: 'hbar', 'aria-hidden': 'true' }, el('span', { style: `width:${Math.max(1, pct).toFixed(1)}%` })),
          o.message ? el('p', { class: 'msg' }, outcomeMessage(o)) : '',
          o.output ? el('p', { class: 'out' }, 'output: ', el('code', {}, o.output.replace(/\n+$/, '').replace(/\n/g, ' ⏎ '))) : '',
          el('p', { class: 'witness' }, 'witness schedule ', el('code', {}, o.witness.length > 80 ? `${o.witness.slice(0, 80)}…` : o.witness), ' ', open));
      }),
    );
  }

  function openWitness(/** @type {any} */ o) {
    if (!stepper) return;
    try {
      stepper.replay(o.witness);
    } catch (err) {
      showScheduleError(`The witness cannot be replayed: ${err instanceof Error ? err.message : err}`);
      return;
    }
    $('#schedule-error').hidden = true;
    fullSchedule = o.witness;
    render();
    announce(`Opened the witness for “${OUTCOME_WORDS[/** @type {keyof typeof OUTCOME_WORDS} */ (o.kind)] ?? o.kind}”: step ${snap.step}.`);
    status.textContent = `Witness replayed: ${snap.step} steps.`;
    view.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    /** @type {HTMLElement} */ ($('#stepping-h')).focus?.();
  }

  // --- predict --------------------------------------------------------------------------
  const predictFor = () => (values.src ? GENERIC_PREDICT : PREDICTS[values.sample] ?? GENERIC_PREDICT);
  const setPredict = () => {
    $('#predict-q').textContent = `Predict first: ${predictFor()[0]}`;
    $('#predict-feedback').textContent = '';
    for (const r of root.querySelectorAll('input[name="predict"]')) /** @type {HTMLInputElement} */ (r).checked = false;
  };
  function giveFeedback(/** @type {any} */ r) {
    const [, yes, why] = predictFor();
    const truth = yes(r);
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const verdict = !choice ? '' : (choice.value === 'yes') === truth ? 'Your prediction fits. ' : 'Not quite. ';
    $('#predict-feedback').textContent = `${verdict}${truth ? 'Yes' : 'No'}${r.budgetHit ? ' (as far as the budget reached)' : ''}: ${why}`;
  }
  $('#predict').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    if (input.name !== 'predict') return;
    emitLabEvent(root, EMBED.PREDICT, { question: predictFor()[0], choice: input.value, answer: input.value === 'yes' ? 'Yes' : 'No' });
  });

  // --- wiring -------------------------------------------------------------------------------
  root.addEventListener('click', (e) => {
    const b = /** @type {HTMLElement} */ (e.target).closest('button');
    if (!b || !root.contains(b)) return;
    if (b.dataset.step !== undefined) stepThread(Number(b.dataset.step), false);
    else if (b.dataset.lineStep !== undefined) stepThread(Number(b.dataset.lineStep), true);
  });
  $('#undo').addEventListener('click', () => snap && goTo(snap.step - 1));
  timeline.addEventListener('input', () => goTo(Number(timeline.value)));
  $('#run-random').addEventListener('click', () => runWhole('random'));
  $('#run-seq').addEventListener('click', () => runWhole('sequential'));
  $('#schedule-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!stepper) return;
    const raw = scheduleInput.value.trim();
    const err = ctx.parse({ ...currentRaw(), schedule: raw }).errors.schedule;
    if (err) {
      showScheduleError(`${err}. Nothing ran.`);
      scheduleInput.setAttribute('aria-invalid', 'true');
      return;
    }
    scheduleInput.setAttribute('aria-invalid', 'false');
    try {
      stepper.replay(raw);
    } catch (e2) {
      showScheduleError(`This schedule cannot be replayed: ${e2 instanceof Error ? e2.message : e2}. Nothing ran.`);
      stepper.replay('');
      render();
      return;
    }
    $('#schedule-error').hidden = true;
    fullSchedule = raw;
    render();
    announce(`Replayed ${raw.length} steps.`);
    status.textContent = `Replayed the schedule: ${raw.length} steps.`;
  });

  /** The select shows the sample in use, or "your own program" for one from the URL or the editor. */
  function showSampleChoice() {
    sampleSelect.querySelector('option[value=""]')?.remove();
    if (values.src) {
      sampleSelect.prepend(el('option', { value: '', disabled: '' }, '— your own program —'));
      sampleSelect.value = '';
    } else {
      sampleSelect.value = SAMPLE_IDS.includes(values.sample) ? values.sample : samples[0]?.id;
    }
  }

  $('#load-sample').addEventListener('click', () => {
    const s = samples.find((x) => x.id === sampleSelect.value);
    if (!s || exploring) return;
    textarea.value = s.source;
    setParam('sample', s.id);
    setParam('src', '');
    setParam('schedule', '');
    setParam('mode', s.mode);
    showSampleChoice();
    setPredict();
    $('#explore-view').hidden = true;
    if (Object.keys(currentErrors()).length) return showErrors(currentErrors());
    start(s.source);
    pushUrl();
  });
  $('#compile').addEventListener('click', () => {
    if (exploring) return;
    const text = textarea.value;
    const sample = samples.find((x) => x.id === values.sample);
    setParam('src', sample && sample.source === text ? '' : toBase64Url(text));
    if (field('src').value.length > /** @type {any} */ (schema.src).maxLength) {
      $('#compile-error').hidden = false;
      $('#compile-error').textContent = `The program is too long for this page (at most ${fmt(/** @type {any} */ (schema.src).maxLength)} characters of base64url).`;
      return;
    }
    setParam('schedule', '');
    showSampleChoice();
    setPredict();
    $('#explore-view').hidden = true;
    if (Object.keys(currentErrors()).length) return showErrors(currentErrors());
    start(text);
    pushUrl();
  });
  $('#reset').addEventListener('click', () => {
    if (!stepper) return;
    stepper.replay('');
    fullSchedule = '';
    render();
    announce('Reset to step 0.');
    status.textContent = 'Reset: step 0.';
  });

  const isTextField = (/** @type {EventTarget | null} */ t) => {
    const e = /** @type {HTMLElement | null} */ (t instanceof HTMLElement ? t : null);
    if (!e) return false;
    if (e.isContentEditable || e.tagName === 'TEXTAREA' || e.tagName === 'SELECT') return true;
    if (e.tagName !== 'INPUT') return false;
    return !['radio', 'checkbox', 'range', 'button', 'submit', 'reset'].includes(/** @type {HTMLInputElement} */ (e).type);
  };
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (disposed || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target) || !stepper || view.hidden) return;
    const d = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
    if (d) {
      e.preventDefault();
      stepThread(Number(d[1]), e.shiftKey);
    } else if ((e.key === 'u' || e.key === 'U' || e.key === 'Backspace') && !e.shiftKey) {
      e.preventDefault();
      if (snap && snap.step > 0) goTo(snap.step - 1);
    }
  };
  document.addEventListener('keydown', onKey);

  // --- start --------------------------------------------------------------------------------
  (async () => {
    try {
      await init();
      samples = JSON.parse(stepperSamples());
    } catch (err) {
      root.dataset.state = 'error';
      status.textContent = `The interpreter could not load: ${err instanceof Error ? err.message : err}`;
      return;
    }
    if (disposed) return;
    sampleSelect.replaceChildren(...samples.map((s) => el('option', { value: s.id }, s.title)));
    showSampleChoice();
    // The mode: the URL's, else the sample's own.
    if (ctx.raw.mode === undefined && !values.src) {
      const s = samples.find((x) => x.id === values.sample);
      if (s && MODES.includes(s.mode)) values.mode = s.mode;
    }
    for (const name of ['sample', 'src', 'schedule']) if (values[name] === undefined) values[name] = schema[name].default;

    ({ showErrors } = bindParamForm({
      form,
      errorsBox,
      runBtn,
      schema,
      values,
      ctx,
      isRunning: () => exploring || !stepper,
      onValues: () => {
        // A new mode or k is a new run of the same program, from step 0.
        const errs = currentErrors();
        if (exploring) return;
        if (Object.keys(errs).length) return;
        if (!stepper || startedWith.mode !== values.mode || startedWith.k !== values.k) {
          setParam('schedule', '');
          start(program.source || textarea.value);
          pushUrl();
        }
      },
    }));
    setPredict();

    const errs = Object.keys(ctx.errors);
    /** @type {string | null} */
    let source = null;
    if (!ctx.errors.src && !ctx.errors.sample) {
      try {
        source = programSource();
      } catch {
        source = null;
      }
    }
    textarea.value = source ?? '';
    if (errs.length) {
      status.textContent = 'Nothing ran: the address has a bad value (see above). Fix it there, or load a sample or press Compile to start afresh.';
      root.dataset.state = 'error';
      return;
    }
    start(/** @type {string} */ (source), values.schedule);
    runBtn.disabled = !stepper;
  })();

  return {
    dispose() {
      disposed = true;
      clearInterval(timer);
      stopWorker();
      document.removeEventListener('keydown', onKey);
      stepper?.free?.();
    },
  };
}
