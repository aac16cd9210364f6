// Lab `threads-vs-processes`: what the registry, the URL and the course know of
// it. Kernel: crate/src/labs/threads_vs_processes/. Browser test:
// tests/threads-vs-processes.test.mjs.

const cores = globalThis.navigator?.hardwareConcurrency || 0;

export default {
  id: 'threads-vs-processes',
  title: 'Threads vs processes',
  summary: 'Threads share one memory; processes each own theirs; interpreters own theirs but share a queue.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    mode: {
      type: 'enum',
      label: 'Mode',
      values: ['shared', 'interpreters', 'isolated', 'both', 'all'],
      options: {
        shared: 'Threads (shared memory)',
        interpreters: 'Interpreters (own memory, shared queue)',
        isolated: 'Processes (isolated workers)',
        both: 'Threads and processes',
        all: 'All three, side by side',
      },
      default: 'all',
      // Radios even with five values: on a page without shared memory the thread modes are disabled one by one.
      widget: 'radio',
    },
    workers: {
      type: 'int',
      label: 'Workers (W)',
      min: 1,
      max: 16,
      default: Math.min(16, Math.max(1, cores || 4)),
      help: `1–16 · this machine has ${cores || '?'} cores`,
    },
    iters: { type: 'int', label: 'Increments per worker (K)', min: 1, max: 10_000_000, default: 100_000, help: '1 – 10,000,000' },
    slow: { type: 'bool', label: 'Slow motion', default: false },
  },
};
