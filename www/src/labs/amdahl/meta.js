// Lab `amdahl`: what the registry, the URL and the course know of it.
// Kernel: crate/src/labs/amdahl/. Browser test: tests/amdahl.test.mjs.

/** Logical cores the browser reports (what "as many threads as cores" means here). */
export const CORES = Math.max(1, globalThis.navigator?.hardwareConcurrency || 1);

export default {
  id: 'amdahl',
  title: "Amdahl's law",
  summary: 'A serial part caps the speedup of any number of threads: measured against 1/(s + (1−s)/n).',
  /** @type {import('../../params.js').Schema} */
  schema: {
    mode: {
      type: 'enum',
      label: 'Run on',
      values: ['shared', 'isolated'],
      options: { shared: 'Threads (one shared memory)', isolated: 'Processes (isolated workers: shares and results by message)' },
      default: 'shared',
    },
    s: { type: 'int', label: 'Serial fraction s (%)', min: 0, max: 100, default: 20, help: '0–100 · the part only one thread can do' },
    threads: {
      type: 'int',
      label: 'Threads P',
      min: 1,
      max: 16,
      // Past the core count by default, so the flattening shows.
      default: Math.min(16, Math.max(2, 2 * CORES)),
      help: `1–16 · runs n = 1…P · this machine: ${CORES} cores`,
    },
    repeats: { type: 'int', label: 'Repeats R', min: 1, max: 10, default: 3, help: '1–10 timed runs per n' },
    work: { type: 'int', label: 'Work W (million steps)', min: 1, max: 100, default: 16, help: '1–100 · 1 M ≈ 7 ms on one core' },
  },
};
