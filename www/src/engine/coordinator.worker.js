// The coordinator: hosts the threaded wasm build in a dedicated worker.
//
// Never on the page's main thread: a blocking rayon call there can only
// busy-wait (Atomics.wait throws on the main thread) and takes a core from the
// pool — 1.3× instead of 2× on two cores (TOOLCHAIN.md). Here the run may
// block; the page needs no reply to watch or stop it, because it reads the
// arena and writes the stop word straight into the shared memory it got in
// `shared/ready`. A run that never returns is ended by terminating this worker.
import init, * as wasm from '../../pkg/threads/threadlab.js';
import { arenaLayout, initThreadPool, wasmMemory, poolThreads, tvpRunThreads, benchSumThreads, benchPaintThreads } from '../../pkg/threads/threadlab.js';
import { MSG } from './messages.js';
// Lab `gil`: its threaded kernel (crate/src/labs/gil.rs).
import { gilRunThreads } from '../../pkg/threads/threadlab.js';

/** Each lab's threaded kernel: params in, a plain array of numbers out. */
const KERNELS = {
  'threads-vs-processes': (/** @type {any} */ p) => Array.from(tvpRunThreads(p.workers, p.iters, p.slow)),
  // Lab `bench`: the CPU-bound sum on the whole pool → [checksum low, high, stopped].
  'bench-sum': (/** @type {any} */ p) => Array.from(benchSumThreads(p.n)),
  // Lab `bench`: every pool thread paints the 256×256 grid for p.ms → [stopped, cells per thread…].
  'bench-paint': (/** @type {any} */ p) => Array.from(benchPaintThreads(p.ms)),
  // Lab `gil`: one variant (seq | gil | free), `repeats` times → [checksum low, high, stopped, µs per repeat…].
  gil: (/** @type {any} */ p) => Array.from(gilRunThreads(p.variant, p.threads, p.work, p.interval, p.repeats)),
};

self.addEventListener('message', async (/** @type {MessageEvent<any>} */ e) => {
  const m = e.data;
  try {
    if (m.type === MSG.SHARED_INIT) {
      await init();
      const t0 = performance.now();
      await initThreadPool(m.threads);
      const startMs = performance.now() - t0;
      self.postMessage({ type: MSG.SHARED_READY, memory: wasmMemory(), layout: arenaLayout(), threads: poolThreads(), startMs });
    } else if (m.type === MSG.SHARED_RUN) {
      const kernel = KERNELS[m.lab];
      if (!kernel) throw new Error(`no threaded kernel for lab "${m.lab}"`);
      const t0 = performance.now();
      const result = kernel(m.params);
      self.postMessage({ type: MSG.SHARED_DONE, id: m.id, result, elapsedMs: performance.now() - t0 });
    } else if (m.type === MSG.SHARED_CALL) {
      // A lab asks its own memory's layout (or another quick export) of this instance.
      const fn = /** @type {any} */ (wasm)[m.fn];
      if (typeof fn !== 'function' || m.fn === 'default' || m.fn.startsWith('init')) throw new Error(`no export "${m.fn}" to call`);
      const out = fn(...(m.args ?? []));
      const result = ArrayBuffer.isView(out) ? Array.from(/** @type {any} */ (out)) : out;
      self.postMessage({ type: MSG.SHARED_DONE, id: m.id, result, elapsedMs: 0 });
    }
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
});
