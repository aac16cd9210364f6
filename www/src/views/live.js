// A live view's drawing loop: the frame timing every lab panel needs, in one
// place. While a run goes, a panel reads the threads' shared memory and
// redraws on animation frames — every frame normally, at most 10 a second
// while threads are being timed (liveGapMs).
//
// With `prefers-reduced-motion: reduce` a live view draws no intermediate
// frames: nothing moves while the run goes, and `stop()` draws the final state
// once. The page says so (showMotionNote) and offers "Show live", which turns
// the live drawing back on for this browser.
import { el, liveGapMs, prefersReducedMotion } from './dom.js';

const SHOW_LIVE_KEY = 'threadlab:show-live';

/** The learner's "Show live" choice (only read under reduced motion). */
let showLive = (() => {
  try {
    return globalThis.localStorage?.getItem(SHOW_LIVE_KEY) === '1';
  } catch {
    return false;
  }
})();

/** Whether live views draw while a run goes: always, unless reduced motion is asked for and "Show live" is off. */
export const drawsLive = () => !prefersReducedMotion() || showLive;

/** Turns "Show live" on or off (kept in this browser when storage allows). */
export function setShowLive(/** @type {boolean} */ on) {
  showLive = on;
  try {
    globalThis.localStorage?.setItem(SHOW_LIVE_KEY, on ? '1' : '0');
  } catch {
    /* kept for this page only */
  }
}

export class LiveLoop {
  constructor() {
    this.frame = 0;
    /** @type {(() => void) | null} the running loop's draw, for the final frame */
    this.draw = null;
    /** whether a frame was held back (reduced motion) since the last draw */
    this.held = false;
  }

  /**
   * Calls `draw()` on animation frames until `stop()`, at most every
   * `liveGapMs(timed)` ms; `each()` (cheap reads only, no DOM) runs on every
   * frame, even when reduced motion holds the drawing back.
   * @param {() => void} draw
   * @param {{timed?: boolean, each?: () => void}} [o]
   */
  start(draw, o = {}) {
    this.stop();
    this.draw = draw;
    this.held = false;
    let last = -Infinity;
    const tick = (/** @type {number} */ t) => {
      o.each?.();
      if (!drawsLive()) {
        this.held = true;
      } else if (t - last >= liveGapMs(!!o.timed)) {
        draw();
        this.held = false;
        last = t;
      }
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /**
   * Ends the loop (no more draws); safe to call when not running. When reduced
   * motion held frames back, draws the final state once now.
   */
  stop() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const draw = this.draw;
    this.draw = null;
    if (draw && this.held) {
      this.held = false;
      draw();
    }
  }
}

/**
 * Under reduced motion, a note before `anchor` that says live views show the
 * final state only, with a "Show live" toggle (a pressed/unpressed button).
 * Nothing when reduced motion is not asked for; follows changes of the setting.
 * @param {HTMLElement} anchor the element the note goes before (the page's `<main>`) when the page has no `.notices`
 */
export function showMotionNote(anchor) {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  if (!query) return;
  const button = el('button', { type: 'button', id: 'show-live', 'aria-pressed': String(showLive) }, 'Show live');
  const said = el('span', { id: 'motion-said' });
  const note = el('div', { id: 'motion-note', class: 'motion-note', role: 'note' }, said, ' ', button);
  const update = () => {
    note.hidden = !query.matches;
    button.setAttribute('aria-pressed', String(showLive));
    said.textContent = showLive
      ? 'You asked for reduced motion; “Show live” is on, so live views redraw while a run goes.'
      : 'You asked for reduced motion, so live views stay still while a run goes and show its final state when it ends.';
  };
  button.addEventListener('click', () => {
    setShowLive(!showLive);
    update();
  });
  query.addEventListener('change', update);
  update();
  // In the page's notices landmark when it has one (index.html, embed.html).
  const notices = document.querySelector('.notices');
  if (notices) notices.append(note);
  else anchor.before(note);
}
