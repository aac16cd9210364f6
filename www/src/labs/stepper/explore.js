// Lab `stepper`: exploring every interleaving — the client of explore.worker.js,
// the run it makes of the panel's Explore button (busy, Stop, the embed's
// events, the predict question's answer) and the histogram of endings it
// draws. Exploring can take as long as the
// state budget allows, so it runs in its own worker; Stop terminates it, and
// after any failure the next exploration gets a fresh worker.
import { el, fmt, fmtMs, prefersReducedMotion } from '../../views/dom.js';
import { waitFor } from '../../engine/messages.js';
import { EMBED, emitLabEvent } from '../../embed/protocol.js';
import { STEPPER_MSG } from './messages.js';
import { outcomeMessage, outcomeWord } from './render.js';
import { feedback, predictFor } from './predict.js';
import { schedulePrefix } from './schedule.js';

/**
 * @typedef {import('./types.js').ExploreResult} ExploreResult
 * @typedef {import('./types.js').Ending} Ending
 * @typedef {import('./messages.js').Explored} Explored
 */

/** Thrown when an exploration was ended by Stop. */
export class ExploreStopped extends Error {}

export class Explorer {
  /** @type {Worker | null} */
  #worker = null;
  #nextId = 1;
  /** The search going on: its id, and how to end it. @type {{id: number, abort: (err: Error) => void} | null} */
  #current = null;
  /** Terminates the worker if a Stop gets no answer in time. */
  #killTimer = 0;

  /**
   * Starts the exploring worker now if it is not running (it warms up as it starts: the first
   * exploration then runs at full speed); the worker.
   * @returns {Worker}
   */
  prewarm() {
    this.#worker ??= new Worker(new URL('./explore.worker.js', import.meta.url), { type: 'module', name: 'threadlab-stepper-explore' });
    return this.#worker;
  }

  /**
   * Searches `source` in `mode` within `budget` states; `onProgress` hears between slices.
   * @param {{source: string, mode: string, k: number, budget: number, search: 'every' | 'bounded' | 'hunt', depth: number, seed: number}} job
   * @param {(p: import('./types.js').SearchProgress, ms: number) => void} [onProgress]
   * @returns {Promise<ExploreResult>}
   */
  async explore(job, onProgress) {
    const w = this.prewarm();
    const id = this.#nextId++;
    const stopped = new Promise((_, reject) => {
      this.#current = { id, abort: reject };
    });
    const onMessage = (/** @type {MessageEvent<any>} */ e) => {
      if (e.data?.type === STEPPER_MSG.EXPLORE_PROGRESS && e.data.id === id) onProgress?.(e.data.progress, e.data.ms);
    };
    w.addEventListener('message', onMessage);
    const reply = waitFor(w, STEPPER_MSG.EXPLORED, id);
    w.postMessage({ type: STEPPER_MSG.EXPLORE, id, ...job });
    try {
      const m = /** @type {Explored} */ (/** @type {unknown} */ (await Promise.race([reply, stopped])));
      return m.result;
    } catch (err) {
      // A failed worker may hold a broken wasm instance: never reuse it.
      if (!(err instanceof ExploreStopped)) this.kill();
      throw err;
    } finally {
      clearTimeout(this.#killTimer);
      w.removeEventListener('message', onMessage);
      this.#current = null;
    }
  }

  /**
   * Asks the search going on to stop: it answers with what it found so far (between two
   * slices, within about a tenth of a second). If it does not answer within `graceMs` the worker
   * is terminated and nothing is reported.
   */
  stop(graceMs = 1500) {
    const cur = this.#current;
    if (!cur || !this.#worker) return this.kill();
    this.#worker.postMessage({ type: STEPPER_MSG.EXPLORE_STOP, id: cur.id });
    clearTimeout(this.#killTimer);
    this.#killTimer = window.setTimeout(() => this.kill(), graceMs);
  }

  /** Ends the search going on at once (its worker is terminated). */
  kill() {
    clearTimeout(this.#killTimer);
    this.#worker?.terminate();
    this.#worker = null;
    this.#current?.abort(new ExploreStopped('stopped'));
  }
}

/** What a search is called in the page's sentences. */
const SEARCH_WORDS = { every: 'every interleaving', bounded: 'bounded preemptions', hunt: 'bug hunt' };

/**
 * The progress line: states so far and per second, the bound reached (bounded) or the runs made (hunt).
 * @param {import('./types.js').SearchProgress} p @param {number} ms @param {string} search
 */
export function progressLine(p, ms, search) {
  const rate = ms > 0 ? Math.round((p.states * 1000) / ms) : 0;
  const parts = search === 'hunt'
    ? [`${fmt(p.runs ?? 0)} runs`, `${fmt(p.states)} steps`, `${fmt(rate)} steps/s`]
    : [`${fmt(p.states)} states`, `${fmt(rate)} states/s`];
  if (p.bound !== undefined) {
    parts.push(`bound P = ${p.bound}${p.completeBound !== undefined ? ` (P ≤ ${p.completeBound} explored completely)` : ''}`);
  }
  parts.push(`${fmt(p.endings)} ending${p.endings === 1 ? '' : 's'} so far`);
  return parts.join(' · ');
}

/** The sentence that says how far a search got and what that means for its endings. */
function searchSummary(/** @type {ExploreResult} */ r, /** @type {number} */ budget) {
  if (r.search === 'hunt') {
    const first = r.firstOther !== undefined ? r.outcomes[r.firstOther] : null;
    return first
      ? el('b', { class: 'found' }, `Found after ${fmt(first.foundAt ?? r.runs ?? 0)} run${first.foundAt === 1 ? '' : 's'}: an ending the sequential run does not have (PCT, bug depth d = ${r.depth}). Its schedule replays it.`)
      : el('span', {}, `No ending different from the sequential run's in ${fmt(r.runs ?? 0)} runs (PCT, bug depth d = ${r.depth}). A hunt never proves there is none.`);
  }
  if (r.stopped) return el('b', { class: 'budget-hit' }, 'Stopped: these are only the endings found so far.');
  if (r.search === 'bounded') {
    const done = r.completeBound !== undefined ? `every schedule with at most ${r.completeBound} preemption${r.completeBound === 1 ? '' : 's'} was explored` : 'not even the schedules without preemptions were all explored';
    return r.complete
      ? el('span', {}, `The bound never cut a schedule: every interleaving was covered (${done}).`)
      : el('b', { class: 'budget-hit' }, `Bounded search: ${done}; bound P = ${r.bound} was reached when the budget of ${fmt(budget)} states ran out.`);
  }
  return r.budgetHit
    ? el('b', { class: 'budget-hit' }, `State budget of ${fmt(budget)} hit: the search stopped early, so these are only the endings found so far.`)
    : el('span', {}, r.reduction === 'dpor'
      ? 'Every interleaving was covered, by dynamic partial-order reduction: of steps that commute (touch different things), one order only.'
      : 'Every interleaving was covered.');
}

/** A witness schedule as code; a lasso's loop is marked (by a label and an outline, not colour alone). */
function witnessCode(/** @type {Ending} */ o) {
  const short = (/** @type {string} */ s) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
  if (o.loopFrom === undefined) return el('code', {}, short(o.witness));
  const prefix = schedulePrefix(o.witness, o.loopFrom);
  return el('span', { class: 'lasso' },
    el('code', {}, short(prefix) || '(none)'), ' then the loop ',
    el('code', { class: 'loop', title: 'repeats forever' }, `↻ ${short(o.witness.slice(prefix.length))}`), ' forever');
}

/**
 * The histogram of endings: for each, its globals, how many end states, its
 * message and output, and a button that opens its witness schedule.
 * @param {{summary: HTMLElement, list: HTMLElement, view: HTMLElement}} where
 * @param {ExploreResult} r
 * @param {number} budget the state budget it ran with
 * @param {(e: Ending) => void} open called when a witness is asked for
 */
export function showEndings(where, r, budget, open) {
  const total = r.outcomes.reduce((n, o) => n + o.count, 0) || 1;
  where.view.dataset.budgetHit = String(!!r.budgetHit);
  where.view.dataset.search = r.search ?? 'every';
  // For `npm run bench` (states per second in the browser, and states or runs to the first other ending) and tests.
  where.view.dataset.states = String(r.states);
  where.view.dataset.reduction = r.reduction ?? '';
  where.view.dataset.ms = String(r.ms ?? 0);
  where.view.dataset.firstOther = r.firstOther !== undefined ? String(r.outcomes[r.firstOther].foundAt ?? '') : '';
  if (r.runs !== undefined) where.view.dataset.runs = String(r.runs);
  else delete where.view.dataset.runs;
  const what = r.search === 'hunt' ? `${fmt(r.runs ?? 0)} runs, ${fmt(r.states)} steps` : `${fmt(r.states)} states, ${fmt(r.transitions)} transitions`;
  where.summary.replaceChildren(
    what,
    r.naiveStates
      ? r.naiveComplete === false
        ? ` (without reduction: more than ${fmt(r.naiveStates)})`
        : ` (${fmt(r.naiveStates)} without reduction)`
      : '',
    ` in ${fmtMs(r.ms ?? 0)} ms. `,
    searchSummary(r, budget),
  );
  const unit = r.search === 'hunt' ? 'run' : 'state';
  where.list.replaceChildren(
    ...r.outcomes.map((o, i) => {
      const globals = Object.entries(o.globals ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ');
      const share = (100 * o.count) / total;
      const lasso = o.loopFrom !== undefined;
      const btn = el('button', { type: 'button', class: 'open-witness', 'data-witness': o.witness }, lasso ? 'Open the lasso' : 'Open witness');
      btn.addEventListener('click', () => open(o));
      // The bar's length is a custom property set through the CSSOM (CSP-clean); the stylesheet draws it.
      const bar = el('span');
      bar.style.setProperty('--share', `${Math.max(1, share).toFixed(1)}%`);
      // A run cut at the step limit: all such runs are one ending (the engine's endings.rs).
      const cut = o.kind === 'budget' && r.search !== 'hunt';
      const counted = r.search === 'hunt' ? `${fmt(o.count)} run${o.count === 1 ? '' : 's'}` : lasso ? `${fmt(o.count)} loop${o.count === 1 ? '' : 's'} found` : cut ? `${fmt(o.count)} run${o.count === 1 ? '' : 's'} cut` : `${fmt(o.count)} ending state${o.count === 1 ? '' : 's'}`;
      const facts = [
        o.foundAt !== undefined ? `first found after ${fmt(o.foundAt)} ${unit}${o.foundAt === 1 ? '' : 's'}` : '',
        o.preemptions !== undefined ? `needs ${o.preemptions} preemption${o.preemptions === 1 ? '' : 's'}` : '',
        i === r.firstOther ? 'the first ending found that the sequential run does not have' : '',
      ].filter(Boolean).join(' · ');
      return el('li', { class: `outcome-row${i === r.firstOther ? ' first-other' : ''}`, 'data-kind': o.kind, 'data-globals': JSON.stringify(o.globals ?? {}), 'data-index': String(i), 'data-found-at': String(o.foundAt ?? ''), 'data-found-ms': String(r.foundMs?.[i] ?? ''), ...(lasso ? { 'data-loop-from': String(o.loopFrom) } : {}) },
        el('div', { class: 'outcome-head' },
          el('span', { class: `kind ${o.kind}` }, outcomeWord(o)),
          el('code', { class: 'globals' }, globals || '(no globals)'),
          el('span', { class: 'count' }, counted)),
        el('div', { class: 'hbar', 'aria-hidden': 'true' }, bar),
        o.message ? el('p', { class: 'msg' }, outcomeMessage(o)) : '',
        o.output ? el('p', { class: 'out' }, lasso ? 'output before the loop: ' : cut ? 'output of the first run cut: ' : 'output: ', el('code', {}, o.output.replace(/\n+$/, '').replace(/\n/g, ' ⏎ '))) : '',
        facts ? el('p', { class: 'facts' }, facts) : '',
        el('p', { class: 'witness' }, lasso ? 'lasso ' : 'witness schedule ', witnessCode(o), ' ', btn));
    }),
  );
}

/**
 * Marks a replayed lasso (`loopFrom` steps into its loop, `steps` in all) in the note and on the
 * timeline — in words, not by colour alone; `loopFrom` null takes the marks away.
 * @param {HTMLElement} note @param {HTMLInputElement} timeline @param {number | null} loopFrom @param {number} steps
 */
export function markLasso(note, timeline, loopFrom, steps) {
  note.hidden = loopFrom === null;
  timeline.classList.toggle('has-loop', loopFrom !== null);
  if (loopFrom === null) return;
  note.textContent = `A lasso: steps 1–${loopFrom} lead into the loop; steps ${loopFrom + 1}–${steps} are the loop (↻), which brings the program back to the state it had at step ${loopFrom} — so it can go round forever.`;
  timeline.setAttribute('aria-valuetext', `step ${steps}: the end of the loop, which began after step ${loopFrom}`);
  timeline.style.setProperty('--loop-from', `${(100 * loopFrom) / Math.max(1, steps)}%`);
}

/**
 * Binds the form's Explore (submit) and Stop buttons and the predict question.
 * @param {{
 *   root: HTMLElement, $: (sel: string) => HTMLElement, form: HTMLFormElement,
 *   runBtn: HTMLButtonElement, stopBtn: HTMLButtonElement, status: HTMLElement,
 *   job: () => {source: string, mode: string, k: number, budget: number, sample: string | null,
 *     search: 'every' | 'bounded', depth: number, seed: number},
 *   canStart: () => boolean, openWitness: (e: Ending) => void, isDisposed: () => boolean,
 * }} o `job`: what to explore now (`sample` null for the learner's own program); `canStart`: a program
 *   is loaded and the form is valid.
 */
export function bindExploring(o) {
  const { root, $, runBtn, stopBtn, status } = o;
  const huntBtn = /** @type {HTMLButtonElement} */ ($('#hunt'));
  // Hunt may start exactly when Explore may (the form and the program's life cycle set Explore's state).
  const syncHunt = () => void (huntBtn.disabled = runBtn.disabled);
  const watch = new MutationObserver(syncHunt);
  watch.observe(runBtn, { attributes: true, attributeFilter: ['disabled'] });
  syncHunt();
  const explorer = new Explorer();
  // The exploring worker starts at the learner's first sign of exploring — the pointer on, or the
  // focus at, Explore or Hunt — and warms up as it starts (explore.worker.js), so the first
  // exploration is not the slow one. (Not when the page is idle after loading: on a two-core
  // machine that warm-up slowed the page's own first steps, commit 0b0f765.)
  const intent = (/** @type {Event} */ e) => {
    const at = e.target instanceof Node ? e.target : null;
    if (!at || ![runBtn, huntBtn].some((el) => el.contains(at))) return;
    stopIntent();
    if (!o.isDisposed()) explorer.prewarm();
  };
  const stopIntent = () => {
    root.removeEventListener('pointerover', intent);
    root.removeEventListener('focusin', intent);
  };
  root.addEventListener('pointerover', intent);
  root.addEventListener('focusin', intent);
  let running = false;
  let runs = 0;
  let timer = 0;
  /** The sample the predict question is about (null: the learner's own program). @type {string | null} */
  let about = null;

  /** Runs a search: the form's (`every` or `bounded`), or a bug hunt. */
  async function explore(/** @type {boolean} */ hunt) {
    const job = o.job();
    const search = hunt ? 'hunt' : job.search;
    running = true;
    runBtn.disabled = true;
    huntBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const params = { mode: job.mode, k: job.k, budget: job.budget, sample: job.sample ?? '', search, depth: job.depth, seed: job.seed };
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    $('#explore-view').hidden = false;
    $('#explore-h').textContent = hunt ? 'Bug hunt' : search === 'bounded' ? 'Bounded preemptions' : 'Every interleaving';
    $('#outcomes').replaceChildren();
    $('#explore-summary').textContent = '';
    const line = $('#explore-line');
    line.textContent = '';
    const busy = $('#explore-busy');
    busy.hidden = false;
    $('#explore-progress').hidden = prefersReducedMotion();
    const t0 = performance.now();
    const verb = hunt ? 'Hunting for a bug' : search === 'bounded' ? 'Searching with bounded preemptions' : 'Exploring every interleaving';
    const tick = () => {
      $('#explore-elapsed').textContent = `${verb}… ${(Math.round((performance.now() - t0) / 100) / 10).toFixed(1)} s (Stop ends it and keeps what was found)`;
    };
    tick();
    timer = window.setInterval(tick, 250);
    status.textContent = `${verb} (${job.mode} mode, budget ${fmt(job.budget)} ${hunt ? 'steps' : 'states'})…`;
    /** @param {'done' | 'stopped' | 'error'} outcome @param {string} text @param {ExploreResult} [result] */
    const finish = (outcome, text, result) => {
      clearInterval(timer);
      busy.hidden = true;
      running = false;
      stopBtn.disabled = true;
      runBtn.disabled = !o.canStart();
      huntBtn.disabled = !o.canStart();
      root.dataset.state = outcome;
      status.textContent = text;
      emitLabEvent(root, EMBED.RUN_FINISHED, { run: runNo, outcome, params, results: result ? { explore: { states: result.states, outcomes: result.outcomes.length, complete: result.complete } } : {}, summary: text });
    };
    try {
      const r = await explorer.explore({ source: job.source, mode: job.mode, k: job.k, budget: job.budget, search, depth: job.depth, seed: job.seed },
        (p, ms) => void (line.textContent = progressLine(p, ms, search)));
      if (o.isDisposed()) return;
      line.textContent = progressLine({ done: true, states: r.states, transitions: r.transitions, endings: r.outcomes.length, bound: r.bound, completeBound: r.completeBound, runs: r.runs }, r.ms ?? 0, search);
      showEndings({ summary: $('#explore-summary'), list: $('#outcomes'), view: $('#explore-view') }, r, job.budget, o.openWitness);
      const n = r.outcomes.length;
      const head = hunt ? `Hunted ${fmt(r.runs ?? 0)} runs` : `Explored ${fmt(r.states)} states`;
      finish(r.stopped ? 'stopped' : 'done', `${r.stopped ? 'Stopped. ' : ''}${head}: ${n} different ending${n === 1 ? '' : 's'}${r.budgetHit ? ' — the state budget was hit, so there may be more' : ''}.`, r);
      const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
      if (!hunt) $('#predict-feedback').textContent = feedback(predictFor(about), r, choice?.value ?? null);
    } catch (err) {
      if (o.isDisposed()) return;
      if (err instanceof ExploreStopped) {
        $('#explore-summary').textContent = 'Stopped: the exploring worker was ended. Nothing was counted.';
        finish('stopped', 'Stopped: exploration ended (its worker was terminated).');
      } else finish('error', `Exploration failed: ${err instanceof Error ? err.message : err}`);
    }
  }

  o.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (running || runBtn.disabled || !o.canStart()) return;
    explore(false);
  });
  huntBtn.addEventListener('click', () => {
    if (running || huntBtn.disabled || !o.canStart()) return;
    explore(true);
  });
  stopBtn.addEventListener('click', () => explorer.stop());
  $('#predict').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    if (input.name !== 'predict') return;
    emitLabEvent(root, EMBED.PREDICT, { question: predictFor(about)[0], choice: input.value, answer: input.value === 'yes' ? 'Yes' : 'No' });
  });

  return {
    get running() {
      return running;
    },
    /** A new program: its question, unanswered (`sample` null for the learner's own program). */
    setPredict(/** @type {string | null} */ sample) {
      about = sample;
      $('#predict-q').textContent = `Predict first: ${predictFor(sample)[0]}`;
      $('#predict-feedback').textContent = '';
      for (const r of root.querySelectorAll('input[name="predict"]')) /** @type {HTMLInputElement} */ (r).checked = false;
    },
    dispose() {
      clearInterval(timer);
      stopIntent();
      watch.disconnect();
      explorer.kill();
    },
  };
}
