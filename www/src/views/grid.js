// A grid of cells drawn from an arena's `writers` bytes, one pixel per cell,
// scaled up crisply by CSS. Cheap enough to redraw every animation frame
// (128×128 = 16 K lookups).
import { PIXELS } from './palette.js';

export class GridView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {number} side cells per row
   */
  constructor(canvas, side) {
    this.canvas = canvas;
    this.side = side;
    canvas.width = side;
    canvas.height = side;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    this.image = this.ctx.createImageData(side, side);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.clear();
  }

  /**
   * Draws the grid and returns how many cells each writer holds.
   * @param {ArrayLike<number>} writers 1 + writer id per cell, 0 = empty (may be a view of shared memory)
   * @returns {number[]} counts[w] for writer w
   */
  draw(writers) {
    const n = this.side * this.side;
    const px = this.pixels;
    const counts = new Array(PIXELS.length - 1).fill(0);
    for (let i = 0; i < n; i++) {
      const w = writers[i];
      px[i] = PIXELS[w];
      if (w) counts[w - 1]++;
    }
    this.ctx.putImageData(this.image, 0, 0);
    return counts;
  }

  clear() {
    this.pixels.fill(PIXELS[0]);
    this.ctx.putImageData(this.image, 0, 0);
  }
}
