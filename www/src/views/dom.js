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
