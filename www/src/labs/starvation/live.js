// Lab `starvation`: the per-frame view — the lock's words and every thread's
// record, read straight from the memory the threads are writing. Field names
// and codes (lock, role, phase) come from the Rust layout.
import { el, fmt, fmtMs } from '../../views/dom.js';

/** Thread `t`'s name, readers first. */
export const nameOf = (/** @type {number} */ t, /** @type {number} */ r) => (t < r ? `Reader ${t + 1}` : `Writer ${t - r + 1}`);
/** Thread `t`'s role, readers first. */
export const roleOf = (/** @type {number} */ t, /** @type {number} */ r) => (t < r ? 'reader' : 'writer');

/**
 * @typedef {{tr: HTMLElement, now: HTMLElement, entries: HTMLElement, bar: HTMLElement, total: HTMLElement,
 *   max: HTMLElement, waitNow: HTMLElement}} Row
 */

export class LockView {
  /**
   * @param {HTMLElement} root the panel (the readout's elements are found by id)
   * @param {HTMLTableSectionElement} tbody one row per thread
   */
  constructor(root, tbody) {
    this.$ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (root.querySelector(sel));
    this.tbody = tbody;
    /** @type {Row[]} */
    this.rows = [];
  }

  /** One row per thread, empty. @param {number} r @param {number} w */
  reset(r, w) {
    this.rows = [];
    this.tbody.replaceChildren(
      ...Array.from({ length: r + w }, (_, t) => {
        const role = roleOf(t, r);
        /** @type {Row} */
        const row = {
          tr: el('tr', { 'data-thread': String(t), 'data-role': role, 'data-phase': '0' }),
          now: el('td', { class: 'sv-now' }, '· not started'),
          entries: el('span', { 'data-entries': String(t), 'data-value': '0' }, '0'),
          bar: el('span', { class: 'bar-fill' }),
          total: el('td', { 'data-total-wait': String(t) }, '0'),
          max: el('td', { 'data-max-wait': String(t), 'data-value': '0' }, '0'),
          waitNow: el('td', { 'data-wait-now': String(t) }, '–'),
        };
        const badge = el('span', { class: `sv-badge sv-${role}`, 'aria-hidden': 'true' }, role === 'reader' ? `R${t + 1}` : `W${t - r + 1}`);
        row.tr.append(
          el('th', { scope: 'row' }, badge, ` ${nameOf(t, r)}`),
          row.now,
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, row.bar), row.entries),
          row.total,
          row.max,
          row.waitNow,
        );
        this.rows.push(row);
        return row.tr;
      }),
    );
  }

  /**
   * Draws the lock and the threads from the lab's views over shared memory.
   * @param {import('../../engine/memory-view.js').MemoryView} mem
   */
  draw(mem) {
    const v = mem.views;
    const c = mem.consts;
    /** Each phase code's mark and word. */
    const phases = {
      [c.phaseNotStarted]: ['·', 'not started'],
      [c.phaseOutside]: ['○', 'outside'],
      [c.phaseWaiting]: ['…', 'waiting'],
      [c.phaseInside]: ['●', 'inside'],
      [c.phaseFinished]: ['✓', 'done'],
    };
    const state = Atomics.load(/** @type {Uint32Array} */ (v.state), 0);
    const writerIn = state & c.writerBit ? 1 : 0;
    const readersIn = state & (c.writerBit - 1);
    const set = (/** @type {string} */ sel, /** @type {number} */ n, /** @type {string} */ text) => {
      const e = this.$(sel);
      e.dataset.value = String(n);
      e.textContent = text;
    };
    set('#sv-readers-in', readersIn, fmt(readersIn));
    set('#sv-writer-in', writerIn, writerIn ? 'yes' : 'no');
    set('#sv-wait-r', v.waitingReaders[0], fmt(v.waitingReaders[0]));
    set('#sv-wait-w', v.waitingWriters[0], fmt(v.waitingWriters[0]));
    set('#sv-violations', v.violations[0], `${fmt(v.violations[0])} times`);
    this.$('#sv-tickets').textContent = v.policy[0] === c.policyFair ? `#${fmt(v.nowServing[0])} · ${fmt(v.nextTicket[0])}` : '–';
    this.$('#sv-time').textContent = `${(v.elapsedUs[0] / 1e6).toFixed(2)} s`;
    const n = this.rows.length;
    let most = 1;
    for (let t = 0; t < n; t++) most = Math.max(most, v.entries[t]);
    for (let t = 0; t < n; t++) {
      const row = this.rows[t];
      const phase = v.phase[t];
      const entries = v.entries[t];
      const now = v.waitNowUs[t];
      const [mark, word] = phases[phase] ?? ['?', 'unknown'];
      row.tr.dataset.phase = String(phase);
      row.tr.dataset.now = word;
      row.now.textContent = `${mark} ${word}`;
      row.entries.textContent = ` ${fmt(entries)}`;
      row.entries.dataset.value = String(entries);
      row.bar.style.width = `${(100 * entries) / most}%`;
      row.total.textContent = fmtMs((v.waitTotalUs[t] + now) / 1000);
      const max = Math.max(v.waitMaxUs[t], now);
      row.max.textContent = fmtMs(max / 1000);
      row.max.dataset.value = String(max);
      row.waitNow.textContent = now ? fmtMs(now / 1000) : '–';
    }
  }
}
