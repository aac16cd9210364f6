// Lab `lock-free`: what the registry, the URL and the course know of it.
// Kernel: crate/src/labs/lock_free/. Browser test: tests/lock-free.test.mjs.

/** Logical cores the browser reports. */
export const CORES = Math.max(1, globalThis.navigator?.hardwareConcurrency || 1);

export default {
  id: 'lock-free',
  title: 'Lock-free data structures',
  summary: 'A mutex stack vs a Treiber stack, three counters, and the ABA problem caught on real threads.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    test: {
      type: 'enum',
      label: 'Run',
      values: ['throughput', 'aba'],
      options: {
        throughput: 'Throughput: the stacks and the counters on 1…P threads',
        aba: 'ABA: the Treiber stack without and with a version tag, under stress',
      },
      widget: 'radio',
      default: 'throughput',
    },
    threads: {
      type: 'int',
      label: 'Threads P',
      min: 2,
      max: 16,
      default: Math.min(16, Math.max(2, CORES)),
      help: `2–16 · throughput runs n = 1…P · this machine: ${CORES} cores`,
    },
    ops: { type: 'int', label: 'Operations per thread', min: 1, max: 10_000_000, default: 200_000, help: '1 – 10,000,000 · ABA: thread 1’s rounds of pop, pop, push, push' },
    threshold: { type: 'int', label: 'Approximate counter threshold S', min: 1, max: 1_000_000, default: 3000, help: '1 – 1,000,000 · a thread adds its count to the global every S' },
    stress: { type: 'int', label: 'Stress pause (spins)', min: 0, max: 100_000, default: 500, help: '0 – 100,000 · ABA: thread 1 pauses inside each pop, the others between their pushes' },
  },
};
