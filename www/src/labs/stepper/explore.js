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
  /** @type {((err: Error) => void) | null} */
  #abort = null;

  /**
   * Explores `source` in `mode` within `budget` states.
   * @param {{source: string, mode: string, k: number, budget: number, seed: number}} job
   * @returns {Promise<ExploreResult>}
   */
  async explore(job) {
    this.#worker ??= new Worker(new URL('./explore.worker.js', import.meta.url), { type: 'module', name: 'threadlab-stepper-explore' });
    const w = this.#worker;
    const id = this.#nextId++;
    const stopped = new Promise((_, reject) => {
      this.#abort = reject;
    });
    const reply = waitFor(w, STEPPER_MSG.EXPLORED, id);
    w.postMessage({ type: STEPPER_MSG.EXPLORE, id, ...job });
    try {
      const m = /** @type {Explored} */ (/** @type {unknown} */ (await Promise.race([reply, stopped])));
      return m.result;
    } catch (err) {
      // A failed worker may hold a broken wasm instance: never reuse it.
      if (!(err instanceof ExploreStopped)) this.stop();
      throw err;
    } finally {
      this.#abort = null;
    }
  }

  /** Ends the exploration going on, if any (its worker is terminated). */
  stop() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#abort?.(new ExploreStopped('stopped'));
  }
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
  // For `npm run bench` (states per second in the browser) and tests.
  where.view.dataset.states = String(r.states);
  where.view.dataset.ms = String(r.ms ?? 0);
  where.summary.replaceChildren(
    `${fmt(r.states)} states, ${fmt(r.transitions)} transitions`,
    r.naiveStates
      ? r.naiveComplete === false
        ? ` (without merging thread-local steps: more than ${fmt(r.naiveStates)})`
        : ` (${fmt(r.naiveStates)} without merging thread-local steps)`
      : '',
    ` in ${fmtMs(r.ms ?? 0)} ms. `,
    r.budgetHit
      ? el('b', { class: 'budget-hit' }, `State budget of ${fmt(budget)} hit: the search stopped early, so these are only the endings found so far.`)
      : el('span', {}, 'Every interleaving was covered.'),
  );
  where.list.replaceChildren(
    ...r.outcomes.map((o, i) => {
      const globals = Object.entries(o.globals ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ');
      const share = (100 * o.count) / total;
      const btn = el('button', { type: 'button', class: 'open-witness', 'data-witness': o.witness }, 'Open witness');
      btn.addEventListener('click', () => open(o));
      // The bar's length is a custom property set through the CSSOM (CSP-clean); the stylesheet draws it.
      const bar = el('span');
      bar.style.setProperty('--share', `${Math.max(1, share).toFixed(1)}%`);
      return el('li', { class: 'outcome-row', 'data-kind': o.kind, 'data-globals': JSON.stringify(o.globals ?? {}), 'data-index': String(i) },
        el('div', { class: 'outcome-head' },
          el('span', { class: `kind ${o.kind}` }, outcomeWord(o)),
          el('code', { class: 'globals' }, globals || '(no globals)'),
          el('span', { class: 'count' }, `${fmt(o.count)} ending state${o.count === 1 ? '' : 's'}`)),
        el('div', { class: 'hbar', 'aria-hidden': 'true' }, bar),
        o.message ? el('p', { class: 'msg' }, outcomeMessage(o)) : '',
        o.output ? el('p', { class: 'out' }, 'output: ', el('code', {}, o.output.replace(/\n+$/, '').replace(/\n/g, ' ⏎ '))) : '',
        el('p', { class: 'witness' }, 'witness schedule ', el('code', {}, o.witness.length > 80 ? `${o.witness.slice(0, 80)}…` : o.witness), ' ', btn));
    }),
  );
}

/**
 * Binds the form's Explore (submit) and Stop buttons and the predict question.
 * @param {{
 *   root: HTMLElement, $: (sel: string) => HTMLElement, form: HTMLFormElement,
 *   runBtn: HTMLButtonElement, stopBtn: HTMLButtonElement, status: HTMLElement,
 *   job: () => {source: string, mode: string, k: number, budget: number, seed: number, sample: string | null},
 *   canStart: () => boolean, openWitness: (e: Ending) => void, isDisposed: () => boolean,
 * }} o `job`: what to explore now (`sample` null for the learner's own program); `canStart`: a program
 *   is loaded and the form is valid.
 */
export function bindExploring(o) {
  const { root, $, runBtn, stopBtn, status } = o;
  const explorer = new Explorer();
  let running = false;
  let runs = 0;
  let timer = 0;
  /** The sample the predict question is about (null: the learner's own program). @type {string | null} */
  let about = null;

  async function explore() {
    const job = o.job();
    running = true;
    runBtn.disabled = true;
    stopBtn.disabled = false;
    root.dataset.state = 'running';
    const params = { mode: job.mode, k: job.k, budget: job.budget, sample: job.sample ?? '' };
    const runNo = ++runs;
    emitLabEvent(root, EMBED.RUN_STARTED, { run: runNo, params });
    $('#explore-view').hidden = false;
    $('#outcomes').replaceChildren();
    $('#explore-summary').textContent = '';
    const busy = $('#explore-busy');
    busy.hidden = false;
    $('#explore-progress').hidden = prefersReducedMotion();
    const t0 = performance.now();
    const tick = () => {
      $('#explore-elapsed').textContent = `Exploring every interleaving… ${(Math.round((performance.now() - t0) / 100) / 10).toFixed(1)} s (Stop ends it)`;
    };
    tick();
    timer = window.setInterval(tick, 250);
    status.textContent = `Exploring every interleaving (${job.mode} mode, budget ${fmt(job.budget)} states)…`;
    /** @param {'done' | 'stopped' | 'error'} outcome @param {string} line @param {ExploreResult} [result] */
    const finish = (outcome, line, result) => {
      clearInterval(timer);
      busy.hidden = true;
      running = false;
      stopBtn.disabled = true;
      runBtn.disabled = !o.canStart();
      root.dataset.state = outcome;
      status.textContent = line;
      emitLabEvent(root, EMBED.RUN_FINISHED, { run: runNo, outcome, params, results: result ? { explore: { states: result.states, outcomes: result.outcomes.length, complete: result.complete } } : {}, summary: line });
    };
    try {
      const r = await explorer.explore({ source: job.source, mode: job.mode, k: job.k, budget: job.budget, seed: job.seed });
      if (o.isDisposed()) return;
      showEndings({ summary: $('#explore-summary'), list: $('#outcomes'), view: $('#explore-view') }, r, job.budget, o.openWitness);
      finish('done', `Explored ${fmt(r.states)} states: ${r.outcomes.length} different ending${r.outcomes.length === 1 ? '' : 's'}${r.budgetHit ? ' — the state budget was hit, so there may be more' : ''}.`, r);
      const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
      $('#predict-feedback').textContent = feedback(predictFor(about), r, choice?.value ?? null);
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
    explore();
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
      explorer.stop();
    },
  };
}
