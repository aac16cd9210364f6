// The coordinator: hosts the threaded wasm build in a dedicated worker.
//
// Never on the page's main thread: a blocking rayon call there can only
// busy-wait (Atomics.wait throws on the main thread) and takes a core from the
// pool — 1.3× instead of 2× on two cores (TOOLCHAIN.md). Here the run may
// block; the page needs no reply to watch or stop it, because it reads the
// labs' memory and writes the stop word straight into the shared memory it got
// in `shared/ready`. A run that never returns is ended by terminating this worker.
//
// Each lab's threaded side is its `labs/<id>/threads.js`, found by convention.
import init, * as wasm from '../../pkg/threads/threadlab.js';
import { MSG, labOfPath } from './messages.js';

/** @type {Record<string, import('./lab-sides.js').ThreadsSide>} */
const LABS = Object.fromEntries(
  Object.entries(import.meta.glob('../labs/*/threads.js', { eager: true, import: 'default' })).map(([path, side]) => [
    labOfPath(path),
    /** @type {import('./lab-sides.js').ThreadsSide} */ (side),
  ]),
);

self.addEventListener('message', async (/** @type {MessageEvent<import('./messages.js').Message>} */ e) => {
  const m = e.data;
  const id = 'id' in m ? m.id : undefined;
  try {
    if (m.type === MSG.SHARED_INIT) {
      await init();
      const t0 = performance.now();
      await wasm.initThreadPool(m.threads);
      const startMs = performance.now() - t0;
      /** @type {Record<string, import('./memory-view.js').Layout>} */
      const layouts = {};
      for (const [lab, side] of Object.entries(LABS)) if (side.layout) layouts[lab] = side.layout(wasm);
      /** @type {import('./messages.js').SharedReady} */
      const ready = {
        type: MSG.SHARED_READY,
        memory: wasm.wasmMemory(),
        control: wasm.controlLayout(),
        layouts,
        threads: wasm.poolThreads(),
        startMs,
      };
      self.postMessage(ready);
    } else if (m.type === MSG.SHARED_RUN) {
      const kernel = LABS[m.lab]?.kernels[m.kernel];
      if (!kernel) throw new Error(`no threaded kernel "${m.kernel}" for lab "${m.lab}"`);
      const t0 = performance.now();
      const result = kernel(wasm, m.params);
      /** @type {import('./messages.js').SharedDone} */
      const done = { type: MSG.SHARED_DONE, id: m.id, result, elapsedMs: performance.now() - t0 };
      self.postMessage(done);
    }
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id, message: err instanceof Error ? err.message : String(err) });
  }
});
