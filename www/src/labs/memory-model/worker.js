// Lab `memory-model`: one litmus thread, in a Web Worker of the lab's own.
// The kernels are JavaScript on a SharedArrayBuffer (kernel.js says why), not
// the engine's wasm, so they run neither in the coordinator's rayon pool nor in
// the isolated workers: the panel starts one of these per litmus thread and
// terminates them all on Stop (a thread spinning in a barrier or a lock cannot
// be asked to stop, so it is ended, as squoosh cancels its workers).
import { MSG } from '../../engine/messages.js';
import { runThread } from './kernel.js';
import { BY_ID } from './litmus.js';
import { MM } from './messages.js';

self.addEventListener('message', (/** @type {MessageEvent<import('./messages.js').MmStart>} */ e) => {
  const m = e.data;
  if (m.type !== MM.START) return;
  try {
    const test = BY_ID[m.params.test];
    if (!test) throw new Error(`no litmus test "${m.params.test}"`);
    const r = runThread(m.sab, m.params, test);
    /** @type {import('./messages.js').MmDone} */
    const done = { type: MM.DONE, thread: m.params.thread, iterations: r.iterations, ms: r.ms };
    self.postMessage(done);
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, message: err instanceof Error ? err.message : String(err) });
  }
});
self.postMessage({ type: MM.READY });
