// Lab `bench`: what the registry, the URL and the course know of it. Kernels:
// crate/src/labs/bench/ (sum, paint) and process.js here (the pair of workers
// timing hand-overs and round trips). Driver: scripts/bench.mjs. Browser test:
// tests/bench.test.mjs.

const cores = Math.max(1, globalThis.navigator?.hardwareConcurrency || 1);
const fmt = (/** @type {number} */ n) => n.toLocaleString('en-US');

/**
 * A whole-number parameter whose help ends with its range, written once here.
 * @param {string} label
 * @param {number} min
 * @param {number} max
 * @param {number} def
 * @param {string} help
 * @returns {import('../../params.js').IntParam}
 */
const int = (label, min, max, def, help) => ({ type: 'int', label, min, max, default: def, help: `${help} · ${fmt(min)}–${fmt(max)}` });

export default {
  id: 'bench',
  title: 'Benchmarks',
  summary: 'How fast the engine is on your machine: cores, speedup, copying vs sharing, round trips.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    // 400,000,000 is the kernel's MAX_N (crate/src/labs/bench/mod.rs), which refuses more itself.
    n: int('Sum size', 100_000, 400_000_000, 32_000_000, 'items of the CPU-bound sum (P1, P2)'),
    repeats: int('Repeats', 1, 30, 5, 'timed runs of each measurement; the median is shown'),
    threads: int('Threads', 1, 16, Math.min(16, cores), '“all threads” for P1 and P5'),
    mib: int('Hand-over size (MiB)', 1, 256, 64, 'the buffer handed to a worker (P3)'),
    rounds: int('Round trips', 64, 100_000, 4096, 'ping-pongs between two workers (P4)'),
    paintms: int('Paint time (ms)', 200, 20_000, 2000, 'how long the threads paint while the page draws (P5)'),
  },
};
