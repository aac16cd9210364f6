// Lab `bench`, P5: the page draws the 256 × 256 grid from shared memory on
// every animation frame while every pool thread paints it, and times each
// frame's work and the gap between frames.
//
// Not the shared LiveLoop (views/live.js) on purpose: that one skips frames
// while threads are timed and under reduced motion, and P5 measures exactly
// what drawing *every* frame costs.
import { GridView } from '../../views/grid.js';

export class FrameTimer {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {import('../../engine/shared-runtime.js').SharedRuntime} shared
   * @param {string} lab whose memory holds the grid
   */
  constructor(canvas, shared, lab) {
    this.canvas = canvas;
    this.shared = shared;
    this.lab = lab;
    /** @type {number[]} ms of drawing per frame */
    this.work = [];
    /** @type {number[]} ms between frames */
    this.intervals = [];
    this.frame = 0;
  }

  /** Draws every frame until `stop()`. */
  start() {
    const mem = this.shared.view(this.lab);
    if (!mem) throw new Error('the shared runtime is not started');
    const side = mem.consts.side;
    const grid = new GridView(this.canvas, side);
    let last = 0;
    const tick = (/** @type {number} */ t) => {
      const t0 = performance.now();
      // Views, not a kept array: a grown memory means new ones (memory-view.js).
      grid.draw(/** @type {Uint8Array} */ (mem.views.writers).subarray(0, side * side));
      this.work.push(performance.now() - t0);
      if (last) this.intervals.push(t - last);
      last = t;
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop() {
    cancelAnimationFrame(this.frame);
  }
}
