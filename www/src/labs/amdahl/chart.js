// Lab `amdahl`: the chart (uPlot) — Amdahl's law, the law with this machine's
// cores, and the measured medians with min–max whiskers; the core count marked.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CORES } from './meta.js';
import { amdahl, axisColours, followWidth, themed } from '../../views/plot.js';

/** Theory is drawn at x = 1, 1 + 1/SUB, …: a smooth curve; measured points sit on whole n. */
const SUB = 4;
/**
 * Series colours: Okabe & Ito, told apart by line style and marker too; each
 * is at ≥ 3:1 on the light and the dark background. The core-count marker
 * and its label are text-like and take the theme's `muted` (views/plot.js).
 */
export const COLOURS = { theory: '#0072B2', cores: '#009E73', measured: '#D55E00' };
const HEIGHT = 340;

/** A value uPlot can plot, or a gap. */
const finite = (/** @type {number} */ v) => (Number.isFinite(v) ? v : null);

export class Chart {
  /**
   * @param {HTMLElement} box where the plot goes
   * @param {HTMLElement} figure gets the plotted values at whole n as data attributes
   * @param {import('./results.js').Results} results
   * @param {number} maxThreads
   */
  constructor(box, figure, results, maxThreads) {
    this.box = box;
    this.figure = figure;
    this.results = results;
    this.maxThreads = maxThreads;
    /** @type {uPlot | null} */
    this.plot = null;
    this.mode = '';
    this.fit = followWidth(box, () => this.plot, HEIGHT);
  }

  /** The plot's width: its box's, within 240…720 px (a phone's column is narrow). */
  width() {
    return this.fit.width();
  }

  data() {
    const { s, P } = this.results.shown;
    const xmax = Math.max(2, P, CORES <= this.maxThreads ? CORES : 0);
    /** @type {number[]} */
    const xs = [];
    for (let i = 0; i <= (xmax - 1) * SUB; i++) xs.push(1 + i / SUB);
    const theory = xs.map((n) => finite(amdahl(s / 100, n)));
    const cores = xs.map((n) => finite(amdahl(s / 100, Math.min(n, CORES))));
    const measured = xs.map((n) => (Number.isInteger(n) ? (this.results.speedupOf(n)?.median ?? null) : null));
    return { xmax, data: /** @type {uPlot.AlignedData} */ ([xs, theory, cores, measured]) };
  }

  /** Whiskers (slowest–fastest repeat) and the hardwareConcurrency marker, drawn over the series. @param {uPlot} u */
  overlay(u) {
    const c = u.ctx;
    const dpr = devicePixelRatio || 1;
    const { left, top, width, height } = u.bbox;
    c.save();
    if (CORES <= /** @type {number} */ (u.scales.x.max)) {
      const x = Math.round(u.valToPos(CORES, 'x', true));
      const marker = axisColours().muted;
      c.strokeStyle = marker;
      c.lineWidth = 2 * dpr;
      c.setLineDash([3 * dpr, 3 * dpr]);
      c.beginPath();
      c.moveTo(x, top);
      c.lineTo(x, top + height);
      c.stroke();
      c.setLineDash([]);
      c.fillStyle = marker;
      c.font = `${12 * dpr}px system-ui, sans-serif`;
      const label = `${CORES} cores`;
      const w = c.measureText(label).width;
      c.fillText(label, x + w + 6 * dpr > left + width ? x - w - 5 * dpr : x + 5 * dpr, top + 14 * dpr);
    }
    c.strokeStyle = COLOURS.measured;
    c.lineWidth = 2 * dpr;
    for (let n = 1; n <= this.results.shown.P; n++) {
      const sp = this.results.speedupOf(n);
      if (!sp || this.results.times.get(n)?.total.length === 1) continue;
      const x = u.valToPos(n, 'x', true);
      const y0 = u.valToPos(sp.min, 'y', true);
      const y1 = u.valToPos(sp.max, 'y', true);
      const cap = 5 * dpr;
      c.beginPath();
      c.moveTo(x, y0);
      c.lineTo(x, y1);
      c.moveTo(x - cap, y0);
      c.lineTo(x + cap, y0);
      c.moveTo(x - cap, y1);
      c.lineTo(x + cap, y1);
      c.stroke();
    }
    c.restore();
  }

  draw() {
    const { xmax, data } = this.data();
    const { shown } = this.results;
    let ymax = 2;
    for (const v of [...data[1], ...data[3]]) if (v != null && v > ymax) ymax = v;
    for (let n = 1; n <= shown.P; n++) ymax = Math.max(ymax, this.results.speedupOf(n)?.max ?? 0);
    ymax = Math.ceil(ymax * 1.1 * 2) / 2;
    // For the browser test and curious readers: what the chart plots at whole n.
    const at = (/** @type {ArrayLike<number | null | undefined>} */ ys) => Array.from(ys).filter((_, i) => i % SUB === 0).map((v) => (v == null ? null : Number(v.toFixed(2))));
    this.figure.dataset.theory = JSON.stringify(at(data[1]));
    this.figure.dataset.measured = JSON.stringify(at(data[3]));
    this.figure.dataset.xmax = String(xmax);
    const p = this.plot;
    if (p && this.mode === shown.mode && p.scales.x.max === xmax + 0.2 && p.scales.y.max === ymax) {
      p.setData(data, false);
      p.redraw();
      return;
    }
    p?.destroy();
    this.mode = shown.mode;
    this.plot = new uPlot(
      themed({
        width: this.width(),
        height: HEIGHT,
        scales: { x: { time: false, range: [0.8, xmax + 0.2] }, y: { range: [0, ymax] } },
        legend: { live: false, markers: { dash: (_u, i) => (i === 2 ? 'dashed' : 'solid') } },
        cursor: { show: false },
        axes: [
          { label: 'Threads n', incrs: [1, 2, 4, 8], values: (_u, ticks) => ticks.map((t) => String(t)) },
          { label: 'Speedup T(1) / T(n)', values: (_u, ticks) => ticks.map((t) => `${t}×`) },
        ],
        series: [
          { label: 'n' },
          { label: "Amdahl's law", stroke: COLOURS.theory, width: 3, points: { show: false } },
          { label: `Amdahl with ${CORES} cores`, stroke: COLOURS.cores, width: 3, dash: [10, 6], points: { show: false } },
          {
            label: `Measured on ${shown.mode === 'isolated' ? 'processes' : 'threads'} (median, min–max)`,
            stroke: COLOURS.measured,
            fill: undefined,
            width: 2,
            paths: () => null,
            points: { show: true, size: 11, width: 2, stroke: COLOURS.measured, fill: COLOURS.measured },
          },
        ],
        hooks: { draw: [(u) => this.overlay(u)] },
      }),
      data,
      this.box,
    );
  }

  dispose() {
    this.fit.dispose();
    this.plot?.destroy();
  }
}
