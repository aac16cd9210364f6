// Lab `map-reduce`: Amdahl's law for each way, from what its run measured.
//
// A run on W workers took T_W; its workers were busy (computing and copying)
// for busy_1 … busy_W. The work that spread over the workers is P = Σ busy;
// what did not is the serial part σ = T_W − P / W: the wall time beyond a
// perfectly shared P — the page cutting and pasting tiles, starting workers,
// handing out jobs, waiting for the slowest. Amdahl's law then predicts
// T(n) = σ + P / n, a speedup over the one-worker baseline T_1 of
//   S(n) = T_1 / (σ + P / n) = T_1 / (σ + P) · amdahl(s, n),  s = σ / (σ + P).
// The curve goes through the measured point by construction; what it shows
// is where it flattens (T_1 / σ) and what the way costs at n = 1 (T_1 / (σ + P),
// under 1 when tiling or copying adds work). Points measured at other W (the
// "sweep" setting) test the prediction.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { amdahl, axisColours, followWidth, themed } from '../../views/plot.js';
import { measurable } from '../../views/speedup.js';

/** Per way: its name, colour (Okabe & Ito) and dash, so the curves differ by more than colour. */
export const STYLE = /** @type {Record<string, {name: string, colour: string, dash: number[], border: string, marker: string}>} */ ({
  threads: { name: 'Threads', colour: '#0072B2', dash: [], border: 'solid', marker: '●' },
  interpreters: { name: 'Interpreters', colour: '#009E73', dash: [10, 5], border: 'dashed', marker: '▲' },
  processes: { name: 'Processes', colour: '#D55E00', dash: [3, 4], border: 'dotted', marker: '■' },
});
const HEIGHT = 300;
/** Curves are drawn at n = 1, 1 + 1/SUB, …; measured points sit on whole n. */
const SUB = 4;

/**
 * @typedef {{baseMs: number, serialMs: number, workMs: number, s: number, predict: (n: number) => number}} Fit
 */

/**
 * Amdahl's law fitted to one way's run.
 * @param {import('./ways.js').WayReport} r
 * @param {number} baseMs the one-worker baseline T_1
 * @returns {Fit}
 */
export function amdahlOf(r, baseMs) {
  const W = Math.max(1, r.workers.length);
  const workMs = r.workers.reduce((a, w) => a + w.computeMs + w.copyMs, 0);
  // Clamped at 0: with more workers than cores each one's busy time includes
  // its turns off the core, and P / W can exceed the wall time.
  const serialMs = Math.max(0, r.totalMs - workMs / W);
  const s = serialMs + workMs > 0 ? serialMs / (serialMs + workMs) : 0;
  const scale = serialMs + workMs > 0 ? baseMs / (serialMs + workMs) : 0;
  return { baseMs, serialMs, workMs, s, predict: (n) => scale * amdahl(s, n) };
}

/**
 * A uPlot symbol for a marker shape (uPlot draws round points; the others are drawn over them).
 * @param {CanvasRenderingContext2D} c @param {string} marker @param {number} x @param {number} y @param {number} r
 */
function drawMarker(c, marker, x, y, r) {
  c.beginPath();
  if (marker === '■') c.rect(x - r, y - r, 2 * r, 2 * r);
  else if (marker === '▲') {
    c.moveTo(x, y - r * 1.2);
    c.lineTo(x + r * 1.1, y + r * 0.8);
    c.lineTo(x - r * 1.1, y + r * 0.8);
    c.closePath();
  } else c.arc(x, y, r, 0, 2 * Math.PI);
  c.fill();
}

export class AmdahlChart {
  /**
   * @param {HTMLElement} box where the plot goes
   * @param {HTMLElement} figure gets what is plotted as `data-series` (JSON), for tests and curious readers
   */
  constructor(box, figure) {
    this.box = box;
    this.figure = figure;
    /** @type {uPlot | null} */
    this.plot = null;
    this.fit = followWidth(box, () => this.plot, HEIGHT);
  }

  /**
   * Draws each way's predicted curve and its measured points.
   * @param {Record<string, {fit: Fit, points: Array<[number, number]>}>} ways measured points: [W, speedup]
   * @param {number} cores navigator.hardwareConcurrency (marked on the chart)
   */
  draw(ways, cores) {
    const ids = Object.keys(ways);
    const most = Math.max(2, cores, ...ids.flatMap((w) => ways[w].points.map(([n]) => n)));
    const xmax = Math.min(32, Math.max(4, most * 2));
    /** @type {number[]} */
    const xs = [];
    for (let i = 0; i <= (xmax - 1) * SUB; i++) xs.push(1 + i / SUB);
    // No curve from a baseline too short to time: its scale T_1 would be the clock's rounding.
    const curves = ids.map((w) => xs.map((n) => (measurable(ways[w].fit.baseMs) ? ways[w].fit.predict(n) : null)));
    let ymax = 1;
    for (const c of curves) for (const v of c) if (v != null && Number.isFinite(v)) ymax = Math.max(ymax, v);
    for (const w of ids) for (const [, sp] of ways[w].points) ymax = Math.max(ymax, sp);
    ymax = Math.ceil(ymax * 1.15 * 2) / 2;
    this.figure.dataset.series = JSON.stringify(
      Object.fromEntries(
        ids.map((w) => [
          w,
          {
            serial: Number(ways[w].fit.s.toPrecision(6)),
            predicted: Array.from({ length: xmax }, (_, i) => Number(ways[w].fit.predict(i + 1).toPrecision(6))),
            measured: ways[w].points,
          },
        ]),
      ),
    );
    this.plot?.destroy();
    this.plot = new uPlot(
      themed({
        width: this.fit.width(),
        height: HEIGHT,
        scales: { x: { time: false, range: [0.8, xmax + 0.2] }, y: { range: [0, ymax] } },
        legend: { live: false, markers: { dash: (_u, i) => (i ? STYLE[ids[i - 1]].border : 'solid') } },
        cursor: { show: false },
        axes: [
          { label: 'Workers W', incrs: [1, 2, 4, 8], values: (_u, ticks) => ticks.map((t) => String(t)) },
          { label: 'Speedup over one worker', size: 56, values: (_u, ticks) => ticks.map((t) => `${t}×`) },
        ],
        series: [
          { label: 'W' },
          ...ids.map((w) => ({
            label: `${STYLE[w].name}: Amdahl, ${(100 * ways[w].fit.s).toFixed(0)} % serial`,
            stroke: STYLE[w].colour,
            width: 2.5,
            dash: STYLE[w].dash,
            points: { show: false },
          })),
        ],
        hooks: {
          draw: [
            (u) => {
              const c = u.ctx;
              const dpr = devicePixelRatio || 1;
              const { top, height, left, width } = u.bbox;
              c.save();
              // This machine's cores: beyond them, workers take turns.
              if (cores <= xmax) {
                const ink = axisColours().muted;
                const x = Math.round(u.valToPos(cores, 'x', true));
                c.strokeStyle = ink;
                c.lineWidth = dpr;
                c.setLineDash([3 * dpr, 3 * dpr]);
                c.beginPath();
                c.moveTo(x, top);
                c.lineTo(x, top + height);
                c.stroke();
                c.setLineDash([]);
                c.fillStyle = ink;
                c.font = `${12 * dpr}px system-ui, sans-serif`;
                const label = `${cores} cores`;
                const tw = c.measureText(label).width;
                c.fillText(label, x + tw + 6 * dpr > left + width ? x - tw - 5 * dpr : x + 5 * dpr, top + 14 * dpr);
              }
              // The measured points, each way in its own shape.
              for (const w of ids) {
                c.fillStyle = STYLE[w].colour;
                for (const [n, sp] of ways[w].points) drawMarker(c, STYLE[w].marker, u.valToPos(n, 'x', true), u.valToPos(sp, 'y', true), 5.5 * dpr);
              }
              c.restore();
            },
          ],
        },
      }),
      /** @type {uPlot.AlignedData} */ ([xs, ...curves]),
      this.box,
    );
  }

  dispose() {
    this.fit.dispose();
    this.plot?.destroy();
  }
}
