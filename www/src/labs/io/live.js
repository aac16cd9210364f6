// Lab `io`: the timelines. One canvas per way, one row per thread or task,
// read every frame from the shared event log (crate/src/labs/io/memory.rs) or
// from the segments the isolated workers posted. Each kind of segment has its
// own *pattern* — hollow, solid, hatched, ticks, crosses — so colour is never
// the only channel.

/**
 * @typedef {{row: number, req: number, kind: number, startUs: number, endUs: number}} Segment
 * @typedef {{row: number, kind: number, sinceUs: number}} Open
 * @typedef {{segments: Segment[], open: Open[], nowUs: number}} Picture what one timeline shows
 * @typedef {Record<string, number>} Consts the lab's constants from its Rust layout (`kindWait`, …)
 */

/**
 * Everything way `way` has logged so far in the shared memory.
 * @param {Record<string, any>} v the lab's views (memory-view.js)
 * @param {Consts} K
 * @param {number} way
 * @param {number} rows
 * @returns {Picture}
 */
export function readWay(v, K, way, rows) {
  const n = Math.min(Atomics.load(/** @type {Uint32Array} */ (v.evCount), 0), K.maxEvents);
  /** @type {Segment[]} */
  const segments = [];
  for (let i = 0; i < n; i++) {
    const kind = Atomics.load(/** @type {Uint8Array} */ (v.evKind), i);
    if (kind === 0 || v.evWay[i] !== way) continue;
    segments.push({ row: v.evRow[i], req: v.evReq[i], kind, startUs: v.evStartUs[i], endUs: v.evEndUs[i] });
  }
  /** @type {Open[]} */
  const open = [];
  const base = (way - 1) * K.maxRows;
  for (let r = 0; r < rows; r++) {
    const kind = Atomics.load(/** @type {Uint8Array} */ (v.openKind), base + r);
    if (kind) open.push({ row: r, kind, sinceUs: v.openSinceUs[base + r] });
  }
  return { segments, open, nowUs: v.nowUs[way - 1] };
}

/** The page's colours for each pattern, from CSS (io.css), so a theme can change them. */
function palette(/** @type {Element} */ el) {
  const css = getComputedStyle(el);
  const v = (/** @type {string} */ name, /** @type {string} */ dflt) => css.getPropertyValue(name).trim() || dflt;
  return {
    ink: v('--io-ink', '#1b1f24'),
    muted: v('--io-muted', '#4a5360'),
    bg: v('--io-bg', '#ffffff'),
    wait: v('--io-wait', '#0072B2'),
    compute: v('--io-compute', '#0072B2'),
    gil: v('--io-gil', '#D55E00'),
    cancel: v('--io-cancel', '#8a1010'),
  };
}

/** @type {Map<string, CanvasPattern | null>} */
const hatches = new Map();
/** Diagonal hatching in `colour`: waiting for the GIL. */
function hatch(/** @type {CanvasRenderingContext2D} */ g, /** @type {string} */ colour, /** @type {number} */ dpr) {
  const key = `${colour}@${dpr}`;
  if (!hatches.has(key)) {
    const s = Math.round(6 * dpr);
    const c = document.createElement('canvas');
    c.width = c.height = s;
    const h = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    h.strokeStyle = colour;
    h.lineWidth = 1.5 * dpr;
    h.beginPath();
    h.moveTo(0, s);
    h.lineTo(s, 0);
    h.moveTo(-s / 2, s / 2);
    h.lineTo(s / 2, -s / 2);
    h.moveTo(s / 2, s * 1.5);
    h.lineTo(s * 1.5, s / 2);
    h.stroke();
    hatches.set(key, g.createPattern(c, 'repeat'));
  }
  return hatches.get(key) ?? colour;
}

/**
 * Draws one segment or instant of `kind` in the box (x, y, w, h).
 * @param {CanvasRenderingContext2D} g
 * @param {Consts} K
 * @param {ReturnType<typeof palette>} C
 * @param {number} kind
 * @param {number} x @param {number} y @param {number} w @param {number} h @param {number} dpr
 */
export function drawKind(g, K, C, kind, x, y, w, h, dpr) {
  g.save();
  if (kind === K.kindWait) {
    // Hollow: blocked, using no CPU.
    const lw = Math.max(1, 1.25 * dpr);
    g.strokeStyle = C.wait;
    g.lineWidth = lw;
    g.strokeRect(x + lw / 2, y + lw / 2, Math.max(0, w - lw), Math.max(0, h - lw));
  } else if (kind === K.kindCompute) {
    g.fillStyle = C.compute;
    g.fillRect(x, y, Math.max(w, dpr), h);
  } else if (kind === K.kindGilWait) {
    g.fillStyle = hatch(g, C.gil, dpr);
    g.fillRect(x, y, w, h);
    g.strokeStyle = C.gil;
    g.lineWidth = dpr;
    g.strokeRect(x + dpr / 2, y + dpr / 2, Math.max(0, w - dpr), Math.max(0, h - dpr));
  } else if (kind === K.kindSwitch) {
    g.fillStyle = C.ink;
    g.fillRect(x - dpr / 2, y, Math.max(dpr, 1.5 * dpr), h);
  } else if (kind === K.kindCancelled) {
    const r = Math.min(h, 12 * dpr) / 2;
    const cy = y + h / 2;
    g.strokeStyle = C.cancel;
    g.lineWidth = 2 * dpr;
    g.beginPath();
    g.moveTo(x - r, cy - r);
    g.lineTo(x + r, cy + r);
    g.moveTo(x + r, cy - r);
    g.lineTo(x - r, cy + r);
    g.stroke();
  } else if (kind === K.kindAbandoned) {
    g.strokeStyle = C.cancel;
    g.lineWidth = 2 * dpr;
    g.setLineDash([2 * dpr, 2 * dpr]);
    g.beginPath();
    g.moveTo(x, y - 2 * dpr);
    g.lineTo(x, y + h + 2 * dpr);
    g.stroke();
  } else if (kind === K.kindSawStop) {
    const r = Math.min(h, 10 * dpr) / 2;
    g.fillStyle = C.cancel;
    g.beginPath();
    g.arc(x, y + h / 2, r, 0, 2 * Math.PI);
    g.fill();
  }
  g.restore();
}

/** Kinds that are instants (drawn over the segments). */
const instant = (/** @type {Consts} */ K, /** @type {number} */ k) => k >= K.kindSwitch;

export class Timeline {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Consts} K
   * @param {{label: (row: number) => string, loopRow?: boolean}} o `loopRow`: a top row for the loop's switches
   */
  constructor(canvas, K, o) {
    this.canvas = canvas;
    this.K = K;
    this.o = o;
    this.rows = 1;
  }

  /** @param {number} rows */
  setRows(rows) {
    this.rows = rows;
  }

  /**
   * Draws `pic` with `scaleUs` µs across the width.
   * @param {Picture} pic
   * @param {number} scaleUs
   */
  draw(pic, scaleUs) {
    const { canvas: c, K } = this;
    // What is drawn, for tests and curious readers: segments so far.
    c.dataset.segments = String(pic.segments.length);
    const dpr = devicePixelRatio || 1;
    const lanes = this.rows + (this.o.loopRow ? 1 : 0);
    const laneH = Math.max(5, Math.min(16, Math.floor(220 / lanes)));
    const top = 4;
    const axis = 22;
    const cssW = Math.max(240, c.clientWidth || 600);
    const cssH = top + lanes * laneH + axis;
    c.style.height = `${cssH}px`;
    if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(cssH * dpr)) {
      c.width = Math.round(cssW * dpr);
      c.height = Math.round(cssH * dpr);
    }
    const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    const C = palette(c);
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, c.width, c.height);
    const left = 56 * dpr;
    const width = c.width - left - 8 * dpr;
    const X = (/** @type {number} */ us) => left + (Math.min(us, scaleUs) / Math.max(1, scaleUs)) * width;
    const laneY = (/** @type {number} */ lane) => (top + lane * laneH) * dpr;
    const h = (laneH - 2) * dpr;
    const rowLane = (/** @type {number} */ row) => row + (this.o.loopRow ? 1 : 0);
    // Labels.
    g.fillStyle = C.muted;
    g.font = `${Math.min(11, laneH - 2) * dpr}px system-ui, sans-serif`;
    g.textBaseline = 'middle';
    if (laneH >= 9) {
      if (this.o.loopRow) g.fillText('loop', 4 * dpr, laneY(0) + h / 2);
      const every = Math.ceil(12 / laneH);
      for (let r = 0; r < this.rows; r += every) g.fillText(this.o.label(r), 4 * dpr, laneY(rowLane(r)) + h / 2);
    }
    const later = [];
    for (const s of pic.segments) {
      if (instant(K, s.kind)) {
        later.push(s);
        continue;
      }
      const x0 = X(s.startUs);
      drawKind(g, K, C, s.kind, x0, laneY(rowLane(s.row)), Math.max(X(s.endUs) - x0, dpr), h, dpr);
    }
    for (const o of pic.open) {
      const x0 = X(o.sinceUs);
      drawKind(g, K, C, o.kind, x0, laneY(rowLane(o.row)), Math.max(X(pic.nowUs) - x0, dpr), h, dpr);
    }
    for (const s of later) {
      const lane = s.kind === K.kindSwitch ? 0 : rowLane(s.row);
      drawKind(g, K, C, s.kind, X(s.startUs), laneY(lane), 0, h, dpr);
    }
    // Time axis.
    const y = laneY(lanes) + 2 * dpr;
    g.strokeStyle = C.muted;
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(left, y);
    g.lineTo(left + width, y);
    g.stroke();
    const ms = scaleUs / 1000;
    const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000].find((s) => ms / s <= 6) ?? 50000;
    g.fillStyle = C.muted;
    g.font = `${11 * dpr}px system-ui, sans-serif`;
    g.textBaseline = 'top';
    for (let t = 0; t <= ms + 1e-9; t += step) {
      const x = X(t * 1000);
      g.fillRect(x, y, dpr, 4 * dpr);
      const label = t === 0 ? '0 ms' : `${t}`;
      g.fillText(label, Math.min(x + 2 * dpr, c.width - g.measureText(label).width - 2 * dpr), y + 5 * dpr);
    }
  }
}

/**
 * A legend swatch: a small canvas with the kind's own pattern.
 * @param {Consts} K
 * @param {number} kind
 */
export function legendSwatch(K, kind) {
  const c = document.createElement('canvas');
  c.className = 'io-swatch';
  c.setAttribute('aria-hidden', 'true');
  const dpr = devicePixelRatio || 1;
  c.width = 28 * dpr;
  c.height = 14 * dpr;
  requestAnimationFrame(() => {
    const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    const C = palette(c);
    const inst = instant(K, kind);
    drawKind(g, K, C, kind, inst ? 14 * dpr : 1, 1, inst ? 0 : 26 * dpr, 12 * dpr, dpr);
  });
  return c;
}
