// What the labs' uPlot charts share: Amdahl's law itself, and a plot that
// follows its box's width (a phone's column is narrow; a resize redraws it)
// and the page's colour scheme (axes in the theme's text colours, redrawn when
// the learner's system switches between light and dark).
import { onSchemeChange, themeColours } from './palette.js';

/** Amdahl's law: speedup of n workers when a fraction s (0…1) of the work is serial. */
export const amdahl = (/** @type {number} */ s, /** @type {number} */ n) => 1 / (s + (1 - s) / n);

/**
 * Keeps a plot as wide as `box` (within `min`…`max` px): returns the width to
 * create it with, and resizes whatever `plot()` holds when the box changes.
 * @param {HTMLElement} box
 * @param {() => import('uplot') | null} plot the current plot, if any
 * @param {number} height
 * @param {{min?: number, max?: number}} [bounds]
 * @returns {{width: () => number, dispose: () => void}}
 */
export function followWidth(box, plot, height, { min = 240, max = 720 } = {}) {
  const width = () => Math.max(min, Math.min(max, box.clientWidth || 640));
  const watch = new ResizeObserver(() => {
    const p = plot();
    const w = width();
    if (p && Math.abs(w - p.width) > 4) p.setSize({ width: w, height });
  });
  watch.observe(box);
  return { width, dispose: () => watch.disconnect() };
}

/**
 * The colours a chart's axes draw with, in the page's theme now: tick labels
 * and axis titles in `ink` (≥ 4.5:1 on every background a chart sits on,
 * tests/palette.test.mjs), ticks in `muted` (≥ 3:1), gridlines in `rule`
 * (decoration). uPlot draws axes on its canvas, so these are values, not CSS.
 */
export function axisColours() {
  const t = themeColours();
  return { ink: t.ink, muted: t.muted, grid: t.rule };
}

/**
 * uPlot options whose axes follow the page's colour scheme: every axis gets
 * its label, tick and grid colours from `axisColours()` (as functions, so uPlot
 * reads them at each draw), and the plot redraws itself — legend markers too —
 * when `prefers-color-scheme` changes. Wrap every chart's options in this.
 * A series colour that depends on the theme can be a function as well.
 * @param {import('uplot').Options} opts
 * @returns {import('uplot').Options}
 */
export function themed(opts) {
  const c = axisColours;
  const axes = (opts.axes ?? [{}, {}]).map((a) => ({
    ...a,
    stroke: () => c().ink,
    grid: { width: 1, ...a.grid, stroke: () => c().grid },
    ticks: { width: 1, ...a.ticks, stroke: () => c().muted },
  }));
  /** @type {WeakMap<import('uplot'), () => void>} */
  const stops = new WeakMap();
  const hooks = opts.hooks ?? {};
  return {
    ...opts,
    axes,
    hooks: {
      ...hooks,
      init: [
        ...(hooks.init ?? []),
        (u) => {
          stops.set(
            u,
            onSchemeChange(() => {
              recolourLegend(u);
              u.redraw(false);
            }),
          );
        },
      ],
      destroy: [...(hooks.destroy ?? []), (u) => stops.get(u)?.()],
    },
  };
}

/** uPlot paints legend markers once, at creation: repaint them from the series' current colours. @param {import('uplot')} u */
function recolourLegend(u) {
  const m = u.legend.markers;
  const rows = u.root.querySelectorAll('.u-legend .u-series');
  // A legend that is not live has no row for the x series: row 0 is series 1.
  const skip = u.series.length - rows.length;
  u.series.forEach((_s, i) => {
    const marker = /** @type {HTMLElement | null} */ (rows[i - skip]?.querySelector('.u-marker'));
    if (!i || !marker || !m) return;
    if (typeof m.stroke === 'function') marker.style.borderColor = m.stroke(u, i);
    if (typeof m.fill === 'function') marker.style.background = m.fill(u, i);
  });
}
