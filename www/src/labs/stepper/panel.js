// Lab `stepper`, page side: a deterministic Python-subset interpreter (the
// core, crate/src/stepper/, plain build) run one bytecode at a time with the
// learner as the scheduler. The panel wires the parts: the program and the
// URL, the stepping session (session.js), the drawing (render.js,
// listings.js), exploring every interleaving (explore.js) and the keys.
// Browser tests: tests/stepper*.test.mjs.
import './stepper.css';
import meta, { MODES, MODE_INFO, SAMPLE_IDS, STEP_BUDGET, MAX_URL_SCHEDULE } from './meta.js';
import { markup } from './markup.js';
import { MAX_PROGRAM_BYTES, SRC_PARAM, fromBase64Url, programInLink, toBase64Url, tooLongForLink, writeProgramToUrl } from './url.js';
import { schedulePrefix, stepCount } from './schedule.js';
import { checkValue } from '../../params.js';
import { Listings } from './listings.js';
import { StepSession } from './session.js';
import { showRefusal } from './compile-error.js';
import { createLifecycle } from './program.js';
import { bindExploring, markLasso } from './explore.js';
import { bindKeys } from './keys.js';
import {
  aliveThreads, announcement, outcomeMessage, outcomeWord, renderMemories, renderModeNote, renderOutcome, renderOutput,
  renderSyncs, renderThreadButtons, renderThreads, renderClock,
} from './render.js';
import { el, fmt, fmtMs, prefersReducedMotion } from '../../views/dom.js';
import { bindParamForm, labControls } from '../../views/param-form.js';

export const { title, schema } = meta;
export { SAMPLE_IDS, STEP_BUDGET };

/**
 * @typedef {import('./types.js').Snapshot} Snapshot
 * @typedef {import('./types.js').Sample} Sample
 * @typedef {import('./types.js').CodeObject} CodeObject
 * @typedef {import('./types.js').CompileError} CompileError
 * @typedef {import('./types.js').Ending} Ending
 * @typedef {import('./types.js').ExploreResult} ExploreResult
 * @typedef {import('./messages.js').State} State
 */

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = markup(title);

  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  /** The program editor (CodeMirror, loaded with the panel's first data). @type {import('./editor.js').Editor | null} */
  let editor = null;
  const sampleSelect = /** @type {HTMLSelectElement} */ ($('#sample-select'));
  const view = $('#stepper-view');
  const live = $('#step-live');
  const timeline = /** @type {HTMLInputElement} */ ($('#timeline'));
  const scheduleInput = /** @type {HTMLInputElement} */ ($('#schedule-input'));
  $('#no-coi-note').hidden = !!ctx.shared;
  const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));

  // `data-pending` counts the stepping requests not yet answered (tests wait for 0).
  const session = new StepSession({ onPending: (n) => void (root.dataset.pending = String(n)), onSlow: (since) => life.showBusy(since) });
  const listings = new Listings($('#src-lines'), $('#dis'));

  /** @type {Sample[]} */
  let samples = [];
  /** The learner's own program as base64url (it goes in the URL fragment); '' while a sample runs. */
  let own = '';
  let disposed = false;
  /** What the page holds and shows, shared with the program's life cycle (program.js). @type {import('./program.js').Held} */
  const st = {
    snap: null,
    fullSchedule: '',
    program: { source: '', code: [] },
    starts: 0,
    startedWith: { mode: '', k: 0 },
  };
  /** @type {(errors: Record<string, string>) => void} */
  let showErrors = () => {};

  /** Sets a URL-carried value (the hidden field too, so the form's next check sees it). */
  const setParam = (/** @type {string} */ name, /** @type {string | number} */ v) => {
    values[name] = v;
    field(name).value = String(v);
  };
  const currentRaw = () => {
    /** @type {Record<string, string>} */
    const raw = {};
    for (const name of Object.keys(schema)) raw[name] = field(name).value;
    return raw;
  };
  const currentErrors = () => ctx.parse(currentRaw()).errors;
  // The query follows the form (ctx.onChange rewrites it, fragment and all); the program goes back in the fragment.
  const onChange = (/** @type {Record<string, any>} */ v) => {
    ctx.onChange(v);
    writeProgramToUrl(own);
  };
  // Coalesced: with a long program in the fragment one rewrite costs the page tens of milliseconds
  // (measured 30–36 ms per history.replaceState of a 60 KB URL in Chromium, and the query's rewrite
  // drops the fragment so it takes two), so stepping fast rewrites the address once, just after.
  // `data-url-pending` is set until it has been written (tests wait for it).
  let urlTimer = 0;
  const flushUrl = () => {
    clearTimeout(urlTimer);
    delete root.dataset.urlPending;
    if (!disposed && !Object.keys(currentErrors()).length) onChange(values);
  };
  const pushUrl = () => {
    clearTimeout(urlTimer);
    root.dataset.urlPending = 'true';
    urlTimer = window.setTimeout(flushUrl, 150);
  };
  const said = (/** @type {unknown} */ err) => (err instanceof Error ? err.message : String(err));

  // --- the program: its life cycle (program.js) ---------------------------------------
  const life = createLifecycle({
    st, root, $, status, live, view, runBtn, session, listings, values, setParam, show, currentErrors,
    editor: () => editor,
    showErrors: (e) => showErrors(e),
    exploringNow: () => exploring.running,
    isDisposed: () => disposed,
  });
  const { start, request, showScheduleError, unload } = life;
  const programSource = () => {
    if (own) return fromBase64Url(own);
    return samples.find((s) => s.id === values.sample)?.source ?? '';
  };

  // --- drawing the state ------------------------------------------------------------
  /** Draws `s` and keeps the URL's schedule in step with it. */
  function show(/** @type {Snapshot} */ s) {
    st.snap = s;
    root.dataset.step = String(s.step);
    $('#step-no').textContent = String(s.step);
    if (!st.fullSchedule.startsWith(s.schedule)) st.fullSchedule = s.schedule;
    $('#step-max').textContent = String(stepCount(st.fullSchedule));
    timeline.max = String(stepCount(st.fullSchedule));
    timeline.value = String(s.step);
    timeline.setAttribute('aria-valuetext', `step ${s.step} of ${stepCount(st.fullSchedule)}`);
    const tooLong = stepCount(s.schedule) > MAX_URL_SCHEDULE;
    scheduleInput.value = tooLong ? '' : s.schedule;
    scheduleInput.placeholder = tooLong ? `(${fmt(stepCount(s.schedule))} steps: too long to show)` : 'e.g. 0011021';
    /** @type {HTMLButtonElement} */ ($('#undo')).disabled = s.step === 0;
    // URL: the schedule so far (a link replays it).
    setParam('schedule', tooLong ? '' : s.schedule);
    pushUrl();

    renderThreadButtons($('#thread-buttons'), s, $('#undo'));
    if (s.step === 0) markLasso($('#lasso-note'), timeline, null, 0);
    renderModeNote($('#mode-note'), s, st.startedWith.k);
    listings.mark(aliveThreads(s));
    // In the editor too, while it holds the program that runs (an edit since then drops the marks).
    if (editor?.value === st.program.source) {
      editor.markThreads(aliveThreads(s).map((t) => ({ line: t.line, thread: t.id, blocked: t.status === 'blocked' })));
    }
    renderMemories($('#memories'), s);
    renderThreads($('#threads'), s);
    renderClock($('#virtual-time'), s);
    renderSyncs($('#syncs-panel'), $('#syncs'), s);
    renderOutput($('#output'), s);
    renderOutcome($('#outcome'), view, s.outcome);
  }

  const announce = (/** @type {string} */ what) => {
    if (st.snap) live.textContent = announcement(st.snap, what);
  };

  /** Steps thread `t` one bytecode (or to its next line). */
  async function stepThread(/** @type {number} */ t, /** @type {boolean} */ toLine) {
    if (!st.snap) return;
    if (!st.snap.threads.some((x) => x.id === t)) {
      live.textContent = `There is no thread ${t} yet.`;
      return;
    }
    const r = await request(`Step ${st.snap.step + 1} (T${t})`, () => session.step(t, toLine));
    if (!r || disposed) return;
    if (r.refused) {
      live.textContent = `Thread ${t} cannot step: ${r.refused}`;
      return;
    }
    // The state before this answer is the one the step started from (answers come in order).
    const before = st.snap?.threads.find((x) => x.id === t);
    show(r.snapshot);
    // The step line below says what happened; the status line keeps only what is still true.
    if (!exploring.running) status.textContent = '';
    const after = r.snapshot.threads.find((x) => x.id === t);
    announce(toLine
      ? `Step ${r.snapshot.step}: T${t} ran to line ${after?.status === 'done' ? 'its end' : after?.line}.`
      : `Step ${r.snapshot.step}: T${t} ran ${before?.instr ?? 'one instruction'} (line ${before?.line}).`);
  }

  /** Moves to step `n` of the current branch (back by undo, forward by replaying its prefix). */
  async function goTo(/** @type {number} */ n) {
    if (!st.snap) return;
    n = Math.max(0, Math.min(n, stepCount(st.fullSchedule)));
    const from = st.snap.step;
    const r = await request(`Going to step ${n}`, () => (n <= from ? session.undo(n) : session.replay(schedulePrefix(st.fullSchedule, n))));
    if (!r || disposed) return;
    if (r.refused) {
      live.textContent = `Cannot go to step ${n}: ${r.refused}`;
      return;
    }
    show(r.snapshot);
    if (!exploring.running) status.textContent = '';
    announce(`Back at step ${r.snapshot.step}.`);
  }

  /** Undoes one step (queued behind any steps still on their way, so each undo goes one further back). */
  async function undoOne() {
    if (!st.snap) return;
    const r = await request('Undoing a step', () => session.undoOne());
    if (!r || disposed) return;
    show(r.snapshot);
    if (!exploring.running) status.textContent = '';
    announce(`Back at step ${r.snapshot.step}.`);
  }

  /** Runs the program to its end: seeded random or one thread after another. */
  async function runWhole(/** @type {'random' | 'sequential'} */ how) {
    if (!st.snap) return;
    const before = st.snap.step;
    const r = await request(how === 'random' ? 'The random run' : 'The sequential run', () => session.run(how, values.seed, STEP_BUDGET));
    if (!r || disposed) return;
    st.fullSchedule = r.snapshot.schedule;
    show(r.snapshot);
    const s = r.snapshot;
    const took = s.step - before;
    if (!s.outcome && took >= STEP_BUDGET) {
      const out = $('#outcome');
      out.hidden = false;
      out.dataset.kind = 'budget';
      view.dataset.outcome = 'budget';
      out.replaceChildren(el('b', {}, 'Step budget hit: '), `stopped after ${fmt(STEP_BUDGET)} steps without an end — does the program loop forever?`);
    }
    const end = s.outcome ? `${outcomeWord(s.outcome)}: ${outcomeMessage(s.outcome)}`
      : took >= STEP_BUDGET ? `Stopped at the step budget (${fmt(STEP_BUDGET)} steps): the program did not end.` : '';
    const name = how === 'random' ? `Random run (seed ${values.seed})` : 'Sequential run';
    announce(`${name}: ${fmt(took)} steps in ${fmtMs(r.ms)} ms.`);
    status.textContent = `${how === 'random' ? `Random run, seed ${values.seed}` : 'Sequential run'}: ${fmt(took)} steps. ${end}`;
  }

  /** Replays `schedule` from step 0; says why when it cannot (and stays where it was). */
  async function replay(/** @type {string} */ schedule, /** @type {string} */ what) {
    markLasso($('#lasso-note'), timeline, null, 0);
    const r = await request(`Replaying ${what.replace(/^The /, 'the ').replace(/^This /, 'this ')}`, () => session.replay(schedule));
    if (!r || disposed) return false;
    if (r.refused) {
      showScheduleError(`${what} cannot be replayed: ${r.refused}. Nothing ran.`);
      return false;
    }
    $('#schedule-error').hidden = true;
    st.fullSchedule = schedule;
    show(r.snapshot);
    return true;
  }

  // --- exploring every interleaving, and the predict question (explore.js) -------------------
  const exploring = bindExploring({
    root, $, form, runBtn, stopBtn, status,
    job: () => ({
      source: st.program.source, mode: values.mode, k: values.k, budget: values.budget, sample: own ? null : values.sample,
      search: values.search, depth: values.depth, seed: values.seed,
    }),
    canStart: () => !!st.snap && !Object.keys(currentErrors()).length,
    openWitness,
    isDisposed: () => disposed,
  });
  $('#step-stop').addEventListener('click', () => session.stop());

  async function openWitness(/** @type {Ending} */ o) {
    if (!st.snap) return;
    if (!(await replay(o.witness, 'The witness'))) return;
    markLasso($('#lasso-note'), timeline, o.loopFrom ?? null, st.snap.step);
    announce(`Opened the ${o.loopFrom === undefined ? 'witness' : 'lasso'} for “${outcomeWord(o)}”: step ${st.snap.step}.`);
    status.textContent = o.loopFrom === undefined ? `Witness replayed: ${st.snap.step} steps.` : `Lasso replayed: ${o.loopFrom} steps into the loop, then ${st.snap.step - o.loopFrom} steps of the loop.`;
    view.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    $('#stepping-h').focus();
  }
  const setPredict = () => exploring.setPredict(own ? null : values.sample);
  /** The line under the mode: which real Python it models and where a switch may fall. */
  const showModeLine = () => void ($('#mode-models').textContent = MODE_INFO[/** @type {import('./meta.js').Mode} */ (values.mode)]?.models ?? '');

  // --- wiring -------------------------------------------------------------------------------
  root.addEventListener('click', (e) => {
    const b = /** @type {HTMLElement} */ (e.target).closest('button');
    if (!b || !root.contains(b)) return;
    if (b.dataset.step !== undefined) stepThread(Number(b.dataset.step), false);
    else if (b.dataset.lineStep !== undefined) stepThread(Number(b.dataset.lineStep), true);
  });
  $('#undo').addEventListener('click', () => undoOne());
  timeline.addEventListener('input', () => goTo(Number(timeline.value)));
  $('#run-random').addEventListener('click', () => runWhole('random'));
  $('#run-seq').addEventListener('click', () => runWhole('sequential'));
  $('#schedule-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!st.snap) return;
    const raw = scheduleInput.value.trim();
    const err = ctx.parse({ ...currentRaw(), schedule: raw }).errors.schedule;
    if (err) {
      showScheduleError(`${err}. Nothing ran.`);
      scheduleInput.setAttribute('aria-invalid', 'true');
      return;
    }
    scheduleInput.setAttribute('aria-invalid', 'false');
    if (!(await replay(raw, 'This schedule'))) return;
    announce(`Replayed ${raw.length} steps.`);
    status.textContent = `Replayed the schedule: ${raw.length} steps.`;
  });

  /** The select shows the sample in use, or "your own program" for one from the URL or the editor. */
  function showSampleChoice() {
    sampleSelect.querySelector('option[value=""]')?.remove();
    if (own) {
      sampleSelect.prepend(el('option', { value: '', disabled: '' }, '— your own program —'));
      sampleSelect.value = '';
    } else {
      sampleSelect.value = SAMPLE_IDS.includes(values.sample) ? values.sample : samples[0]?.id;
    }
  }

  $('#load-sample').addEventListener('click', async () => {
    const s = samples.find((x) => x.id === sampleSelect.value);
    if (!s || exploring.running) return;
    if (editor) editor.value = s.source;
    setParam('sample', s.id);
    own = '';
    setParam('schedule', '');
    setParam('mode', s.mode);
    showModeLine();
    showSampleChoice();
    setPredict();
    $('#explore-view').hidden = true;
    if (Object.keys(currentErrors()).length) return showErrors(currentErrors());
    if (await start(s.source)) pushUrl();
  });
  $('#compile').addEventListener('click', async () => {
    if (exploring.running) return;
    if (editor) await compile(editor.value);
  });

  /**
   * Compiles the learner's `text` and starts it. A refused program — too long
   * for a link, a compile error — leaves nothing loaded, and the status line
   * says so: the page never shows an old program under a new text.
   */
  async function compile(/** @type {string} */ text) {
    const sample = samples.find((x) => x.id === values.sample);
    const tooLong = tooLongForLink(text);
    setParam('schedule', '');
    $('#explore-view').hidden = true;
    if (tooLong) {
      st.starts++; // an answer to an earlier start must not bring its program back
      session.stop();
      own = '';
      unload();
      showRefusal($('#compile-error'), `${tooLong} Nothing ran: shorten it and press Compile.`);
      status.textContent = `Not compiled: ${tooLong} Nothing is loaded.`;
      root.dataset.compile = 'error';
      showSampleChoice();
      pushUrl();
      return;
    }
    own = sample && sample.source === text ? '' : toBase64Url(text);
    showSampleChoice();
    setPredict();
    if (Object.keys(currentErrors()).length) return showErrors(currentErrors());
    await start(text);
    pushUrl();
  }

  $('#reset').addEventListener('click', async () => {
    if (!st.snap) return;
    if (!(await replay('', 'Step 0'))) return;
    announce('Reset to step 0.');
    status.textContent = 'Reset: step 0.';
  });

  const unbindKeys = bindKeys({
    enabled: () => !disposed && !!st.snap && !view.hidden,
    step: (t, toLine) => stepThread(t, toLine),
    undo: () => undoOne(),
  });

  // --- start --------------------------------------------------------------------------------
  (async () => {
    try {
      const [{ createEditor }, list] = await Promise.all([import('./editor.js'), session.samples()]);
      samples = list;
      if (disposed) return;
      $('#program').replaceChildren();
      editor = createEditor($('#program'), {
        label: 'Program text, Python. Tab indents; Escape then Tab moves on; Control+Enter compiles.',
        onCompile: () => $('#compile').click(),
      });
    } catch (err) {
      root.dataset.state = 'error';
      status.textContent = `The interpreter could not load: ${said(err)}`;
      return;
    }
    if (disposed) return;
    // The program: from the link's fragment (or an old link's query), checked like any parameter.
    const link = programInLink(location);
    /** @type {Record<string, string>} */
    const errors = { ...ctx.errors };
    if (link.raw !== null) {
      const [v, err] = checkValue('src', SRC_PARAM, link.raw);
      if (err) errors.src = `${err} (a link holds programs of at most ${fmt(MAX_PROGRAM_BYTES)} bytes)`;
      else own = v;
    }
    sampleSelect.replaceChildren(...samples.map((s) => el('option', { value: s.id }, s.title)));
    showSampleChoice();
    // The mode: the URL's, else the sample's own.
    if (ctx.raw.mode === undefined && !own) {
      const s = samples.find((x) => x.id === values.sample);
      if (s && MODES.includes(/** @type {import('./meta.js').Mode} */ (s.mode))) values.mode = s.mode;
    }
    for (const name of ['sample', 'schedule']) {
      if (values[name] === undefined) values[name] = /** @type {import('../../params.js').StringParam} */ (schema[name]).default;
    }

    ({ showErrors } = bindParamForm({
      form,
      errorsBox,
      runBtn,
      schema,
      values,
      ctx: { ...ctx, errors, onChange },
      isRunning: () => exploring.running || !st.snap,
      onValues: () => {
        showModeLine();
        // A new mode or k is a new run of the same program, from step 0 (so is a new seed, for a program using random).
        if (exploring.running || Object.keys(currentErrors()).length) return;
        const newSeed = st.startedWith.seed !== values.seed && /\brandom\b/.test(st.program.source);
        if (!st.snap || st.startedWith.mode !== values.mode || st.startedWith.k !== values.k || newSeed) {
          setParam('schedule', '');
          start(st.program.source || (editor?.value ?? '')).then((ok) => ok && pushUrl());
        }
      },
    }));
    setPredict();
    showModeLine();

    /** @type {string | null} */
    let source = null;
    if (!errors.src && !errors.sample) {
      try {
        source = programSource();
      } catch {
        source = null;
      }
    }
    if (editor) editor.value = source ?? '';
    if (Object.keys(errors).length) {
      status.textContent = 'Nothing ran: the address has a bad value (see above). Fix it there, or load a sample or press Compile to start afresh.';
      root.dataset.state = 'error';
      return;
    }
    // An old `?src=` link: its program moves to the fragment now.
    if (link.from === 'query') writeProgramToUrl(own);
    await start(/** @type {string} */ (source), values.schedule);
  })();

  // A link pasted into the address bar of this page only changes the fragment: load its program.
  const onHash = () => {
    const { raw } = programInLink(location);
    if (raw === null || raw === own || exploring.running) return;
    const [v, err] = checkValue('src', SRC_PARAM, raw);
    if (err) {
      showErrors({ src: err });
      return;
    }
    let text;
    try {
      text = fromBase64Url(/** @type {string} */ (v));
    } catch {
      return;
    }
    if (editor) editor.value = text;
    compile(text);
  };
  window.addEventListener('hashchange', onHash);

  return {
    dispose() {
      disposed = true;
      clearTimeout(urlTimer);
      life.dispose();
      exploring.dispose();
      session.dispose();
      unbindKeys();
      window.removeEventListener('hashchange', onHash);
    },
  };
}
