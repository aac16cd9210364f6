// Lab `deadlock`: the per-frame view — a snapshot read from the mirror in
// shared memory (the views and the state codes come from the Rust layout),
// and the two tables it fills.
import { el, fmt, swatch } from '../../views/dom.js';
import { colourOf } from '../../views/palette.js';
import { stateText } from './draw.js';

/** @typedef {import('./draw.js').Snap} Snap */

/**
 * The state names by code, from the layout's constants (`stateWaitingFork: 2`
 * → `names[2] = 'waitingFork'`): the page copies no code.
 * @param {Record<string, number>} consts
 * @returns {string[]}
 */
export function stateNames(consts) {
  /** @type {string[]} */
  const names = [];
  for (const [k, v] of Object.entries(consts)) {
    if (k.startsWith('state')) names[v] = k[5].toLowerCase() + k.slice(6);
  }
  return names;
}

/**
 * The first `n` seats of the mirror, now.
 * @param {import('../../engine/memory-view.js').MemoryView} mem
 * @param {string[]} names state names by code
 * @param {number} n
 * @returns {Snap}
 */
export function readMirror(mem, names, n) {
  const v = mem.views;
  const arr = (/** @type {Uint32Array} */ a) => Array.from({ length: n }, (_, i) => Atomics.load(a, i));
  return {
    n,
    holder: arr(v.holder),
    waiting: arr(v.waitingFor),
    state: arr(v.state).map((c) => names[c] ?? 'idle'),
    meals: arr(v.meals),
    retries: arr(v.retries),
    seated: Atomics.load(/** @type {Uint32Array} */ (v.seated), 0),
  };
}

/** An empty table of `n`: nobody has sat down. @returns {Snap} */
export const emptySnap = (/** @type {number} */ n) => ({
  n,
  holder: Array(n).fill(0),
  waiting: Array(n).fill(0),
  state: Array(n).fill('idle'),
  meals: Array(n).fill(0),
  retries: Array(n).fill(0),
  seated: 0,
});

/** The philosophers' and forks' tables and the totals above them. */
export class Tables {
  /** @param {(sel: string) => HTMLElement} $ the panel's element finder */
  constructor($) {
    this.$ = $;
    this.philBody = /** @type {HTMLTableSectionElement} */ ($('#dl-phils tbody'));
    this.forkBody = /** @type {HTMLTableSectionElement} */ ($('#dl-forks tbody'));
    /** @type {{state: HTMLElement, holds: HTMLElement, meals: HTMLElement, bar: HTMLElement, retries: HTMLElement}[]} */
    this.rows = [];
    /** @type {HTMLElement[]} */
    this.forkCells = [];
  }

  /** One row per philosopher and per fork. @param {number} n */
  build(n) {
    this.rows = [];
    this.philBody.replaceChildren(
      ...Array.from({ length: n }, (_, p) => {
        const bar = el('span', { class: 'bar-fill' });
        const r = {
          state: el('td', { 'data-phil-state': String(p) }, '–'),
          holds: el('td', {}, '–'),
          meals: el('span', { 'data-meals': String(p), 'data-value': '0' }, '0'),
          bar,
          retries: el('td', { 'data-retries': String(p) }, '–'),
        };
        this.rows.push(r);
        return el(
          'tr',
          {},
          el('th', { scope: 'row' }, swatch(colourOf(p)), ` P${p + 1}`),
          r.state,
          r.holds,
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, bar), r.meals),
          r.retries,
        );
      }),
    );
    this.forkCells = [];
    this.forkBody.replaceChildren(
      ...Array.from({ length: n }, (_, f) => {
        const cell = el('td', { 'data-fork': String(f) }, 'free');
        this.forkCells.push(cell);
        return el('tr', {}, el('th', { scope: 'row' }, `F${f + 1}`), cell);
      }),
    );
  }

  /**
   * Fills the tables and totals from a snapshot.
   * @param {Snap} s
   * @param {number} m meals each
   * @param {string} strategy
   */
  fill(s, m, strategy) {
    let total = 0;
    for (let p = 0; p < s.n && p < this.rows.length; p++) {
      const r = this.rows[p];
      const holds = [];
      for (let f = 0; f < s.n; f++) if (s.holder[f] === p + 1) holds.push(f + 1);
      r.state.textContent = stateText(s.state[p], s.waiting[p], holds);
      r.state.dataset.value = s.state[p];
      r.holds.textContent = holds.length ? holds.map((f) => `F${f}`).join(', ') : '–';
      r.meals.textContent = `${fmt(s.meals[p])} / ${fmt(m)}`;
      r.meals.dataset.value = String(s.meals[p]);
      r.bar.style.width = `${Math.min(100, (100 * s.meals[p]) / m)}%`;
      r.retries.textContent = strategy === 'trylock' || s.retries[p] ? fmt(s.retries[p]) : '–';
      total += s.meals[p];
    }
    for (let f = 0; f < s.n && f < this.forkCells.length; f++) {
      this.forkCells[f].textContent = s.holder[f] ? `P${s.holder[f]}` : 'free';
      this.forkCells[f].dataset.value = String(s.holder[f]);
    }
    const totalBox = this.$('#dl-total');
    totalBox.textContent = fmt(total);
    totalBox.dataset.value = String(total);
    this.$('#dl-seated').textContent = s.seated || strategy === 'waiter' ? `${s.seated} of at most ${s.n - 1}` : '–';
  }
}
