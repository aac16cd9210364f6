// Lab `stepper`: the stepping worker. It holds the program being stepped
// (interpreter.js) and answers the page's requests one at a time, in order.
// After any failure (a trap such as "unreachable", an allocation that failed)
// it reports the failure and closes itself: the page starts a fresh one and
// compiles the program again there.
import { MSG } from '../../engine/messages.js';
import { answer } from './interpreter.js';

let closing = false;
/** Requests answered strictly in arrival order, even while the wasm is still loading. */
let queue = Promise.resolve();

self.addEventListener('message', (/** @type {MessageEvent<import('./messages.js').StepWorkerRequest>} */ e) => {
  const m = e.data;
  queue = queue.then(async () => {
    if (closing) return;
    try {
      self.postMessage(await answer(m));
    } catch (err) {
      // Any failure ends this worker: the page starts a fresh one. A broken instance may hold gigabytes
      // (a program that allocated until the wasm memory ran out); closing from inside frees them on this
      // thread, where the page's terminate() would make the page's main thread wait for it (measured in
      // Chromium: 470–640 ms for a 4 GB memory).
      closing = true;
      self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
      self.close();
    }
  });
});
