// Lab `stepper`: the exploring worker. It holds its own instance of the plain
// build and runs `Stepper.explore` — every interleaving within a state budget —
// off the main thread, so the tab never freezes; the page's Stop terminates it.
// Messages: `stepper/explore` in, `stepper/result` (or `worker/error`) out (engine/messages.js).
import init, { Stepper } from '../../pkg/plain/threadlab.js';
import { MSG } from '../engine/messages.js';

const ready = init();

self.addEventListener('message', async (/** @type {MessageEvent<any>} */ e) => {
  const m = e.data;
  if (m?.type !== MSG.STEPPER_EXPLORE) return;
  /** @type {any} */
  let stepper = null;
  try {
    await ready;
    const t0 = performance.now();
    stepper = new Stepper(m.source, m.mode, m.k);
    const result = JSON.parse(stepper.explore(m.budget));
    self.postMessage({ type: MSG.STEPPER_RESULT, id: m.id, result, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    stepper?.free?.();
  }
});
