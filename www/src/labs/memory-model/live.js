// Lab `memory-model`: the live histogram — read every frame straight from the
// shared memory the litmus workers count into (kernel.js LAYOUT), nothing copied.
import { el, fmt } from '../../views/dom.js';
import { LAYOUT } from './kernel.js';
import { indexOf, outcomeText } from './litmus.js';

/** The three models' columns, in the table's order. */
export const MODELS = /** @type {const} */ ([
  ['sc', 'SC'],
  ['tso', 'x86-TSO'],
  ['arm', 'ARMv8'],
]);

/** "✓ allowed" / "✗ forbidden": the symbol and the word, never colour alone. */
const verdictCell = (/** @type {boolean} */ ok) =>
  el('td', { class: ok ? 'mm-allowed' : 'mm-forbidden', 'data-allowed': String(ok) }, ok ? '✓ allowed' : '✗ forbidden');

/**
 * @typedef {{slot: number, count: HTMLElement, perMillion: HTMLElement, fill: HTMLElement, row: HTMLElement,
 *   scForbidden: boolean}} Row
 */

export class HistogramView {
  /**
   * One row per outcome the test can have, with its verdict under each model.
   * @param {HTMLTableSectionElement} tbody
   * @param {import('./litmus.js').LitmusTest} test
   */
  constructor(tbody, test) {
    this.test = test;
    /** @type {Row[]} */
    this.rows = test.outcomes.map((o) => {
      const scForbidden = !o.verdict.sc;
      const fill = el('span', { class: 'mm-fill' });
      const count = el('td', { class: 'mm-num', 'data-count': '0' }, '0');
      const perMillion = el('td', { class: 'mm-num' }, '0');
      const row = el(
        'tr',
        { 'data-outcome': o.vals.join(''), ...(scForbidden ? { class: 'mm-sc-forbidden' } : {}) },
        el('th', { scope: 'row' }, el('code', {}, outcomeText(test, o.vals)), ...(scForbidden ? [el('span', { class: 'mm-tag' }, ' no interleaving')] : [])),
        count,
        perMillion,
        el('td', { class: 'mm-bar-cell' }, el('span', { class: 'mm-bar', 'aria-hidden': 'true' }, fill)),
        ...MODELS.map(([k]) => verdictCell(o.verdict[k])),
      );
      return { slot: indexOf(o.vals), count, perMillion, fill, row, scForbidden };
    });
    tbody.replaceChildren(...this.rows.map((r) => r.row));
  }

  /**
   * Redraws from the run's shared memory; returns the counts it showed.
   * @param {Int32Array} m the run's SharedArrayBuffer
   */
  draw(m) {
    const done = Atomics.load(m, LAYOUT.DONE);
    const counts = this.rows.map((r) => Atomics.load(m, LAYOUT.HIST + r.slot));
    const most = Math.max(1, ...counts);
    this.rows.forEach((r, i) => {
      const c = counts[i];
      r.count.textContent = fmt(c);
      r.count.dataset.count = String(c);
      r.perMillion.textContent = done ? fmt(Math.round((c * 1e6) / done)) : '0';
      r.fill.style.width = `${(100 * c) / most}%`;
      r.row.dataset.seen = String(c > 0);
    });
    return { done, counts };
  }
}
