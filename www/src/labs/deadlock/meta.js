// Lab `deadlock`: what the registry, the URL and the course know of it.
// Kernel: crate/src/labs/deadlock/. Browser test: tests/deadlock.test.mjs.

/** How long a philosopher pauses between its two forks when "pause" is on, ms. */
export const PAUSE_MS = 40;

export default {
  id: 'deadlock',
  title: 'Deadlock: dining philosophers',
  summary: 'Dining philosophers on real threads and real mutexes: the deadlock, its cycle, and three fixes.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    strategy: {
      type: 'enum',
      label: 'Strategy',
      values: ['naive', 'ordered', 'trylock', 'waiter'],
      options: {
        naive: 'Naive: left fork, then right',
        ordered: 'Lock ordering: lower-numbered fork first',
        trylock: 'Try-lock: if the right fork is busy, put the left back and back off',
        waiter: 'Waiter: at most N − 1 at the table',
      },
      widget: 'radio',
      default: 'naive',
    },
    n: { type: 'int', label: 'Philosophers (N)', min: 2, max: 8, default: 5, help: '2–8 · one thread each' },
    meals: { type: 'int', label: 'Meals each (M)', min: 1, max: 1000, default: 20, help: '1 – 1,000' },
    think: { type: 'int', label: 'Think time (ms)', min: 0, max: 200, default: 10, help: '0–200, before each meal' },
    eat: { type: 'int', label: 'Eat time (ms)', min: 0, max: 200, default: 10, help: '0–200' },
    pause: {
      type: 'bool',
      label: 'Pause between forks',
      default: true,
      help: `${PAUSE_MS} ms after the first fork: it widens the window in which everybody holds one fork — the window the deadlock needs`,
    },
  },
};
