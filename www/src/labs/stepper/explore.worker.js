// Lab `stepper`: the exploring worker. It holds its own instance of the plain
// build and runs `Stepper.explore` — every interleaving within a state budget —
// off the main thread, so the tab never freezes; the page's Stop terminates it.
// Messages (messages.js): `stepper/explore` in, `stepper/explored` (or `worker/error`) out.
import init, { Stepper } from '../../../pkg/plain/threadlab.js';
import { MSG } from '../../engine/messages.js';
import { STEPPER_MSG } from './messages.js';

const ready = init();

self.addEventListener('message', async (/** @type {MessageEvent<import('./messages.js').ExploreRequest>} */ e) => {
  const m = e.data;
  if (m?.type !== STEPPER_MSG.EXPLORE) return;
  /** @type {Stepper | null} */
  let stepper = null;
  try {
    await ready;
    const t0 = performance.now();
    stepper = new Stepper(m.source, m.mode, m.k);
    stepper.setRandomSeed(m.seed ?? 0);
    const result = JSON.parse(stepper.explore(m.budget));
    self.postMessage({ type: STEPPER_MSG.EXPLORED, id: m.id, result, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    try {
      stepper?.free();
    } catch {
      // After a trap the instance may refuse even this; the page replaces the worker.
    }
  }
});
