// Lab `stepper`: the stepping worker. It holds the program being stepped
// (interpreter.js) and answers the page's requests one at a time, in order.
// After a failure that may have left the wasm instance broken (a trap such as
// "unreachable", an allocation that failed) it answers nothing more: the page
// terminates it and starts a fresh one, re-compiling the program.
import { MSG } from '../../engine/messages.js';
import { answer, isRefusal } from './interpreter.js';

let broken = false;
/** Requests answered strictly in arrival order, even while the wasm is still loading. */
let queue = Promise.resolve();

self.addEventListener('message', (/** @type {MessageEvent<import('./messages.js').StepWorkerRequest>} */ e) => {
  const m = e.data;
  queue = queue.then(async () => {
    if (broken) {
      self.postMessage({ type: MSG.ERROR, id: m.id, message: 'the interpreter failed earlier and must be restarted' });
      return;
    }
    try {
      self.postMessage(await answer(m));
    } catch (err) {
      broken = !isRefusal(err);
      self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  });
});
