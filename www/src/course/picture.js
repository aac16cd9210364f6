// The home page's picture, drawn inline (nothing downloaded): on the left,
// threads writing one shared memory; on the right, processes each with their
// own memory, sending their results to the parent by message. Colours come
// from CSS custom properties, so it follows the page's light or dark theme.
import { WRITER_COLOURS } from '../views/palette.js';

/** Cells of a small memory drawn as a grid: which writer (0…) painted each, -1 empty. */
const SHARED = [0, 1, 2, 0, 2, 1, 1, 0, 2, 2, 0, 1, 0, 1, 2, 0];

/** @param {number} x @param {number} y @param {number[]} cells @param {number} size */
function grid(x, y, cells, size) {
  const side = Math.sqrt(cells.length);
  return cells
    .map((w, i) => {
      const cx = x + (i % side) * size;
      const cy = y + Math.floor(i / side) * size;
      const fill = w < 0 ? 'var(--empty)' : WRITER_COLOURS[w];
      return `<rect x="${cx}" y="${cy}" width="${size - 2}" height="${size - 2}" rx="2" fill="${fill}"/>`;
    })
    .join('');
}

/** @param {number} x @param {number} y @param {number} w @param {string} label */
function thread(x, y, w, label) {
  return `<circle cx="${x}" cy="${y}" r="15" fill="${WRITER_COLOURS[w]}" stroke="var(--ink)" stroke-width="1.5"/>
    <text x="${x}" y="${y + 5}" text-anchor="middle" class="pic-label pic-on-colour">${label}</text>`;
}

/** The SVG markup; `titleId` names it for assistive technology. */
export function pictureSvg(/** @type {string} */ titleId) {
  const own = (/** @type {number} */ w) => Array.from({ length: 9 }, (_, i) => (i % 3 === w % 3 || i === 4 ? w : -1));
  return `<svg class="home-picture" viewBox="0 0 560 250" role="img" aria-labelledby="${titleId}">
  <title id="${titleId}">Left: three threads write into one shared memory, the page watches it directly. Right: three processes each write their own memory and send their results to the parent by message.</title>
  <defs>
    <marker id="pic-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill="var(--ink)"/>
    </marker>
  </defs>
  <text x="130" y="22" text-anchor="middle" class="pic-head">Threads: one memory</text>
  ${thread(40, 70, 0, 'T1')}${thread(40, 125, 1, 'T2')}${thread(40, 180, 2, 'T3')}
  <rect x="118" y="52" width="148" height="148" rx="8" fill="var(--panel)" stroke="var(--ink)" stroke-width="1.5"/>
  ${grid(128, 62, SHARED, 32)}
  <path d="M57,72 L112,90" stroke="var(--ink)" stroke-width="2" fill="none" marker-end="url(#pic-arrow)"/>
  <path d="M57,125 L112,125" stroke="var(--ink)" stroke-width="2" fill="none" marker-end="url(#pic-arrow)"/>
  <path d="M57,178 L112,160" stroke="var(--ink)" stroke-width="2" fill="none" marker-end="url(#pic-arrow)"/>
  <text x="192" y="228" text-anchor="middle" class="pic-label">the page reads it live</text>
  <line x1="296" y1="16" x2="296" y2="236" stroke="var(--line)" stroke-width="2"/>
  <text x="430" y="22" text-anchor="middle" class="pic-head">Processes: a memory each</text>
  ${[0, 1, 2]
    .map((w) => {
      const x = 318 + w * 80;
      return `<rect x="${x}" y="52" width="68" height="68" rx="6" fill="var(--panel)" stroke="var(--ink)" stroke-width="1.5"/>
    ${grid(x + 7, 59, own(w), 18)}
    <text x="${x + 34}" y="140" text-anchor="middle" class="pic-label">P${w + 1}</text>
    <path d="M${x + 34},148 L${x + 34},${178}" stroke="var(--ink)" stroke-width="2" stroke-dasharray="5 4" fill="none" marker-end="url(#pic-arrow)"/>`;
    })
    .join('')}
  <rect x="330" y="184" width="200" height="34" rx="6" fill="var(--panel)" stroke="var(--ink)" stroke-width="1.5"/>
  <text x="430" y="206" text-anchor="middle" class="pic-label">parent: results by message</text>
</svg>`;
}
