// Lab `gil`: a timeline drawn on a canvas — one lane per thread, one bar per
// hold of the GIL (or, without it, per stretch of work).
import { fmtMs } from '../../views/dom.js';
import { colourOf } from '../../views/palette.js';

/**
 * @typedef {{thread: number, start: number, end: number}} Hold  µs from the run's start
 */

/**
 * The page's theme colours, from its custom properties (styles.css), so the
 * canvas follows a light or a dark page; the fallbacks are the light theme's.
 * @param {HTMLElement} node
 */
function themeOf(node) {
  const css = getComputedStyle(node);
  const v = (/** @type {string} */ name, /** @type {string} */ fallback) => css.getPropertyValue(name).trim() || fallback;
  return { lane: v('--panel', '#f4f5f7'), laneAlt: v('--empty', '#eceef2'), ink: v('--ink', '#333'), muted: v('--muted', '#555') };
}

/**
 * One lane per thread, one bar per hold. Each lane is labelled, bars carry the
 * thread's colour and, without the GIL, a hatch — never colour alone.
 */
export class Timeline {
  /** @param {HTMLCanvasElement} canvas @param {boolean} hatched */
  constructor(canvas, hatched) {
    this.canvas = canvas;
    this.hatched = hatched;
    /** @type {CanvasPattern | null} */
    this.pattern = null;
  }

  /** Dark diagonal lines on a transparent tile: the free-threaded bars' hatch. */
  hatch(/** @type {CanvasRenderingContext2D} */ g) {
    if (!this.pattern) {
      const tile = document.createElement('canvas');
      tile.width = tile.height = 6;
      const t = /** @type {CanvasRenderingContext2D} */ (tile.getContext('2d'));
      t.strokeStyle = 'rgba(0,0,0,0.5)';
      t.lineWidth = 1;
      t.beginPath();
      t.moveTo(-1, 7);
      t.lineTo(7, -1);
      t.stroke();
      this.pattern = g.createPattern(tile, 'repeat');
    }
    return /** @type {CanvasPattern} */ (this.pattern);
  }

  /**
   * @param {Hold[]} holds
   * @param {number} threads
   * @param {{open?: (number | null)[], nowUs?: number, spanUs?: number}} [o]
   */
  draw(holds, threads, o = {}) {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const laneH = 22;
    const left = 34;
    const top = 4;
    const axis = 18;
    const cssW = Math.max(200, c.clientWidth || 600);
    const cssH = top + threads * laneH + axis;
    c.style.height = `${cssH}px`;
    if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(cssH * dpr)) {
      c.width = Math.round(cssW * dpr);
      c.height = Math.round(cssH * dpr);
    }
    const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    const theme = themeOf(c);
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, cssW, cssH);
    let span = o.spanUs ?? 0;
    for (const h of holds) span = Math.max(span, h.end);
    span = Math.max(span, o.nowUs ?? 0, 1000);
    const w = cssW - left - 6;
    const x = (/** @type {number} */ us) => left + (us / span) * w;
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    for (let t = 0; t < threads; t++) {
      const y = top + t * laneH;
      g.fillStyle = t % 2 ? theme.lane : theme.laneAlt;
      g.fillRect(left, y, w, laneH - 2);
      g.fillStyle = theme.ink;
      g.fillText(`T${t + 1}`, 4, y + laneH / 2);
    }
    // Wide bars one by one, with an outline so that each hold shows; holds
    // narrower than 3 px only mark a lane's pixels, drawn as runs at the end —
    // so a frame costs O(holds + width) however many thousand holds there are,
    // and the drawing never takes much of a core from the threads it watches.
    const bh = laneH - 6;
    const cover = Array.from({ length: threads }, () => new Uint8Array(Math.ceil(w) + 1));
    const paint = (/** @type {number} */ t, /** @type {number} */ x0, /** @type {number} */ bw) => {
      const y = top + t * laneH + 2;
      g.fillStyle = colourOf(t);
      g.fillRect(x0, y, bw, bh);
      if (this.hatched) {
        g.fillStyle = this.hatch(g);
        g.fillRect(x0, y, bw, bh);
      }
      return y;
    };
    const bar = (/** @type {number} */ t, /** @type {number} */ s, /** @type {number} */ e) => {
      const x0 = x(s);
      const bw = x(e) - x0;
      if (bw < 3) {
        const row = cover[t];
        const to = Math.min(row.length - 1, Math.floor(x0 + Math.max(1, bw) - left));
        for (let i = Math.max(0, Math.floor(x0 - left)); i <= to; i++) row[i] = 1;
        return;
      }
      const y = paint(t, x0, bw);
      g.strokeStyle = 'rgba(0,0,0,0.55)';
      g.lineWidth = 1;
      g.strokeRect(x0 + 0.5, y + 0.5, bw - 1, bh - 1);
    };
    for (const h of holds) bar(h.thread, h.start, h.end);
    (o.open ?? []).forEach((s, t) => {
      if (s !== null && t < threads && o.nowUs !== undefined && o.nowUs > s) bar(t, s, o.nowUs);
    });
    cover.forEach((row, t) => {
      for (let i = 0; i < row.length; i++) {
        if (!row[i]) continue;
        let j = i;
        while (j + 1 < row.length && row[j + 1]) j++;
        paint(t, left + i, j - i + 1);
        i = j;
      }
    });
    // Time axis: 0 and the span.
    const ya = top + threads * laneH + axis / 2;
    g.fillStyle = theme.muted;
    g.textAlign = 'left';
    g.fillText('0 ms', left, ya);
    g.textAlign = 'right';
    g.fillText(`${fmtMs(span / 1000)} ms`, left + w, ya);
    g.textAlign = 'left';
  }
}
