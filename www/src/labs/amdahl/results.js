// Lab `amdahl`: the measured times per thread count, the speedups derived
// from them, and the results table.
import { el, fmtMs } from '../../views/dom.js';
import { stats } from '../../stats.js';
import { CORES } from './meta.js';

import { amdahl } from '../../views/plot.js';
import { TOO_SHORT, measurable, speedupDigits } from '../../views/speedup.js';

/** Amdahl's law (views/plot.js, shared with map-reduce). */
export { amdahl };

/** Two decimals: 1 → "1.00" (and "–" for no number: a bad s). */
export const x2 = (/** @type {number} */ v) => (Number.isFinite(v) ? v.toFixed(2) : '–');

/**
 * @typedef {{total: number[], serial: number[], parallel: number[]}} Times each repeat's milliseconds
 * @typedef {{s: number, P: number, mode: string}} Shown the parameters of the results shown
 */

export class Results {
  constructor() {
    /** @type {Map<number, Times>} */
    this.times = new Map();
    /** @type {Shown} */
    this.shown = { s: 0, P: 1, mode: 'shared' };
  }

  /** Forgets every time and shows `shown` (the form's parameters). @param {Shown} shown */
  clear(shown) {
    this.times = new Map();
    this.shown = shown;
  }

  /** @param {number} n @param {{totalMs: number, serialMs: number, parallelMs: number}} run */
  add(n, run) {
    const t = this.times.get(n) ?? { total: [], serial: [], parallel: [] };
    t.total.push(run.totalMs);
    t.serial.push(run.serialMs);
    t.parallel.push(run.parallelMs);
    this.times.set(n, t);
  }

  /**
   * Speedup of n: median, slowest and fastest repeat, against T(1)'s median;
   * null before n ran, or when a time is too short to divide (views/speedup.js).
   * @param {number} n
   */
  speedupOf(n) {
    const t = this.times.get(n)?.total;
    const one = this.times.get(1)?.total;
    const t1 = one?.length ? stats(one).median : NaN;
    if (!t?.length || !measurable(t1)) return null;
    const st = stats(t);
    if (!measurable(st.min)) return null;
    return { median: t1 / st.median, min: t1 / st.max, max: t1 / st.min, tMedian: st.median };
  }

  /** The best measured speedup and its n. */
  best() {
    let best = 1;
    let bestN = 1;
    for (let n = 1; n <= this.shown.P; n++) {
      const sp = this.speedupOf(n)?.median ?? 0;
      if (sp > best) [best, bestN] = [sp, n];
    }
    return { best, bestN };
  }

  /** Each n with its law and its measured median, for a course page (plain JSON). */
  speedups() {
    return [...this.times.keys()]
      .sort((a, b) => a - b)
      .map((n) => ({ n, theory: amdahl(this.shown.s / 100, n), speedup: this.speedupOf(n)?.median ?? null }));
  }

  /** One empty row per n = 1…P, with the law's values. @param {HTMLTableSectionElement} tbody */
  buildRows(tbody) {
    const { s, P } = this.shown;
    tbody.replaceChildren(
      ...Array.from({ length: P }, (_, i) => {
        const n = i + 1;
        const theory = amdahl(s / 100, n);
        return el(
          'tr',
          { 'data-n': String(n), 'data-theory': x2(theory), ...(n > CORES ? { 'data-oversubscribed': 'true' } : {}) },
          el('th', { scope: 'row' }, `${n}${n > CORES ? ` (more than ${CORES} cores)` : ''}`),
          el('td', { class: 'theory' }, Number.isFinite(theory) ? `${x2(theory)}×` : '–'),
          el('td', { class: 'theory-cores' }, Number.isFinite(theory) ? `${x2(amdahl(s / 100, Math.min(n, CORES)))}×` : '–'),
          el('td', { class: 'value speedup' }, '–'),
          el('td', { class: 'time' }, '–'),
          el('td', { class: 'serial' }, '–'),
          el('td', { class: 'parallel' }, '–'),
          el('td', { class: 'runs' }, '0'),
        );
      }),
    );
  }

  /** Fills the rows measured so far. @param {HTMLTableSectionElement} tbody */
  updateRows(tbody) {
    for (const tr of tbody.rows) {
      const n = Number(tr.dataset.n);
      const t = this.times.get(n);
      const sp = this.speedupOf(n);
      if (!t) continue;
      const cell = (/** @type {string} */ c) => /** @type {HTMLElement} */ (tr.querySelector(`.${c}`));
      const d = speedupDigits;
      tr.dataset.speedup = sp ? d(sp.median) : '';
      cell('speedup').textContent = !sp ? TOO_SHORT : t.total.length > 1 ? `${d(sp.median)}× (${d(sp.min)}–${d(sp.max)})` : `${d(sp.median)}×`;
      cell('time').textContent = `${fmtMs(stats(t.total).median)} ms`;
      cell('serial').textContent = `${fmtMs(stats(t.serial).median)} ms`;
      cell('parallel').textContent = `${fmtMs(stats(t.parallel).median)} ms`;
      cell('runs').textContent = String(t.total.length);
    }
  }
}
