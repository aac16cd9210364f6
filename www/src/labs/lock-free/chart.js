// Lab `lock-free`: throughput against thread count (uPlot), one series per
// structure, each told apart by colour (Okabe & Ito), line style and marker shape.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { themeColours } from '../../views/palette.js';
import { themed } from '../../views/plot.js';

/**
 * The structures in the page's order (the Rust `Structure::name`s), with how
 * each is drawn. Dashed: takes a lock; solid: lock-free.
 * @type {ReadonlyArray<{id: string, label: string, colour: string, dash: number[], locks: boolean}>}
 */
export const STRUCTURES = [
  { id: 'mutex-stack', label: 'Stack behind a mutex', colour: '#D55E00', dash: [8, 5], locks: true },
  { id: 'treiber-stack', label: 'Treiber stack (CAS)', colour: '#0072B2', dash: [], locks: false },
  { id: 'lock-counter', label: 'Counter behind a mutex', colour: '#E69F00', dash: [3, 3], locks: true },
  { id: 'atomic-counter', label: 'Counter, fetch_add', colour: '#009E73', dash: [], locks: false },
  { id: 'approx-counter', label: 'Approximate counter', colour: '#CC79A7', dash: [12, 3, 3, 3], locks: true },
];
const HEIGHT = 320;

export class Chart {
  /**
   * @param {HTMLElement} box where the plot goes
   * @param {HTMLElement} figure gets the plotted values as `data-series` (JSON), for tests and curious readers
   */
  constructor(box, figure) {
    this.box = box;
    this.figure = figure;
    /** @type {uPlot | null} */
    this.plot = null;
    this.xmax = 0;
    this.resize = new ResizeObserver(() => {
      const width = this.width();
      if (this.plot && Math.abs(width - this.plot.width) > 4) this.plot.setSize({ width, height: HEIGHT });
    });
    this.resize.observe(box);
  }

  /** The plot's width: its box's, within 240…720 px. */
  width() {
    return Math.max(240, Math.min(720, this.box.clientWidth || 640));
  }

  /**
   * Draws millions of operations per second at n = 1…P.
   * @param {number} P
   * @param {Map<string, (number | null)[]>} mops per structure id, index n − 1
   */
  draw(P, mops) {
    const xs = Array.from({ length: P }, (_, i) => i + 1);
    const ys = STRUCTURES.map((s) => xs.map((n) => mops.get(s.id)?.[n - 1] ?? null));
    this.figure.dataset.series = JSON.stringify(Object.fromEntries(STRUCTURES.map((s, i) => [s.id, ys[i]])));
    const data = /** @type {uPlot.AlignedData} */ ([xs, ...ys]);
    if (this.plot && this.xmax === P) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.xmax = P;
    this.plot = new uPlot(
      themed({
        width: this.width(),
        height: HEIGHT,
        scales: { x: { time: false, range: [0.8, P + 0.2] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        // The figure's caption is the key (line style and marker, not only colour).
        legend: { show: false },
        cursor: { show: false },
        axes: [
          { label: 'Threads n', incrs: [1, 2, 4, 8], values: (_u, ticks) => ticks.map((t) => String(t)) },
          { label: 'Million operations / s', size: 56 },
        ],
        series: [
          { label: 'n' },
          ...STRUCTURES.map((s, i) => ({
            label: s.label,
            stroke: s.colour,
            width: 2.5,
            dash: s.dash,
            points: { show: true, size: 9, width: 2, stroke: s.colour, fill: i % 2 ? s.colour : () => themeColours().surface },
          })),
        ],
      }),
      data,
      this.box,
    );
  }

  dispose() {
    this.resize.disconnect();
    this.plot?.destroy();
  }
}
