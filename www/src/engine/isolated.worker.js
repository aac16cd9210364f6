// An isolated worker: its own instance of the plain (non-threaded) build, its
// own memory — the process analogue. Nothing is shared: the page learns what
// happened here only from the messages this worker posts, each a copy.
import init, { arenaLayout, arenaReset, wasmMemory, tvpRunChunk } from '../../pkg/plain/threadlab.js';
import { MSG } from './messages.js';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** The cells of this lab's grid. */
const TVP_CELLS = 128 * 128;
/** Slow motion: 16 ms per 1024 steps, the same pace the threaded writers keep. */
const SLOW_CHUNK = 1024;
const SLOW_PAUSE_MS = 16;

const ready = init().then(
  () => self.postMessage({ type: MSG.ISO_READY }),
  (err) => self.postMessage({ type: MSG.ERROR, message: `wasm failed to load: ${err?.message ?? err}` }),
);

/** A copy of this worker's private grid: what the page will see of it. */
function snapshot() {
  const layout = arenaLayout();
  const mem = /** @type {WebAssembly.Memory} */ (wasmMemory());
  return {
    counter: new Uint32Array(mem.buffer, layout.counter, 1)[0],
    writers: new Uint8Array(mem.buffer, layout.writers, TVP_CELLS).slice(),
  };
}

/** Runs one writer's share in chunks, posting a snapshot after each. */
async function runThreadsVsProcesses(/** @type {any} */ m) {
  const { writer, iters, slow } = m.params;
  arenaReset();
  const t0 = performance.now();
  // At full speed eight snapshots are enough to watch; in slow motion, one per 1024 steps.
  const chunk = slow ? SLOW_CHUNK : Math.max(1, Math.ceil(iters / 8));
  let done = 0;
  while (done < iters) {
    const end = Math.min(iters, done + chunk);
    done += tvpRunChunk(writer, done, end);
    if (done < iters) {
      self.postMessage({ type: MSG.ISO_PROGRESS, id: m.id, writer, done, ...snapshot() });
      if (slow) await sleep(SLOW_PAUSE_MS);
    }
  }
  self.postMessage({ type: MSG.ISO_DONE, id: m.id, writer, done, elapsedMs: performance.now() - t0, ...snapshot() });
}

const LABS = { 'threads-vs-processes': runThreadsVsProcesses };

self.addEventListener('message', async (/** @type {MessageEvent<any>} */ e) => {
  const m = e.data;
  try {
    await ready;
    if (m.type === MSG.ISO_RUN) {
      const lab = LABS[m.lab];
      if (!lab) throw new Error(`no isolated kernel for lab "${m.lab}"`);
      await lab(m);
    }
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
});
