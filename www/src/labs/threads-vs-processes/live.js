// Lab `threads-vs-processes`: the per-frame view of the shared grid — read
// straight from the memory the threads are writing, nothing copied.
import { GridView } from '../../views/grid.js';
import { el, fmt, fmtMs, swatch } from '../../views/dom.js';
import { colourOf } from '../../views/palette.js';

/**
 * @typedef {{steps: HTMLElement, cells: HTMLElement, thread: HTMLElement, ran: HTMLElement, bar: HTMLElement}} Row
 */

export class SharedGridView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {HTMLTableSectionElement} tbody one row per writer
   * @param {HTMLElement} counter where the counter is shown
   * @param {number} side cells per row
   */
  constructor(canvas, tbody, counter, side) {
    this.grid = new GridView(canvas, side);
    this.tbody = tbody;
    this.counter = counter;
    this.cells = side * side;
    /** @type {Row[]} */
    this.rows = [];
  }

  /** One table row per writer, empty. @param {number} w */
  reset(w) {
    this.rows = [];
    this.tbody.replaceChildren(
      ...Array.from({ length: w }, (_, i) => {
        const bar = el('span', { class: 'bar-fill' });
        /** @type {Row} */
        const r = {
          thread: el('td', {}, '–'),
          steps: el('span', {}, '0'),
          cells: el('td', { 'data-writer-cells': String(i) }, '0'),
          ran: el('td', {}, '–'),
          bar,
        };
        this.rows.push(r);
        return el(
          'tr',
          {},
          el('th', { scope: 'row' }, swatch(colourOf(i)), ` ${i + 1}`),
          r.thread,
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, bar), r.steps),
          r.cells,
          r.ran,
        );
      }),
    );
  }

  /**
   * Draws the grid and the table from the lab's views over shared memory.
   * @param {Record<string, any>} v the lab's views (memory-view.js)
   * @param {number} k steps per writer
   */
  draw(v, k) {
    const counts = this.grid.draw(v.writers.subarray(0, this.cells));
    const c = Atomics.load(/** @type {Uint32Array} */ (v.counter), 0);
    this.counter.textContent = fmt(c);
    this.counter.dataset.value = String(c);
    this.rows.forEach((r, i) => {
      const steps = v.progress[i];
      r.steps.textContent = ` ${fmt(steps)}`;
      r.bar.style.width = `${(100 * steps) / k}%`;
      r.cells.textContent = fmt(counts[i]);
      r.cells.dataset.value = String(counts[i]);
      r.thread.textContent = v.threadOf[i] ? `#${v.threadOf[i]}` : '–';
      if (v.finishedUs[i]) r.ran.textContent = `${fmtMs(v.startedUs[i] / 1000)}–${fmtMs(v.finishedUs[i] / 1000)}`;
    });
  }
}
