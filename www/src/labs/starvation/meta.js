// Lab `starvation`: what the registry, the URL and the course know of it.
// Kernel: crate/src/labs/starvation/. Browser test: tests/starvation.test.mjs.

export default {
  id: 'starvation',
  title: 'Starvation',
  summary: 'Readers–writers locks: under reader preference a writer can wait for ever; a fair lock lets everyone in.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    lock: {
      type: 'enum',
      label: 'Lock',
      values: ['reader', 'writer', 'fair'],
      options: { reader: 'Reader preference', writer: 'Writer preference', fair: 'Fair (first come, first served)' },
      widget: 'radio',
      default: 'reader',
    },
    readers: { type: 'int', label: 'Readers (R)', min: 1, max: 15, default: 3, help: '1–15 reader threads' },
    writers: { type: 'int', label: 'Writers (W)', min: 1, max: 15, default: 1, help: '1–15 writer threads; R + W ≤ 16' },
    read: { type: 'int', label: 'Read hold (ms)', min: 1, max: 50, default: 2, help: 'how long a reader stays inside, 1–50 ms' },
    write: { type: 'int', label: 'Write hold (ms)', min: 1, max: 50, default: 2, help: 'how long a writer stays inside, 1–50 ms' },
    gap: { type: 'int', label: 'Gap (ms)', min: 0, max: 50, default: 0, help: 'time outside between turns, 0–50 ms (0: straight back)' },
    duration: { type: 'int', label: 'Duration (ms)', min: 200, max: 10_000, default: 3000, help: 'length of the run, 200–10,000 ms' },
  },
};
