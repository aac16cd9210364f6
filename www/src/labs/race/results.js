// Lab `race`: what the repetitions add up to — a histogram of lost updates per
// variant, the median time of each (the price of the lock), and every run.
import { el, fmt, fmtMs, swatch } from '../../views/dom.js';
import { stats } from '../../stats.js';
import { VARIANTS } from './variants.js';

/** @typedef {{lost: number, us: number}} Trial one variant in one repetition: updates lost, µs */

/**
 * A histogram as a table: one row per bin of lost updates, its bar and count.
 * Reads as a table to a screen reader and as a bar chart to the eye.
 * @param {number[]} values lost updates per run
 * @param {import('./variants.js').VariantLook} variant
 */
function histogram(values, variant) {
  // Runs that lost nothing get a bin of their own: "exact" is the answer to look for.
  const zero = values.filter((v) => v === 0).length;
  const lossy = values.filter((v) => v > 0);
  /** @type {{lo: number, hi: number, n: number}[]} */
  const bins = zero ? [{ lo: 0, hi: 0, n: zero }] : [];
  if (lossy.length) {
    const min = Math.min(...lossy);
    const max = Math.max(...lossy);
    const k = Math.min(zero ? 6 : 7, new Set(lossy).size);
    const width = Math.ceil((max - min + 1) / k);
    const first = bins.length;
    for (let i = 0; i < k; i++) bins.push({ lo: min + i * width, hi: Math.min(max, min + (i + 1) * width - 1), n: 0 });
    for (const v of lossy) bins[first + Math.min(k - 1, Math.floor((v - min) / width))].n++;
  }
  const most = Math.max(...bins.map((b) => b.n));
  const bar = (/** @type {number} */ n) => {
    const fill = el('span', { class: `race-hfill race-${variant.pattern}` });
    fill.style.width = `${(100 * n) / most}%`;
    fill.style.backgroundColor = variant.colour;
    return el('span', { class: 'race-hbar', 'aria-hidden': 'true' }, fill);
  };
  const table = el(
    'table',
    { class: 'race-hist', 'data-variant': variant.key },
    el('caption', {}, swatch(variant.colour, `race-${variant.pattern}`), ` ${variant.name}: lost updates in each of ${values.length} run${values.length === 1 ? '' : 's'}`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Lost updates'), el('th', { scope: 'col' }, 'Runs'))),
    el(
      'tbody',
      {},
      ...bins.map((b) =>
        el(
          'tr',
          { 'data-lo': String(b.lo), 'data-hi': String(b.hi), 'data-runs': String(b.n) },
          el('th', { scope: 'row' }, b.lo === b.hi ? fmt(b.lo) : `${fmt(b.lo)} – ${fmt(b.hi)}`),
          el('td', {}, bar(b.n), ` ${b.n}`),
        ),
      ),
    ),
  );
  table.dataset.zeroRuns = String(zero);
  table.dataset.maxLost = String(Math.max(...values));
  return table;
}

/**
 * Histograms, times and the every-run table for the runs so far.
 * @param {(sel: string) => HTMLElement} $ the panel's query
 * @param {Trial[][]} trials `[run][lane]`, lanes in VARIANTS order
 * @param {number} expected T × N
 */
export function showResults($, trials, expected) {
  $('#race-results').hidden = trials.length === 0;
  if (!trials.length) return;
  $('#race-hists').replaceChildren(...VARIANTS.map((v, i) => histogram(trials.map((row) => row[i].lost), v)));
  const medians = VARIANTS.map((_, i) => stats(trials.map((row) => row[i].us / 1000)));
  const base = medians[0].median;
  $('#race-times tbody').replaceChildren(
    ...VARIANTS.map((v, i) => {
      const s = medians[i];
      return el(
        'tr',
        { 'data-variant': v.key },
        el('th', { scope: 'row' }, swatch(v.colour, `race-${v.pattern}`), ` ${v.name}`),
        el('td', { 'data-value': String(s.median) }, fmtMs(s.median)),
        el('td', {}, `${fmtMs(s.min)} – ${fmtMs(s.max)}`),
        el('td', { 'data-value': String(s.median / base) }, i === 0 ? '1×' : `${(s.median / base).toFixed(1)}×`),
      );
    }),
  );
  const ratio = medians[1].median / base;
  $('#race-price').textContent =
    `The price of the lock: with the mutex the same increments took ${ratio.toFixed(1)}× as long as unsynchronised ` +
    `(median of ${trials.length} run${trials.length === 1 ? '' : 's'}); the atomic took ${(medians[2].median / base).toFixed(1)}×. ` +
    'Only the last two are correct.';
  $('#race-runs tbody').replaceChildren(
    ...trials.map((row, r) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, String(r + 1)),
        ...row.flatMap((t, i) => [
          el('td', { 'data-variant': VARIANTS[i].key, 'data-lost': String(t.lost) }, `${fmt(expected - t.lost)} (${fmt(t.lost)})`),
          el('td', {}, fmtMs(t.us / 1000)),
        ]),
      ),
    ),
  );
}

/** The "every run" table's head, one pair of columns per variant. */
export const EVERY_RUN_HEAD = `<tr><th scope="col">Run</th>${VARIANTS.map(
  (v) => `<th scope="col">${v.name}: counter (lost)</th><th scope="col">ms</th>`,
).join('')}</tr>`;
