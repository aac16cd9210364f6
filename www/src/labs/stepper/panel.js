// Lab `stepper`, page side: a deterministic Python-subset interpreter (the
// core, crate/src/stepper/, plain build) run one bytecode at a time with the
// learner as the scheduler. The panel wires the parts: the program and the
// URL, the stepping session (session.js), the drawing (render.js,
// listings.js), exploring every interleaving (explore.js) and the keys.
// Browser tests: tests/stepper*.test.mjs.
import './stepper.css';
import meta, { MODES, SAMPLE_IDS, STEP_BUDGET, MAX_URL_SCHEDULE } from './meta.js';
import { markup } from './markup.js';
import { MAX_PROGRAM_BYTES, SRC_PARAM, fromBase64Url, programInLink, toBase64Url, tooLongForLink, writeProgramToUrl } from './url.js';
import { checkValue } from '../../params.js';
import { Listings } from './listings.js';
import { Crashed, StepSession, Stopped, WATCHDOG_MS } from './session.js';
import { showCompileError, showRefusal } from './compile-error.js';
import { Explorer, ExploreStopped, showEndings } from './explore.js';
import { feedback, predictFor } from './predict.js';
import { bindKeys } from './keys.js';
import {
  aliveThreads, announcement, outcomeMessage, outcomeWord, renderMemories, renderModeNote, renderOutcome, renderOutput,
  renderSyncs, renderThreadButtons, renderThreads,
} from './render.js';
import { el, fmt, fmtMs, prefersReducedMotion } from '../../views/dom.js';
import { bindParamForm, labControls } from '../../views/param-form.js';
import { EMBED, emitLabEvent } from '../../embed/protocol.js';

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
  const session = new StepSession({ onPending: (n) => void (root.dataset.pending = String(n)), onSlow: showBusy });
  const explorer = new Explorer();
  const listings = new Listings($('#src-lines'), $('#dis'));

  /** @type {Sample[]} */
  let samples = [];
  /** The learner's own program as base64url (it goes in the URL fragment); '' while a sample runs. */
  let own = '';
  /** The state on screen (null until a program runs). @type {Snapshot | null} */
  let snap = null;
  /** The furthest schedule on the current branch: the timeline can go forward again after an undo. */
  let fullSchedule = '';
  /** The compiled program on screen: its source and code objects. */
  let program = { source: '', code: /** @type {CodeObject[]} */ ([]) };
  let exploring = false;
  let runs = 0;
  let disposed = false;
  let timer = 0;
  let busyTimer = 0;
  /** Counts starts, so the answer to a superseded start is dropped. */
  let starts = 0;
  /** The mode and k the current program was started with. */
  let startedWith = { mode: '', k: 0 };
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
  const pushUrl = () => {
    if (!Object.keys(currentErrors()).length) onChange(values);
  };
  const said = (/** @type {unknown} */ err) => (err instanceof Error ? err.message : String(err));

  // --- the program ------------------------------------------------------------
  const programSource = () => {
    if (own) return fromBase64Url(own);
    return samples.find((s) => s.id === values.sample)?.source ?? '';
  };

  function showScheduleError(/** @type {string} */ msg) {
    const box = $('#schedule-error');
    box.hidden = false;
    box.textContent = msg;
  }

  /**
   * Compiles `source` and starts it afresh (then replays `schedule`), in a fresh
   * worker if the last one failed. Resolves to false (having shown why) when it
   * cannot. `after`: what happened before, said in the status line instead of "Compiled".
   */
  async function start(/** @type {string} */ source, /** @type {string} */ schedule = '', /** @type {string} */ after = '') {
    const my = ++starts;
    if (root.dataset.state === 'error') delete root.dataset.state;
    $('#compile-error').hidden = true;
    $('#schedule-error').hidden = true;
    runBtn.disabled = true;
    const mode = values.mode;
    const k = values.k;
    let r;
    try {
      r = await session.start(source, mode, k, schedule);
    } catch (err) {
      if (my !== starts || disposed || (err instanceof Stopped && err.dropped)) return false;
      const why = err instanceof Crashed ? `the interpreter crashed (${err.message})` : err.message;
      // A schedule that cannot be replayed in time (or crashes) must not lock the program out: step 0 instead.
      if (schedule) {
        setParam('schedule', '');
        return start(source, '', `The schedule in the address could not be replayed: ${why}. A fresh interpreter runs the program from step 0.`);
      }
      unload();
      showRefusal($('#compile-error'), `The program could not be started: ${why}. Nothing ran.`);
      status.textContent = `The program could not be started: ${why}. Nothing ran.`;
      root.dataset.compile = 'error';
      return false;
    }
    if (my !== starts || disposed) return false;
    if (!r.compiled.ok) {
      unload();
      showCompileError($('#compile-error'), source, r.compiled.error);
      if (editor?.value === source) {
        editor.markThreads([]);
        editor.markError(r.compiled.error);
      }
      status.textContent = `Compile error at line ${r.compiled.error.line}, column ${r.compiled.error.col}. Nothing ran.`;
      root.dataset.compile = 'error';
      return false;
    }
    root.dataset.compile = 'ok';
    program = { source, code: r.compiled.code };
    editor?.markError(null);
    $('#python-code').textContent = source;
    if (!r.snapshot) {
      unload();
      status.textContent = `${r.refused ?? 'The program could not start'}. Nothing ran.`;
      return false;
    }
    startedWith = { mode, k };
    listings.build(source, program.code);
    view.hidden = false;
    fullSchedule = r.refused ? '' : schedule;
    if (schedule && r.refused) {
      showScheduleError(`The schedule "${schedule.length > 40 ? `${schedule.slice(0, 40)}…` : schedule}" cannot be replayed: ${r.refused}. Nothing ran: back at step 0.`);
      setParam('schedule', '');
    }
    show(r.snapshot);
    showErrors(currentErrors());
    runBtn.disabled = exploring || Object.keys(currentErrors()).length > 0;
    status.textContent = after
      ? after
      : schedule && r.refused
        ? 'The schedule in the address cannot be replayed; nothing ran.'
        : schedule
          ? `Replayed the schedule: ${schedule.length} steps.`
          : 'Compiled. Step 0: pick a thread to run (keys 0–9, or the buttons).';
    if (after) live.textContent = after;
    return true;
  }

  /**
   * After a request was stopped (Stop, the watchdog) or its interpreter failed:
   * a fresh worker compiles the program again and replays it to the step on
   * screen, the last state known to be good.
   * @param {unknown} err
   * @param {string} what the request, as the start of a sentence ("The random run")
   */
  async function recover(err, what) {
    if (disposed || (err instanceof Stopped && err.dropped)) return;
    const why = err instanceof Crashed
      ? `${what} failed: the interpreter crashed (${err.message}${/unreachable|memory/i.test(err.message) ? ' — most likely the program used more memory than the interpreter has' : ''})`
      : err instanceof Stopped && err.message === 'stopped' ? `${what} was stopped` : `${what} was ended: ${said(err)}`;
    const at = snap?.schedule ?? '';
    root.dataset.recoveries = String(Number(root.dataset.recoveries ?? 0) + 1);
    await start(program.source, at, `${why}. A fresh interpreter compiled the program again${at ? ` and replayed it to step ${at.length}` : ''}: it works as before.`);
  }

  /**
   * Sends one stepping request; a Stop, the watchdog or a failure is recovered
   * from (see `recover`) and gives null.
   * @template T
   * @param {string} what
   * @param {() => Promise<T>} send
   * @returns {Promise<T | null>}
   */
  async function request(what, send) {
    try {
      return await send();
    } catch (err) {
      await recover(err, what);
      return null;
    }
  }

  /** While a request runs long: how long, and the Stop that ends it. */
  function showBusy(/** @type {number | null} */ since) {
    const box = $('#step-busy');
    clearInterval(busyTimer);
    box.hidden = since === null;
    if (since === null) return;
    const tick = () => {
      $('#step-busy-text').textContent = `The interpreter is working… ${((performance.now() - since) / 1000).toFixed(1)} s (it stops by itself after ${WATCHDOG_MS / 1000} s).`;
    };
    tick();
    busyTimer = window.setInterval(tick, 250);
  }

  // --- drawing the state ------------------------------------------------------------
  /** Draws `s` and keeps the URL's schedule in step with it. */
  function show(/** @type {Snapshot} */ s) {
    snap = s;
    root.dataset.step = String(s.step);
    $('#step-no').textContent = String(s.step);
    if (!fullSchedule.startsWith(s.schedule)) fullSchedule = s.schedule;
    $('#step-max').textContent = String(fullSchedule.length);
    timeline.max = String(fullSchedule.length);
    timeline.value = String(s.step);
    timeline.setAttribute('aria-valuetext', `step ${s.step} of ${fullSchedule.length}`);
    const tooLong = s.schedule.length > MAX_URL_SCHEDULE;
    scheduleInput.value = tooLong ? '' : s.schedule;
    scheduleInput.placeholder = tooLong ? `(${fmt(s.schedule.length)} steps: too long to show)` : 'e.g. 0011021';
    /** @type {HTMLButtonElement} */ ($('#undo')).disabled = s.step === 0;
    // URL: the schedule so far (a link replays it).
    setParam('schedule', tooLong ? '' : s.schedule);
    pushUrl();

    renderThreadButtons($('#thread-buttons'), s, $('#undo'));
    renderModeNote($('#mode-note'), s, startedWith.k);
    listings.mark(aliveThreads(s));
    // In the editor too, while it holds the program that runs (an edit since then drops the marks).
    if (editor?.value === program.source) {
      editor.markThreads(aliveThreads(s).map((t) => ({ line: t.line, thread: t.id, blocked: t.status === 'blocked' })));
    }
    renderMemories($('#memories'), s);
    renderThreads($('#threads'), s);
    renderSyncs($('#syncs-panel'), $('#syncs'), s);
    renderOutput($('#output'), s);
    renderOutcome($('#outcome'), view, s.outcome);
  }

  const announce = (/** @type {string} */ what) => {
    if (snap) live.textContent = announcement(snap, what);
  };

  /** Steps thread `t` one bytecode (or to its next line). */
  async function stepThread(/** @type {number} */ t, /** @type {boolean} */ toLine) {
    if (!snap) return;
    if (!snap.threads.some((x) => x.id === t)) {
      live.textContent = `There is no thread ${t} yet.`;
      return;
    }
    const r = await request(`Step ${snap.step + 1} (T${t})`, () => session.step(t, toLine));
    if (!r || disposed) return;
    if (r.refused) {
      live.textContent = `Thread ${t} cannot step: ${r.refused}`;
      return;
    }
    // The state before this answer is the one the step started from (answers come in order).
    const before = snap?.threads.find((x) => x.id === t);
    show(r.snapshot);
    // The step line below says what happened; the status line keeps only what is still true.
    if (!exploring) status.textContent = '';
    const after = r.snapshot.threads.find((x) => x.id === t);
    announce(toLine
      ? `Step ${r.snapshot.step}: T${t} ran to line ${after?.status === 'done' ? 'its end' : after?.line}.`
      : `Step ${r.snapshot.step}: T${t} ran ${before?.instr ?? 'one instruction'} (line ${before?.line}).`);
  }

  /** Moves to step `n` of the current branch (back by undo, forward by replaying its prefix). */
  async function goTo(/** @type {number} */ n) {
    if (!snap) return;
    n = Math.max(0, Math.min(n, fullSchedule.length));
    const from = snap.step;
    const r = await request(`Going to step ${n}`, () => (n <= from ? session.undo(n) : session.replay(fullSchedule.slice(0, n))));
    if (!r || disposed) return;
    if (r.refused) {
      live.textContent = `Cannot go to step ${n}: ${r.refused}`;
      return;
    }
    show(r.snapshot);
    if (!exploring) status.textContent = '';
    announce(`Back at step ${r.snapshot.step}.`);
  }

  /** Undoes one step (queued behind any steps still on their way, so each undo goes one further back). */
  async function undoOne() {
    if (!snap) return;
    const r = await request('Undoing a step', () => session.undoOne());
    if (!r || disposed) return;
    show(r.snapshot);
    if (!exploring) status.textContent = '';
    announce(`Back at step ${r.snapshot.step}.`);
  }

  /** Runs the program to its end: seeded random or one thread after another. */
  async function runWhole(/** @type {'random' | 'sequential'} */ how) {
    if (!snap) return;
    const before = snap.step;
    const r = await request(how === 'random' ? 'The random run' : 'The sequential run', () => session.run(how, values.seed, STEP_BUDGET));
    if (!r || disposed) return;
    fullSchedule = r.snapshot.schedule;
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
    const r = await request(`Replaying ${what.replace(/^The /, 'the ').replace(/^This /, 'this ')}`, () => session.replay(schedule));
    if (!r || disposed) return false;
    if (r.refused) {
      showScheduleError(`${what} cannot be replayed: ${r.refused}. Nothing ran.`);
      return false;
    }
    $('#schedule-error').hidden = true;
    fullSchedule = schedule;
    show(r.snapshot);
    return true;
  }

  // --- exploration in its worker ------------------------------------------------------
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (exploring || runBtn.disabled || !snap) return;
    explore();
  });

  async function explore() {
    exploring = true;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const params = { mode: values.mode, k: values.k, budget: values.budget, sample: own ? '' : values.sample };
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    $('#explore-view').hidden = false;
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
    /** @param {'done' | 'stopped' | 'error'} outcome @param {string} line @param {ExploreResult} [result] */
    const finish = (outcome, line, result) => {
      clearInterval(timer);
      busy.hidden = true;
      exploring = false;
      stopBtn.disabled = true;
      runBtn.disabled = Object.keys(currentErrors()).length > 0 || !snap;
      root.dataset.state = outcome;
      status.textContent = line;
      emitLabEvent(root, EMBED.RUN_FINISHED, { run: runNo, outcome, params, results: result ? { explore: { states: result.states, outcomes: result.outcomes.length, complete: result.complete } } : {}, summary: line });
    };
    try {
      const r = await explorer.explore({ source: program.source, mode: values.mode, k: values.k, budget: values.budget });
      if (disposed) return;
      showEndings({ summary: $('#explore-summary'), list: $('#outcomes'), view: $('#explore-view') }, r, values.budget, openWitness);
      finish('done', `Explored ${fmt(r.states)} states: ${r.outcomes.length} different ending${r.outcomes.length === 1 ? '' : 's'}${r.budgetHit ? ' — the state budget was hit, so there may be more' : ''}.`, r);
      const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
      $('#predict-feedback').textContent = feedback(predictFor(own ? null : values.sample), r, choice?.value ?? null);
    } catch (err) {
      if (disposed) return;
      if (err instanceof ExploreStopped) {
        $('#explore-summary').textContent = 'Stopped: the exploring worker was ended. Nothing was counted.';
        finish('stopped', 'Stopped: exploration ended (its worker was terminated).');
      } else finish('error', `Exploration failed: ${said(err)}`);
    }
  }
  stopBtn.addEventListener('click', () => explorer.stop());
  $('#step-stop').addEventListener('click', () => session.stop());

  async function openWitness(/** @type {Ending} */ o) {
    if (!snap) return;
    if (!(await replay(o.witness, 'The witness'))) return;
    announce(`Opened the witness for “${outcomeWord(o)}”: step ${snap.step}.`);
    status.textContent = `Witness replayed: ${snap.step} steps.`;
    view.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    $('#stepping-h').focus();
  }

  // --- predict --------------------------------------------------------------------------
  const setPredict = () => {
    $('#predict-q').textContent = `Predict first: ${predictFor(own ? null : values.sample)[0]}`;
    $('#predict-feedback').textContent = '';
    for (const r of root.querySelectorAll('input[name="predict"]')) /** @type {HTMLInputElement} */ (r).checked = false;
  };
  $('#predict').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    if (input.name !== 'predict') return;
    emitLabEvent(root, EMBED.PREDICT, { question: predictFor(own ? null : values.sample)[0], choice: input.value, answer: input.value === 'yes' ? 'Yes' : 'No' });
  });

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
    if (!snap) return;
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
    if (!s || exploring) return;
    if (editor) editor.value = s.source;
    setParam('sample', s.id);
    own = '';
    setParam('schedule', '');
    setParam('mode', s.mode);
    showSampleChoice();
    setPredict();
    $('#explore-view').hidden = true;
    if (Object.keys(currentErrors()).length) return showErrors(currentErrors());
    if (await start(s.source)) pushUrl();
  });
  $('#compile').addEventListener('click', async () => {
    if (exploring) return;
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
      starts++; // an answer to an earlier start must not bring its program back
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

  /** Nothing loaded: no stepper view, no exploring. */
  function unload() {
    snap = null;
    view.hidden = true;
    runBtn.disabled = true;
    delete root.dataset.step;
  }
  $('#reset').addEventListener('click', async () => {
    if (!snap) return;
    if (!(await replay('', 'Step 0'))) return;
    announce('Reset to step 0.');
    status.textContent = 'Reset: step 0.';
  });

  const unbindKeys = bindKeys({
    enabled: () => !disposed && !!snap && !view.hidden,
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
      isRunning: () => exploring || !snap,
      onValues: () => {
        // A new mode or k is a new run of the same program, from step 0.
        if (exploring || Object.keys(currentErrors()).length) return;
        if (!snap || startedWith.mode !== values.mode || startedWith.k !== values.k) {
          setParam('schedule', '');
          start(program.source || (editor?.value ?? '')).then((ok) => ok && pushUrl());
        }
      },
    }));
    setPredict();

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
    if (raw === null || raw === own || exploring) return;
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
      clearInterval(timer);
      clearInterval(busyTimer);
      explorer.stop();
      session.dispose();
      unbindKeys();
      window.removeEventListener('hashchange', onHash);
    },
  };
}
