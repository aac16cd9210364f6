// Lab `deadlock`: the table and its wait-for graph, drawn as SVG from a
// snapshot of the mirror. Labels stay at least 12 CSS pixels tall at any
// width: the text is sized in the drawing's units divided by its scale, and on
// a narrow screen the drawing zooms in on the ring and leaves the state words
// to the table beside it (they would not fit around the ring at a readable size).
import { colourOf } from '../../views/palette.js';
import { cycleEdges } from './graph.js';

/**
 * A snapshot of the mirror, with each philosopher's state by name
 * (`thinking`, `waitingFork`, …: the kernel's state codes turned into names by live.js).
 * @typedef {{n: number, holder: ArrayLike<number>, waiting: ArrayLike<number>, state: string[],
 *   meals: number[], retries: number[], seated: number}} Snap
 * @typedef {{compact: boolean, u: number}} Look `u`: drawing units per CSS pixel (≥ 1)
 */

/** The drawing's square: centre, ring radius, the full view's box. */
const SIZE = 520;
const C = SIZE / 2;
const R = 160;
/** The full view has room left and right for the state words beside the ring. */
const FULL = { x: -50, y: 0, w: SIZE + 100, h: SIZE };
/** The compact view: the ring and its nodes only. */
const M = R + 30;
const COMPACT = { x: C - M, y: C - M, w: 2 * M, h: 2 * M };
/** Below this width (CSS px) the state words cannot sit beside the ring at 12 px. */
const COMPACT_BELOW = 560;

/**
 * How to draw at `width` CSS pixels: compact or full, and the units per pixel
 * that keep a 12-unit font at least 12 px.
 * @param {number} width
 * @returns {Look}
 */
export function lookFor(width) {
  const compact = width > 0 && width < COMPACT_BELOW;
  const box = compact ? COMPACT : FULL;
  return { compact, u: width > 0 ? Math.max(1, box.w / width) : 1 };
}

/** Words for a philosopher's state. */
export function stateText(/** @type {string} */ s, /** @type {number} */ waitingFork, /** @type {number[]} */ holds) {
  switch (s) {
    case 'thinking': return 'thinking';
    case 'waitingFork': return `waiting for F${waitingFork}`;
    case 'eating': return 'eating';
    case 'done': return 'done';
    case 'pausing': return `holds F${holds[0] ?? '?'}, pausing`;
    case 'waitingSeat': return 'waiting for a seat';
    case 'backingOff': return 'put fork back, backing off';
    default: return '–';
  }
}

/** The ring of the table: fork f, philosopher f, fork f+1, … (2n positions). */
function ringPos(/** @type {number} */ k, /** @type {number} */ n, /** @type {number} */ r, /** @type {number} */ c) {
  const a = -Math.PI / 2 + (k * Math.PI) / n - Math.PI / (2 * n);
  return [c + r * Math.cos(a), c + r * Math.sin(a)];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text]
 */
function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Draws the wait-for graph into `root` (an <svg>): philosophers (circles) and
 * forks (squares) around the table; "holds" edges fork → philosopher (solid),
 * "waits for" edges philosopher → fork (dashed); the cycle, if given, thick,
 * double-dashed, marked `data-cycle` and labelled in words.
 * @param {SVGSVGElement} root
 * @param {Snap & {cycle: number[] | null}} s
 * @param {Look} look
 */
export function drawGraph(root, s, look) {
  const { n, holder, waiting, state, cycle } = s;
  const box = look.compact ? COMPACT : FULL;
  root.setAttribute('viewBox', `${box.x} ${box.y} ${box.w} ${box.h}`);
  root.dataset.compact = String(look.compact);
  // Text sizes in CSS are `calc(12px * var(--u))`: 12 drawing units per 12 CSS px at scale 1.
  root.style.setProperty('--u', String(Math.ceil(look.u * 1000) / 1000));
  const grow = Math.max(1, 0.85 * look.u);
  const pr = 21 * grow;
  const fr = 13 * grow;
  const onCycle = new Set(cycle ? cycleEdges(cycle, waiting).map((e) => `${e.from}>${e.to}`) : []);
  const pos = (/** @type {string} */ name) => {
    const i = Number(name.slice(1));
    return ringPos(name[0] === 'F' ? 2 * i : 2 * i + 1, n, R, C);
  };
  const radius = (/** @type {string} */ name) => (name[0] === 'P' ? pr : fr);
  const defs = svg('defs', {});
  /** @type {SVGElement[]} */
  const kids = [defs, svg('circle', { cx: C, cy: C, r: R - 50, class: 'dl-table-top' })];
  for (const [id, cls] of [['dl-arrow', 'dl-arrowhead'], ['dl-arrow-cycle', 'dl-arrowhead cycle']]) {
    const m = svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 11, markerHeight: 11, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    m.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
    defs.append(m);
  }
  /** @type {{from: string, to: string, kind: string}[]} */
  const edges = [];
  for (let f = 0; f < n; f++) if (holder[f] > 0 && holder[f] <= n) edges.push({ from: `F${f}`, to: `P${holder[f] - 1}`, kind: 'holds' });
  for (let p = 0; p < n; p++) if (waiting[p] > 0 && waiting[p] <= n) edges.push({ from: `P${p}`, to: `F${waiting[p] - 1}`, kind: 'waits' });
  const label = (/** @type {string} */ name) => `${name[0]}${Number(name.slice(1)) + 1}`;
  for (const e of edges) {
    const [x1, y1] = pos(e.from);
    const [x2, y2] = pos(e.to);
    const len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
    const a = radius(e.from) + 2;
    const b = radius(e.to) + 3;
    // Bow each edge outwards a little, so "holds" and "waits for" between the
    // same pair never overlap.
    const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
    const out = Math.hypot(mx - C, my - C) || 1;
    const bow = e.kind === 'waits' ? 16 : -16;
    const [qx, qy] = [mx + ((mx - C) / out) * bow, my + ((my - C) / out) * bow];
    const cyc = onCycle.has(`${e.from}>${e.to}`);
    const path = svg('path', {
      d: `M${x1 + ux * a},${y1 + uy * a} Q${qx},${qy} ${x2 - ux * b},${y2 - uy * b}`,
      class: `dl-edge ${e.kind}${cyc ? ' cycle' : ''}`,
      'data-edge': e.kind,
      'data-from': e.from,
      'data-to': e.to,
      'data-cycle': String(cyc),
      'marker-end': `url(#${cyc ? 'dl-arrow-cycle' : 'dl-arrow'})`,
    });
    path.append(svg('title', {}, `${label(e.from)} ${e.kind === 'holds' ? 'is held by' : 'waits for'} ${label(e.to)}${cyc ? ' (on the deadlock cycle)' : ''}`));
    kids.push(path);
  }
  for (let f = 0; f < n; f++) {
    const [x, y] = pos(`F${f}`);
    const g = svg('g', { class: `dl-fork${holder[f] ? ' held' : ''}`, 'data-node': `F${f}`, 'data-holder': holder[f] });
    g.append(
      svg('rect', { x: x - fr, y: y - fr, width: 2 * fr, height: 2 * fr, rx: 4 }),
      svg('text', { x, y, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, `F${f + 1}`),
    );
    kids.push(g);
  }
  for (let p = 0; p < n; p++) {
    const [x, y] = pos(`P${p}`);
    const g = svg('g', { class: 'dl-phil', 'data-node': `P${p}`, 'data-state': state[p] ?? '' });
    g.append(
      svg('circle', { cx: x, cy: y, r: pr, fill: colourOf(p), class: cycle?.includes(p) ? 'on-cycle' : '' }),
      svg('text', { x, y, 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'dl-name' }, `P${p + 1}`),
    );
    if (!look.compact && state[p] && state[p] !== 'idle') {
      // The state in words just outside the ring: beside the circle on the left
      // and right sides (anchored away from it), below or above it elsewhere.
      const [ox, oy] = ringPos(2 * p + 1, n, 1, 0);
      const side = Math.abs(ox) > 0.45;
      const [lx, ly] = ringPos(2 * p + 1, n, side ? R + 27 : R + 38, C);
      const holds = [];
      for (let f = 0; f < n; f++) if (holder[f] === p + 1) holds.push(f + 1);
      const anchor = !side ? 'middle' : ox > 0 ? 'start' : 'end';
      g.append(svg('text', { x: lx, y: ly + 4 + (side ? 0 : oy > 0 ? 2 : 0), 'text-anchor': anchor, class: 'dl-state' }, stateText(state[p], waiting[p], holds)));
    }
    kids.push(g);
  }
  if (cycle) {
    // "P1 → P2 → … → P1", a few to a line so that it fits the table top.
    const names = [...cycle, cycle[0]].map((p) => `P${p + 1}`);
    const per = look.compact ? 3 : 5;
    const lines = [];
    for (let i = 0; i < names.length; i += per) lines.push(names.slice(i, i + per).join(' → ') + (i + per < names.length ? ' →' : ''));
    const step = 15 * look.u;
    const top = C - (step * lines.length) / 2;
    kids.push(svg('text', { x: C, y: top - 4 * look.u, 'text-anchor': 'middle', class: 'dl-cycle-label', id: 'dl-cycle-label' }, 'Deadlock cycle'));
    lines.forEach((line, i) => kids.push(svg('text', { x: C, y: top + 18 * look.u + step * i, 'text-anchor': 'middle', class: 'dl-cycle-words' }, line)));
  }
  root.replaceChildren(...kids);
  root.dataset.cycle = cycle ? cycle.join(',') : '';
}
