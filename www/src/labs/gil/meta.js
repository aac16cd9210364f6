// Lab `gil`: what the registry, the URL and the course know of it. Kernel:
// crate/src/labs/gil/. Browser test: tests/gil.test.mjs.

const cores = globalThis.navigator?.hardwareConcurrency || 0;

export default {
  id: 'gil',
  title: 'The GIL',
  summary: 'One global lock: threads take turns, free threads and processes use the cores.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    threads: {
      type: 'int',
      label: 'Threads (T)',
      min: 1,
      max: 8,
      default: Math.min(8, Math.max(2, cores || 4)),
      help: `1–8 · this machine has ${cores || '?'} cores`,
    },
    work: { type: 'int', label: 'Work per thread (units)', min: 1, max: 20_000, default: 3000, help: '1 – 20,000' },
    interval: {
      type: 'int',
      label: 'Switch interval (µs)',
      min: 100,
      max: 50_000,
      default: 5000,
      help: '100 – 50,000 · how long a thread may hold the GIL (CPython: 5,000 µs)',
    },
    repeats: { type: 'int', label: 'Repeats', min: 1, max: 5, default: 1, help: '1–5 · the median counts' },
  },
};
