// What the labs' uPlot charts share: Amdahl's law itself, and a plot that
// follows its box's width (a phone's column is narrow; a resize redraws it).

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
