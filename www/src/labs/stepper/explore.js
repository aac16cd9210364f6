// Lab `stepper`: exploring every interleaving — the client of explore.worker.js
// and the histogram of endings it draws. Exploring can take as long as the
// state budget allows, so it runs in its own worker; Stop terminates it, and
// after any failure the next exploration gets a fresh worker.
import { el, fmt, fmtMs } from '../../views/dom.js';
import { waitFor } from '../../engine/messages.js';
import { STEPPER_MSG } from './messages.js';
import { outcomeMessage, outcomeWord } from './render.js';

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
   * @param {{source: string, mode: string, k: number, budget: number}} job
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
