// Lab `map-reduce`: the numbers of a run as tables — each way's time, speedup
// and copying, per worker compute vs copy — and the reduction drawn as a tree.
import { el, fmt, fmtBytes, fmtMs, swatch } from '../../views/dom.js';
import { colourOf } from '../../views/palette.js';
import { fmtSpeedup, speedupOf } from '../../views/speedup.js';
import { floatSums, linearReduce, treeReduce } from './reduce.js';

/**
 * @typedef {import('./ways.js').WayReport} WayReport
 * @typedef {import('./ways.js').Baseline} Baseline
 */

const WAY_NAMES = /** @type {Record<string, string>} */ ({ threads: 'Threads', interpreters: 'Interpreters', processes: 'Processes' });

/** @param {number[]} a @param {number[]} b */
const sameHist = (a, b) => a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * Fills one way's readout: total, speedup, copying, identical pixels, and a row per worker.
 * @param {HTMLElement} box the way's section
 * @param {WayReport} r
 * @param {Baseline} base
 * @param {number} differing bytes that differ from the baseline's result
 */
export function showWay(box, r, base, differing) {
  const q = (/** @type {string} */ s) => /** @type {HTMLElement} */ (box.querySelector(s));
  const speedup = speedupOf(base.ms, r.totalMs);
  const copy = r.workers.reduce((s, w) => s + w.copyMs, 0);
  const busy = r.workers.reduce((s, w) => s + w.computeMs + w.copyMs, 0);
  const total = linearReduce(r.hists);
  set(q('[data-total]'), `${fmtMs(r.totalMs)} ms`, r.totalMs);
  set(q('[data-speedup]'), fmtSpeedup(speedup), speedup ?? '');
  set(q('[data-copy-share]'), busy ? `${Math.round((100 * copy) / busy)} %` : '–', busy ? copy / busy : 0);
  set(q('[data-bytes]'), fmtBytes(r.bytesCopied), r.bytesCopied);
  set(q('[data-transferred]'), fmtBytes(r.bytesTransferred), r.bytesTransferred);
  set(q('[data-identical]'), differing === 0 ? 'yes, every byte' : `no: ${fmt(differing)} bytes differ`, differing === 0 ? 1 : 0);
  set(q('[data-hist-same]'), sameHist(total, base.hist) ? 'yes' : 'no', sameHist(total, base.hist) ? 1 : 0);
  const each = r.workers.map((w) => w.computeMs + w.copyMs);
  const mean = each.reduce((a, b) => a + b, 0) / (each.length || 1);
  const spread = mean ? Math.max(...each) / mean : 1;
  set(q('[data-balance]'), `busiest worker ${spread.toFixed(2)}× the mean`, spread);
  q('[data-load]').textContent = r.loadMs ? `image put in shared memory once: ${fmtMs(r.loadMs)} ms (before the clock)` : '';
  q('tbody').replaceChildren(
    ...r.workers.map((w, i) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, swatch(colourOf(i)), ` ${i + 1}`),
        el('td', {}, fmt(w.tiles)),
        el('td', {}, fmtMs(w.computeMs)),
        el('td', {}, fmtMs(w.copyMs)),
      ),
    ),
  );
}

/** @param {HTMLElement} node @param {string} text @param {number | ''} value ('' when nothing was measured) */
function set(node, text, value) {
  node.textContent = text;
  node.dataset.value = String(value);
}

/**
 * The reduction: the workers' partial histograms combined as a tree, round by
 * round, and by one combiner; and a float sum in three orders.
 * @param {HTMLElement} box `#reduction`
 * @param {WayReport} r the way whose partial histograms are reduced
 * @param {Baseline} base
 */
export function showReduction(box, r, base) {
  const parts = r.hists;
  const { total, rounds } = treeReduce(parts);
  const pixels = (/** @type {number[]} */ h) => h.reduce((a, b) => a + b, 0);
  const q = (/** @type {string} */ s) => /** @type {HTMLElement} */ (box.querySelector(s));
  box.hidden = false;
  q('[data-reduced-way]').textContent = WAY_NAMES[r.way];
  // Round 0: the workers' own histograms; then each round's sums.
  /** @type {number[][]} */
  let level = parts;
  const rows = [
    el(
      'li',
      {},
      el('span', { class: 'round-name' }, 'Workers'),
      ...parts.map((h, i) => el('span', { class: 'node' }, swatch(colourOf(i)), ` ${i + 1}: ${fmt(pixels(h))} px`)),
    ),
  ];
  rounds.forEach((pairs, k) => {
    const next = pairs.map(([a, b]) => (b === null ? level[a] : level[a].map((n, v) => n + level[b][v])));
    rows.push(
      el(
        'li',
        { 'data-round': String(k + 1) },
        el('span', { class: 'round-name' }, `Round ${k + 1}`),
        ...pairs.map(([a, b], i) =>
          el('span', { class: 'node' }, b === null ? `${a + 1} waits: ${fmt(pixels(next[i]))} px` : `${a + 1} + ${b + 1} = ${fmt(pixels(next[i]))} px`),
        ),
      ),
    );
    level = next;
  });
  q('[data-tree]').replaceChildren(...rows);
  set(q('[data-rounds]'), `${rounds.length} round${rounds.length === 1 ? '' : 's'} (log₂ ${parts.length} rounded up)`, rounds.length);
  set(q('[data-single-steps]'), `${Math.max(0, parts.length - 1)} addition${parts.length === 2 ? '' : 's'} in a row`, Math.max(0, parts.length - 1));
  set(q('[data-agree]'), 'once both have finished…', -1);
  drawHistogram(/** @type {HTMLCanvasElement} */ (q('canvas')), total);
  const sums = floatSums(base.means);
  q('[data-float] tbody').replaceChildren(
    ...sums.map((s) => el('tr', {}, el('th', { scope: 'row' }, s.order), el('td', {}, s.sum.toPrecision(9)), el('td', {}, el('code', {}, s.bits)))),
  );
  const distinct = new Set(sums.map((s) => s.bits)).size;
  set(
    q('[data-float-verdict]'),
    distinct > 1
      ? `${distinct} different results from the same ${fmt(base.means.length)} numbers: float addition is not associative.`
      : `All three orders agree this time (${fmt(base.means.length)} numbers); try more tiles (a smaller tile side) to see the last bits differ.`,
    distinct,
  );
}

/**
 * Whether the tree and the one combiner, as played (tree.js), reached the same
 * histogram — and the one the whole image has.
 * @param {HTMLElement} box `#reduction` @param {number[]} tree @param {number[]} chain @param {Baseline} base
 */
export function showAgreement(box, tree, chain, base) {
  const agree = sameHist(tree, chain) && sameHist(tree, base.hist);
  set(/** @type {HTMLElement} */ (box.querySelector('[data-agree]')), agree ? 'the same 256 bins, to the pixel' : 'they differ', agree ? 1 : 0);
}

/** @param {HTMLCanvasElement} canvas @param {number[]} hist */
function drawHistogram(canvas, hist) {
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const ink = getComputedStyle(canvas).color || '#333';
  canvas.width = 512;
  canvas.height = 120;
  g.clearRect(0, 0, 512, 120);
  const top = Math.max(1, ...hist);
  g.fillStyle = ink;
  hist.forEach((n, v) => {
    const h = Math.max(n ? 1 : 0, Math.round((116 * n) / top));
    g.fillRect(v * 2, 120 - h, 2, h);
  });
}
