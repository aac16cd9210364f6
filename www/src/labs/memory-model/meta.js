// Lab `memory-model`: what the registry, the URL and the course know of it.
// Its kernels are JavaScript (kernel.js, run by worker.js), so it has no Rust
// folder and no threads.js / process.js. Browser test: tests/memory-model.test.mjs.
import { TESTS } from './litmus.js';

export default {
  id: 'memory-model',
  title: 'Memory models',
  summary: 'Litmus tests on your own CPU: outcomes no interleaving allows, seen live, and the atomics and fences that forbid them.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    test: {
      type: 'enum',
      label: 'Litmus test',
      values: TESTS.map((t) => t.id),
      options: Object.fromEntries(TESTS.map((t) => [t.id, t.name])),
      default: 'sb',
      widget: 'select',
    },
    access: {
      type: 'enum',
      label: 'Shared accesses',
      values: ['plain', 'atomics', 'fence'],
      options: { plain: 'Plain (m[i] = v)', atomics: 'Atomics.load / store', fence: 'Plain + a fence between' },
      default: 'plain',
    },
    iters: {
      type: 'int',
      label: 'Iterations',
      min: 1000,
      max: 100_000_000,
      default: 1_000_000,
      help: '1,000 – 100,000,000',
    },
  },
};
