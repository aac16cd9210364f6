// Lab `stepper`: the exploring worker. It holds its own instance of the plain
// build and runs a search — every interleaving, bounded preemptions, or a bug
// hunt — off the main thread, a slice at a time: between slices it posts its
// progress and reads its messages, so a Stop ends the search with what it has
// found so far. (The page terminates the worker if that takes too long.)
// Messages (messages.js): `stepper/explore` and `stepper/explore-stop` in;
// `stepper/explore-progress`, then `stepper/explored` (or `worker/error`) out.
import init, { Stepper, stepperWarmUp } from '../../../pkg/plain/threadlab.js';
import { MSG } from '../../engine/messages.js';
import { STEPPER_MSG } from './messages.js';

// The worker starts before the learner's first Explore (explore.js: `prewarm`, when the pointer or
// the focus comes to Explore or Hunt) and warms up: one small exploration, so
// the engine has optimised the explorer's hot code and the first real exploration runs at full
// speed (the `gil` sample's first: 393 ms cold, 147 ms after it, 130 ms warm, measured in node).
// A search asked for meanwhile waits for it (~0.1 s).
const ready = init().then(() => {
  try {
    stepperWarmUp();
  } catch {
    // Only ever a speed-up: a failure here shows again, with its message, on the real search.
  }
});
/** Ids of the searches asked to stop. @type {Set<number>} */
const stops = new Set();
/** Time per slice the worker aims at: short enough for a prompt Stop and a lively progress line. */
const SLICE_MS = 60;

// A zero-delay yield (a MessageChannel task, not a clamped setTimeout), so queued messages run.
const channel = new MessageChannel();
const pause = () => new Promise((resolve) => {
  channel.port1.onmessage = resolve;
  channel.port2.postMessage(0);
});

self.addEventListener('message', async (/** @type {MessageEvent<any>} */ e) => {
  const m = e.data;
  if (m?.type === STEPPER_MSG.EXPLORE_STOP) {
    stops.add(m.id);
    return;
  }
  if (m?.type !== STEPPER_MSG.EXPLORE) return;
  /** @type {Stepper | null} */
  let stepper = null;
  try {
    await ready;
    const t0 = performance.now();
    stepper = new Stepper(m.source, m.mode, m.k);
    stepper.setRandomSeed(m.seed ?? 0);  // the program's `random`, as in the step worker, so witnesses replay
    stepper.searchStart(m.search ?? 'every', m.budget, m.depth ?? 2, m.seed ?? 1);
    let slice = 2000;
    let stopped = false;
    for (;;) {
      const s0 = performance.now();
      const progress = JSON.parse(stepper.searchRun(slice));
      const took = performance.now() - s0;
      // Aim each slice at SLICE_MS (at least 100 states, at most 4× the last slice).
      slice = Math.max(100, Math.min(slice * 4, Math.round(slice * (SLICE_MS / Math.max(took, 1)))));
      if (progress.done) break;
      self.postMessage({ type: STEPPER_MSG.EXPLORE_PROGRESS, id: m.id, progress, ms: performance.now() - t0 });
      await pause();
      if (stops.delete(m.id)) {
        stepper.searchStop();
        stopped = true;
        break;
      }
    }
    const result = { ...JSON.parse(stepper.searchReport()), stopped };
    self.postMessage({ type: STEPPER_MSG.EXPLORED, id: m.id, result, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    stops.delete(m.id);
    try {
      stepper?.free();
    } catch {
      // After a trap the instance may refuse even this; the page replaces the worker.
    }
  }
});
