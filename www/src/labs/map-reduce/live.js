// Lab `map-reduce`: one way's picture — the result image scaled to its canvas,
// each finished tile outlined in its worker's colour. It reads the pixels
// wherever they are: the threads' shared wasm memory, the interpreters'
// SharedArrayBuffer, or the page's own copy that the processes' messages fill.
import { colourOf } from '../../views/palette.js';
import { WIN_FIELDS } from './process.js';

export class ImageView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {number} maxCss largest side on screen, CSS px
   */
  constructor(canvas, maxCss = 420) {
    this.canvas = canvas;
    this.maxCss = maxCss;
    this.g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    this.width = 0;
    this.height = 0;
    this.scale = 1;
    /** @type {ImageData | null} */
    this.frame = null;
  }

  /** Sizes the canvas for a `width × height` image and clears it. @param {number} width @param {number} height */
  reset(width, height) {
    this.width = width;
    this.height = height;
    this.scale = Math.min(1, this.maxCss / Math.max(width, height));
    this.canvas.width = Math.max(1, Math.round(width * this.scale));
    this.canvas.height = Math.max(1, Math.round(height * this.scale));
    this.frame = this.g.createImageData(this.canvas.width, this.canvas.height);
    this.g.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /**
   * Draws `pixels` (RGBA, the full image) scaled down by nearest pixel, then the
   * outline of every tile whose owner is set.
   * @param {Uint8Array} pixels
   * @param {ArrayLike<number>} owner `owner[t]`: 1 + the worker that did tile t, 0: not yet
   * @param {Uint32Array} windows the tiles (mrWindows: WIN_FIELDS numbers a tile)
   */
  draw(pixels, owner, windows) {
    const f = this.frame;
    if (!f) return;
    const { width: cw, height: ch } = f;
    const d = f.data;
    for (let y = 0; y < ch; y++) {
      const sy = Math.min(this.height - 1, Math.floor(y / this.scale));
      for (let x = 0; x < cw; x++) {
        const sx = Math.min(this.width - 1, Math.floor(x / this.scale));
        const i = (sy * this.width + sx) * 4;
        const o = (y * cw + x) * 4;
        d[o] = pixels[i];
        d[o + 1] = pixels[i + 1];
        d[o + 2] = pixels[i + 2];
        d[o + 3] = pixels[i + 3];
      }
    }
    this.g.putImageData(f, 0, 0);
    const n = windows.length / WIN_FIELDS;
    this.g.lineWidth = 2;
    for (let t = 0; t < n; t++) {
      const w = owner[t];
      if (!w) continue;
      this.g.strokeStyle = colourOf(w - 1);
      const s = this.scale;
      this.g.strokeRect(windows[t * WIN_FIELDS] * s + 1, windows[t * WIN_FIELDS + 1] * s + 1, windows[t * WIN_FIELDS + 2] * s - 2, windows[t * WIN_FIELDS + 3] * s - 2);
    }
  }
}
