// The coordinator: hosts the threaded wasm build in a dedicated worker.
//
// Never on the page's main thread: a blocking rayon call there can only
// busy-wait (Atomics.wait throws on the main thread) and takes a core from the
// pool — 1.3× instead of 2× on two cores (TOOLCHAIN.md). Here the run may
// block; the page needs no reply to watch or stop it, because it reads the
// arena and writes the stop word straight into the shared memory it got in
// `shared/ready`. A run that never returns is ended by terminating this worker.
// One namespace import: each lab's KERNELS entry names its own export.
import init, * as wasm from '../../pkg/threads/threadlab.js';
import { MSG } from './messages.js';

/** Each lab's threaded kernel: params in, a plain array of numbers out. */
const KERNELS = {
  'threads-vs-processes': (/** @type {any} */ p) => Array.from(wasm.tvpRunThreads(p.workers, p.iters, p.slow)),
  // Lab `race`: R runs of racy, mutex, atomic → [stopped, runs done, (counter, lost, µs) per run and variant…].
  race: (/** @type {any} */ p) => Array.from(wasm.raceRunThreads(p.threads, p.iters, p.runs)),
  // Lab `bench`: the CPU-bound sum on the whole pool → [checksum low, high, stopped].
  'bench-sum': (/** @type {any} */ p) => Array.from(wasm.benchSumThreads(p.n)),
  // Lab `bench`: every pool thread paints the 256×256 grid for p.ms → [stopped, cells per thread…].
  'bench-paint': (/** @type {any} */ p) => Array.from(wasm.benchPaintThreads(p.ms)),
  // Lab `deadlock`: one philosopher per pool thread → [stopped, meals per philosopher…]; may never return (a real deadlock).
  deadlock: (/** @type {any} */ p) => Array.from(wasm.deadlockRunThreads(p.n, p.strategy, p.meals, p.think, p.eat, p.pause)),
  // Lab `starvation`: R readers + W writers at one lock for p.duration ms →
  // [stopped, elapsed µs, violations, n, entries×n, total wait µs×n, longest wait µs×n].
  starvation: (/** @type {any} */ p) =>
    Array.from(wasm.starvationRunThreads(p.policy, p.readers, p.writers, p.read, p.write, p.gap, p.duration)),
  // Lab `amdahl`: one timed run on a pool of exactly p.threads → [T ms, serial ms, parallel ms, stopped, checksum low, high].
  amdahl: (/** @type {any} */ p) => Array.from(wasm.amdahlRunThreads(p.threads, p.s, p.work, p.steps ?? 0)),
  // Lab `gil`: one variant (seq | gil | free), `repeats` times → [checksum low, high, stopped, µs per repeat…].
  gil: (/** @type {any} */ p) => Array.from(wasm.gilRunThreads(p.variant, p.threads, p.work, p.interval, p.repeats)),
};

self.addEventListener('message', async (/** @type {MessageEvent<any>} */ e) => {
  const m = e.data;
  try {
    if (m.type === MSG.SHARED_INIT) {
      await init();
      const t0 = performance.now();
      await wasm.initThreadPool(m.threads);
      const startMs = performance.now() - t0;
      self.postMessage({ type: MSG.SHARED_READY, memory: wasm.wasmMemory(), layout: wasm.arenaLayout(), threads: wasm.poolThreads(), startMs });
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
