// An isolated worker: its own instance of the plain (non-threaded) build, its
// own memory — the process analogue. Nothing is shared: the page learns what
// happened here only from the messages this worker posts, each a copy.
//
// Each lab's process side is its `labs/<id>/process.js`, found by convention.
import init, * as wasm from '../../pkg/plain/threadlab.js';
import { MSG, labOfPath } from './messages.js';

/** @type {Record<string, import('./lab-sides.js').ProcessSide>} */
const LABS = Object.fromEntries(
  Object.entries(import.meta.glob('../labs/*/process.js', { eager: true, import: 'default' })).map(([path, side]) => [
    labOfPath(path),
    /** @type {import('./lab-sides.js').ProcessSide} */ (side),
  ]),
);

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

const ready = init().then(
  () => {
    /** @type {Record<string, import('./memory-view.js').Layout>} */
    const layouts = {};
    for (const [lab, side] of Object.entries(LABS)) if (side.layout) layouts[lab] = side.layout(wasm);
    self.postMessage({ type: MSG.ISO_READY, layouts });
  },
  (err) => self.postMessage({ type: MSG.ERROR, message: `wasm failed to load: ${err?.message ?? err}` }),
);

self.addEventListener('message', async (/** @type {MessageEvent<import('./messages.js').Message>} */ e) => {
  const m = e.data;
  if (m.type !== MSG.ISO_RUN) return;
  try {
    await ready;
    const kernel = LABS[m.lab]?.kernels[m.kernel];
    if (!kernel) throw new Error(`no isolated kernel "${m.kernel}" for lab "${m.lab}"`);
    const t0 = performance.now();
    /** @type {import('./lab-sides.js').ProcessIO} */
    const io = {
      worker: m.worker,
      wasm,
      sleep,
      progress: (data, transfer = []) => self.postMessage({ type: MSG.ISO_PROGRESS, id: m.id, worker: m.worker, data }, { transfer }),
    };
    const data = await kernel(m.params, io);
    self.postMessage({ type: MSG.ISO_DONE, id: m.id, worker: m.worker, data, elapsedMs: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
});
