// Small DOM and formatting helpers shared by the panels.

/**
 * Creates an element with attributes and children (strings become text).
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {...(Node | string)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** 1234567 → "1,234,567" */
export const fmt = (/** @type {number} */ n) => n.toLocaleString('en-US');

/** Milliseconds with sensible precision. */
export const fmtMs = (/** @type {number} */ ms) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

/** Bytes as B / KB / MB (powers of 1000, as browsers' network panels show them). */
export function fmtBytes(/** @type {number} */ n) {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} KB`;
  return `${(n / 1e6).toFixed(2)} MB`;
}

const reduced = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
/** Whether the user asked for less motion. */
export const prefersReducedMotion = () => !!reduced?.matches;

/**
 * Least milliseconds between two redraws of a live view. While threads are
 * being *timed* the page draws at most 10 times a second: on a 2-core machine
 * every frame's style, layout and paint takes a slice of a core from the
 * threads under the clock — at 60 frames a second the Amdahl lab measured
 * 1.55× on 2 threads where 4 frames a second gave 1.85× (headless Chromium).
 * With reduced motion live views draw nothing until a run ends (views/live.js);
 * if the learner turns "Show live" on there, 4 frames a second.
 * @param {boolean} timed whether a measurement is running
 */
export const liveGapMs = (timed) => (prefersReducedMotion() ? 250 : timed ? 100 : 0);

/**
 * A colour swatch for writer/thread `colour`. Set through the CSSOM, not a
 * `style=` attribute: a strict Content-Security-Policy (`style-src 'self'`)
 * blocks style attributes in markup and `setAttribute('style', …)`, but not
 * `element.style.x = …`.
 * @param {string} colour
 * @param {string} [extraClass]
 */
export function swatch(colour, extraClass = '') {
  const s = el('span', { class: `swatch ${extraClass}`.trim(), 'aria-hidden': 'true' });
  s.style.backgroundColor = colour;
  return s;
}
