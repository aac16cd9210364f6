// Lab `stepper`: a thread's badge — its colour and its number, never colour
// alone. Colours are set through the CSSOM (`style.setProperty`), which a
// strict Content-Security-Policy (`style-src 'self'`) allows, never through a
// `style=` attribute, which it blocks.
import { colourOf } from '../../views/palette.js';
import { el } from '../../views/dom.js';

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function inkOn(/** @type {string} */ hex) {
  const n = parseInt(hex.slice(1), 16);
  const lin = (/** @type {number} */ c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(n >> 16) + 0.7152 * lin((n >> 8) & 0xff) + 0.0722 * lin(n & 0xff);
  // The higher contrast of the two (they tie at L ≈ 0.179; thread 3's #338888 needs black).
  return (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? '#000000' : '#ffffff';
}

/**
 * Gives `e` thread `t`'s colours as custom properties: `--tc` (the colour) and
 * `--tc-ink` (text that reads on it). The stylesheet decides where they apply.
 * @template {HTMLElement} E
 * @param {E} e
 * @param {number} t
 * @returns {E}
 */
export function paint(e, t) {
  const c = colourOf(t);
  e.style.setProperty('--tc', c);
  e.style.setProperty('--tc-ink', inkOn(c));
  return e;
}

/** A thread's badge: `T<n>` on its colour. */
export function badge(/** @type {number} */ t, /** @type {string} */ extra = '') {
  return paint(el('span', { class: `tbadge ${extra}`.trim(), 'data-thread': String(t), title: `thread ${t}` }, `T${t}`), t);
}
