// Lab `stepper`: the interpreter's side of the stepping protocol — one
// program in one instance of the plain wasm build, answering the requests of
// messages.js. It runs inside step.worker.js, so however long one request
// takes (a step that builds a huge list, a replay of thousands of steps) the
// page stays responsive and can end it by terminating the worker.
import init, { Stepper, stepperCompile, stepperSamples } from '../../../pkg/plain/threadlab.js';
import { STEPPER_MSG } from './messages.js';
import { clipSnapshot } from './clip.js';
import { stepCount } from './schedule.js';

/**
 * @typedef {import('./messages.js').StepWorkerRequest} StepWorkerRequest
 * @typedef {import('./messages.js').StepWorkerReply} StepWorkerReply
 * @typedef {import('./types.js').Snapshot} Snapshot
 * @typedef {import('./types.js').CompileResult} CompileResult
 */

const ready = init();
/** @type {Stepper | null} */
let stepper = null;

/**
 * Whether `err` is an ordinary refusal (a `JsError` the core returned: the
 * stepper is intact) rather than a trap, an out-of-memory or a glue error after
 * which this instance must not be used again.
 * @param {unknown} err
 */
export function isRefusal(err) {
  return err instanceof Error && err.constructor === Error &&
    !/unreachable|null pointer passed to rust|recursive use of an object|memory access out of bounds/i.test(err.message);
}

const message = (/** @type {unknown} */ err) => (err instanceof Error ? err.message : String(err));
const snapshot = () => clipSnapshot(/** @type {Snapshot} */ (JSON.parse(/** @type {Stepper} */ (stepper).snapshot())));

/**
 * Runs `f` on the current stepper; a refusal becomes `refused` (the state is
 * unchanged), anything else is thrown (the worker reports it and is replaced).
 * @param {number} id
 * @param {(s: Stepper) => void} f
 * @returns {StepWorkerReply}
 */
function act(id, f) {
  if (!stepper) throw new Error('no program is loaded');
  const t0 = performance.now();
  let refused = null;
  try {
    f(stepper);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    refused = message(err);
  }
  const ms = performance.now() - t0;
  return { type: STEPPER_MSG.STATE, id, snapshot: snapshot(), refused, ms };
}

/**
 * Answers one request.
 * @param {StepWorkerRequest} m
 * @returns {Promise<StepWorkerReply>}
 */
export async function answer(m) {
  await ready;
  switch (m.type) {
    case STEPPER_MSG.SAMPLES:
      return { type: STEPPER_MSG.SAMPLE_LIST, id: m.id, samples: JSON.parse(stepperSamples()) };
    case STEPPER_MSG.START: {
      stepper?.free();
      stepper = null;
      /** @type {CompileResult} */
      const compiled = JSON.parse(stepperCompile(m.source));
      if (!compiled.ok) return { type: STEPPER_MSG.STARTED, id: m.id, compiled, snapshot: null, refused: null };
      try {
        stepper = new Stepper(m.source, m.mode, m.k);
        stepper.setRandomSeed(m.seed ?? 0);
      } catch (err) {
        if (!isRefusal(err)) throw err;
        return { type: STEPPER_MSG.STARTED, id: m.id, compiled, snapshot: null, refused: `The program could not start: ${message(err)}` };
      }
      let refused = null;
      if (m.schedule) {
        try {
          stepper.replay(m.schedule);
        } catch (err) {
          if (!isRefusal(err)) throw err;
          refused = message(err);
          stepper.free();
          stepper = new Stepper(m.source, m.mode, m.k);
          stepper.setRandomSeed(m.seed ?? 0);
        }
      }
      return { type: STEPPER_MSG.STARTED, id: m.id, compiled, snapshot: snapshot(), refused };
    }
    case STEPPER_MSG.STEP:
      return act(m.id, (s) => (m.toLine ? s.stepLine(m.thread) : s.step(m.thread)));
    case STEPPER_MSG.UNDO:
      return act(m.id, (s) => s.undo(m.back === undefined ? m.to ?? 0 : Math.max(0, stepCount(s.schedule()) - m.back)));
    case STEPPER_MSG.REPLAY:
      return act(m.id, (s) => s.replay(m.schedule));
    case STEPPER_MSG.RUN:
      return act(m.id, (s) => (m.how === 'random' ? s.runRandom(m.seed, m.maxSteps) : s.runSequential(m.maxSteps)));
    default:
      throw new Error(`unknown request ${/** @type {{type: string}} */ (m).type}`);
  }
}
