// Lab `map-reduce`: the reduce step drawn while it happens — the workers'
// partial histograms combined as a tree (⌈log₂ W⌉ rounds, a round's additions
// independent of each other) beside one combiner adding them one after
// another (W − 1 steps in a row). Both play on one clock, a step at a time:
// a tree round and one combiner's addition per step, so the tree is seen to
// finish first. Each node lights up when its addition is done; the additions
// are real (the histograms are added when the node lights), only paced so a
// person can watch. Under prefers-reduced-motion (without "Show live") there
// is no pacing: everything is drawn done at once.
import { drawsLive } from '../../views/live.js';
import { colourOf } from '../../views/palette.js';
import { treeReduce } from './reduce.js';

const NS = 'http://www.w3.org/2000/svg';
/** Milliseconds a step is shown before the next one. */
export const STEP_MS = 350;
const COL = 60;
const ROW = 58;
const NODE_W = 52;
const NODE_H = 34;

/** @typedef {number[]} Histogram 256 bins */
/**
 * @typedef {{x: number, y: number, from: number, to: number, kids: Node[], hist: Histogram | null, g: SVGGElement}} Node
 *   workers `from`..`to` (0-based) combined; `hist` once done
 */

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {...(Node | SVGElement | string)} kids
 */
function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const k of kids) e.append(/** @type {any} */ (k));
  return e;
}

const add = (/** @type {Histogram} */ a, /** @type {Histogram} */ b) => a.map((n, i) => n + b[i]);
const pixels = (/** @type {Histogram} */ h) => h.reduce((a, b) => a + b, 0);
/** "12.3k px": short enough for a node. @param {number} n */
const short = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
const range = (/** @type {Node} */ n) => (n.from === n.to ? `${n.from + 1}` : `${n.from + 1}–${n.to + 1}`);

/**
 * A node: a box with who it combines and, once done, its pixel count.
 * @param {SVGElement} into @param {Node} n @param {string} [colour] a worker's own part: its colour
 */
function drawNode(into, n, colour) {
  const box = svg('rect', { x: n.x - NODE_W / 2, y: n.y - NODE_H / 2, width: NODE_W, height: NODE_H, rx: 5 });
  const top = svg('text', { x: n.x, y: n.y - 3, 'text-anchor': 'middle' }, range(n));
  const bottom = svg('text', { x: n.x, y: n.y + 11, 'text-anchor': 'middle', class: 'px' }, '…');
  n.g = /** @type {SVGGElement} */ (svg('g', { class: 'node', 'data-done': '0' }, box, top, bottom));
  if (colour) n.g.append(svg('rect', { x: n.x - NODE_W / 2, y: n.y + NODE_H / 2 - 4, width: NODE_W, height: 4, fill: colour }));
  into.append(n.g);
}

/** Marks `n` done with histogram `h`. @param {Node} n @param {Histogram} h */
function light(n, h) {
  n.hist = h;
  n.g.dataset.done = '1';
  n.g.classList.add('done');
  /** @type {SVGTextElement} */ (n.g.querySelector('.px')).textContent = `✓ ${short(pixels(h))}`;
  n.g.closest('svg')?.querySelectorAll(`[data-to="${n.g.dataset.id}"]`).forEach((e) => e.classList.add('done'));
}

/**
 * Draws the tree (leaves at the bottom) and the one combiner's chain, all
 * unlit but the workers' own parts, and returns their nodes.
 * @param {SVGSVGElement} treeSvg @param {SVGSVGElement} chainSvg @param {Histogram[]} parts
 */
function layout(treeSvg, chainSvg, parts) {
  const W = parts.length;
  /** @type {Node[][]} */
  const levels = [parts.map((_, i) => ({ x: COL / 2 + i * COL, y: 0, from: i, to: i, kids: [], hist: null, g: /** @type {any} */ (null) }))];
  // The pairing is reduce.js's (treeReduce): the same tree the text rows list.
  for (const pairs of treeReduce(parts).rounds) {
    const below = levels[levels.length - 1];
    levels.push(
      pairs.map(([a, b]) => {
        const kids = b === null ? [below[a]] : [below[a], below[b]];
        return { x: kids.reduce((t, k) => t + k.x, 0) / kids.length, y: 0, from: kids[0].from, to: kids[kids.length - 1].to, kids, hist: null, g: /** @type {any} */ (null) };
      }),
    );
  }
  const rounds = levels.length - 1;
  const width = Math.max(1, W) * COL;
  const height = (rounds + 1) * ROW;
  levels.forEach((lv, k) => lv.forEach((n) => (n.y = height - ROW / 2 - k * ROW)));
  treeSvg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  treeSvg.setAttribute('width', String(width));
  treeSvg.replaceChildren();
  let id = 0;
  const edges = svg('g', { class: 'edges' });
  const nodes = svg('g', {});
  treeSvg.append(edges, nodes);
  levels.forEach((lv, k) =>
    lv.forEach((n, i) => {
      drawNode(nodes, n, k === 0 ? colourOf(i) : undefined);
      n.g.dataset.id = String(id++);
      // A lone child (an odd one out) passes up unchanged: a dashed edge.
      for (const kid of n.kids) edges.append(svg('line', { x1: kid.x, y1: kid.y - NODE_H / 2, x2: n.x, y2: n.y + NODE_H / 2, 'data-to': n.g.dataset.id, class: n.kids.length === 1 ? 'pass' : '' }));
    }),
  );
  // One combiner: its running total after adding part 2, 3, … W, left to right.
  const steps = Math.max(0, W - 1);
  const cw = Math.max(1, steps) * COL;
  chainSvg.setAttribute('viewBox', `0 0 ${cw} ${ROW}`);
  chainSvg.setAttribute('width', String(cw));
  chainSvg.replaceChildren();
  const cEdges = svg('g', { class: 'edges' });
  const cNodes = svg('g', {});
  chainSvg.append(cEdges, cNodes);
  /** @type {Node[]} */
  const chain = [];
  for (let s = 0; s < steps; s++) {
    /** @type {Node} */
    const n = { x: COL / 2 + s * COL, y: ROW / 2, from: 0, to: s + 1, kids: [], hist: null, g: /** @type {any} */ (null) };
    drawNode(cNodes, n);
    n.g.dataset.id = `c${s}`;
    if (s > 0) cEdges.append(svg('line', { x1: n.x - COL + NODE_W / 2, y1: n.y, x2: n.x - NODE_W / 2, y2: n.y, 'data-to': n.g.dataset.id }));
    chain.push(n);
  }
  levels[0].forEach((n, i) => light(n, parts[i]));
  return { levels, chain, rounds };
}

/**
 * Plays the reduction of `parts`: step s does tree round s and the one
 * combiner's s-th addition. Resolves with both totals, or null if stopped.
 * @param {HTMLElement} figure holds both SVGs; gets `data-tree-done` and `data-chain-done` (0/1) and `data-step`
 * @param {Histogram[]} parts
 * @param {() => boolean} stopRequested
 * @returns {Promise<{tree: Histogram, chain: Histogram, rounds: number, steps: number} | null>}
 */
export async function playReduction(figure, parts, stopRequested) {
  const treeSvg = /** @type {SVGSVGElement} */ (figure.querySelector('svg[data-tree-svg]'));
  const chainSvg = /** @type {SVGSVGElement} */ (figure.querySelector('svg[data-chain-svg]'));
  const { levels, chain, rounds } = layout(treeSvg, chainSvg, parts);
  const steps = chain.length;
  const zero = new Array(256).fill(0);
  const mark = (/** @type {number} */ s) => {
    figure.dataset.step = String(s);
    figure.dataset.treeDone = s >= rounds ? '1' : '0';
    figure.dataset.chainDone = s >= steps ? '1' : '0';
  };
  mark(0);
  const live = drawsLive();
  for (let s = 1; s <= Math.max(rounds, steps); s++) {
    if (live) await new Promise((r) => setTimeout(r, STEP_MS));
    if (stopRequested()) return null;
    // Tree round s: every pair of round s − 1 at once (here one after another: each is 256 additions).
    if (s <= rounds) for (const n of levels[s]) light(n, n.kids.length === 1 ? /** @type {Histogram} */ (n.kids[0].hist) : add(/** @type {Histogram} */ (n.kids[0].hist), /** @type {Histogram} */ (n.kids[1].hist)));
    // One combiner's s-th addition: its total so far plus part s + 1.
    if (s <= steps) light(chain[s - 1], add(s === 1 ? parts[0] : /** @type {Histogram} */ (chain[s - 2].hist), parts[s]));
    mark(s);
  }
  const tree = /** @type {Histogram} */ (levels[rounds][0]?.hist ?? zero);
  const one = steps ? /** @type {Histogram} */ (chain[steps - 1].hist) : (parts[0] ?? zero);
  return { tree, chain: one, rounds, steps };
}
