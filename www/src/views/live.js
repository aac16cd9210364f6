// A live view's drawing loop: the frame timing every lab panel needs, in one
// place. While a run goes, a panel reads the threads' shared memory and
// redraws on animation frames — every frame normally, at most 10 a second
// while threads are being timed, 4 a second with reduced motion (liveGapMs).
import { liveGapMs } from './dom.js';

export class LiveLoop {
  constructor() {
    this.frame = 0;
  }

  /**
   * Calls `draw()` on animation frames until `stop()`, at most every
   * `liveGapMs(timed)` ms; `each()` (cheap reads only, no DOM) runs on every frame.
   * @param {() => void} draw
   * @param {{timed?: boolean, each?: () => void}} [o]
   */
  start(draw, o = {}) {
    this.stop();
    let last = -Infinity;
    const tick = (/** @type {number} */ t) => {
      o.each?.();
      if (t - last >= liveGapMs(!!o.timed)) {
        draw();
        last = t;
      }
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Ends the loop (no more draws); safe to call when not running. */
  stop() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
