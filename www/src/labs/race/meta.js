// Lab `race`: what the registry, the URL and the course know of it. Kernel:
// crate/src/labs/race/. Browser test: tests/race.test.mjs.

const cores = globalThis.navigator?.hardwareConcurrency || 0;

export default {
  id: 'race',
  title: 'Race conditions and locks',
  summary: 'Unsynchronised, locked and atomic counting on one shared counter: lost updates, and the price of the lock.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    mode: {
      type: 'enum',
      label: 'Mode',
      values: ['shared', 'isolated', 'both'],
      options: { shared: 'Threads (one shared counter)', isolated: 'Processes (a counter each)', both: 'Both, one after the other' },
      default: 'both',
    },
    threads: {
      type: 'int',
      label: 'Threads (T)',
      min: 1,
      max: 16,
      // At least two: with one thread there is nobody to race with.
      default: Math.min(16, Math.max(2, cores || 2)),
      help: `1–16 · this machine has ${cores || '?'} cores`,
    },
    iters: {
      type: 'int',
      label: 'Increments per thread (N)',
      min: 1,
      max: 10_000_000,
      // Long enough (tens of ms) that the threads overlap even when the OS is busy.
      default: 2_000_000,
      help: '1 – 10,000,000',
    },
    runs: { type: 'int', label: 'Runs (R)', min: 1, max: 50, default: 10, help: '1–50 repetitions (threads)' },
  },
};
