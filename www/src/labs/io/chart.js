// Lab `io`: total time against N or against c (uPlot), each way's measured
// points beside its model line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { themed } from '../../views/plot.js';
import { WAYS, WAY_COLOURS, WAY_NAMES, model } from './model.js';

/**
 * @typedef {{x: number, way: import('./model.js').Way, ms: number}} Point one measured total
 * @typedef {{n: number, latency: number, cpu: number, workers: number}} Setting the model's inputs
 */

export class TimeChart {
  /**
   * @param {HTMLElement} box where the plot goes
   * @param {HTMLElement} figure gets `data-measured` (JSON) for tests and curious readers
   */
  constructor(box, figure) {
    this.box = box;
    this.figure = figure;
    /** @type {Point[]} */
    this.points = [];
    /** @type {'n' | 'cpu'} */
    this.axis = 'n';
    /** @type {uPlot | null} */
    this.plot = null;
    this.cores = navigator.hardwareConcurrency || 2;
    new ResizeObserver(() => {
      const width = this.width();
      if (this.plot && Math.abs(width - this.plot.width) > 4) this.plot.setSize({ width, height: 300 });
    }).observe(box);
  }

  width() {
    return Math.max(260, Math.min(760, this.box.clientWidth || 640));
  }

  /**
   * Adds a run's totals (one point per way) and redraws.
   * @param {'n' | 'cpu'} axis
   * @param {Setting} s the run's setting (its x is `s[axis]`)
   * @param {Partial<Record<import('./model.js').Way, number>>} totals ms per way
   */
  add(axis, s, totals) {
    if (axis !== this.axis) this.points = [];
    this.axis = axis;
    const x = s[axis];
    this.points = this.points.filter((p) => !(p.x === x && p.way in totals));
    for (const way of WAYS) if (totals[way] !== undefined) this.points.push({ x, way, ms: /** @type {number} */ (totals[way]) });
    this.setting = s;
    this.draw();
  }

  draw() {
    const s = this.setting;
    if (!s) return;
    const axis = this.axis;
    const xmax = Math.max(axis === 'n' ? 8 : 10, ...this.points.map((p) => p.x));
    const step = axis === 'n' ? 1 : xmax / 40;
    /** @type {Set<number>} */
    const xs = new Set(this.points.map((p) => p.x));
    for (let x = axis === 'n' ? 1 : 0; x <= xmax + 1e-9; x += step) xs.add(Number(x.toFixed(3)));
    const X = [...xs].sort((a, b) => a - b);
    /** @type {(number | null)[][]} */
    const data = [X];
    for (const way of WAYS) data.push(X.map((x) => model(way, { ...s, [axis]: x }, this.cores)));
    for (const way of WAYS) data.push(X.map((x) => this.points.find((p) => p.x === x && p.way === way)?.ms ?? null));
    this.figure.dataset.measured = JSON.stringify(this.points);
    const dashes = { sequential: [], threads: [8, 4], loop: [2, 3], processes: [12, 3, 2, 3] };
    const shapes = { sequential: 10, threads: 9, loop: 8, processes: 11 };
    this.plot?.destroy();
    this.plot = new uPlot(
      themed({
        width: this.width(),
        height: 300,
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.08)] } },
        legend: { live: false },
        cursor: { show: false },
        axes: [
          { label: axis === 'n' ? 'Requests N' : 'CPU per response c (ms)' },
          { label: 'Total time (ms)', size: 60 },
        ],
        series: [
          { label: axis },
          ...WAYS.map((way) => ({
            label: `${WAY_NAMES[way]}: model`,
            stroke: WAY_COLOURS[way],
            width: 2,
            dash: dashes[way],
            points: { show: false },
          })),
          ...WAYS.map((way) => ({
            label: `${WAY_NAMES[way]}: measured`,
            stroke: WAY_COLOURS[way],
            width: 2,
            paths: () => null,
            points: { show: true, size: shapes[way], width: 2, stroke: WAY_COLOURS[way], fill: WAY_COLOURS[way] },
          })),
        ],
      }),
      /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (data)),
      this.box,
    );
  }
}
