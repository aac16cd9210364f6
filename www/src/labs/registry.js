// Every lab, in menu order. A lab is three files with one name: its kernel
// (crate/src/labs/<id>.rs), its panel (www/src/labs/<id>.js) and its browser
// test (tests/<id>.test.mjs). Panels load on demand.

/**
 * @typedef {{id: string, title: string, summary: string, load: () => Promise<LabModule>}} LabEntry
 * @typedef {{schema: import('../params.js').Schema, title: string,
 *   mount: (root: HTMLElement, ctx: import('../main.js').LabContext) => {dispose(): void}}} LabModule
 */

/** @type {LabEntry[]} */
export const LABS = [
  {
    id: 'threads-vs-processes',
    title: 'Threads vs processes',
    summary: 'Threads share one memory; processes each own theirs.',
    load: () => import('./threads-vs-processes.js'),
  },
  {
    id: 'race',
    title: 'Race conditions and locks',
    summary: 'Unsynchronised, locked and atomic counting on one shared counter: lost updates, and the price of the lock.',
    load: () => import('./race.js'),
  },
  {
    id: 'amdahl',
    title: "Amdahl's law",
    summary: 'A serial part caps the speedup of any number of threads: measured against 1/(s + (1−s)/n).',
    load: () => import('./amdahl.js'),
  },
  {
    id: 'gil',
    title: 'The GIL',
    summary: 'One global lock: threads take turns, free threads and processes use the cores.',
    load: () => import('./gil.js'),
  },
  {
    id: 'deadlock',
    title: 'Deadlock',
    summary: 'Dining philosophers on real threads and real mutexes: the deadlock, its cycle, and three fixes.',
    load: () => import('./deadlock.js'),
  },
  {
    id: 'starvation',
    title: 'Starvation',
    summary: 'Readers–writers locks: under reader preference a writer can wait for ever; a fair lock lets everyone in.',
    load: () => import('./starvation.js'),
  },
  {
    id: 'stepper',
    title: 'Stepper',
    summary: 'You are the scheduler: step threads one bytecode at a time, replay schedules, explore every interleaving.',
    load: () => import('./stepper/panel.js'),
  },
  {
    id: 'bench',
    title: 'Benchmarks',
    summary: 'How fast the engine is on your machine: cores, speedup, copying vs sharing, round trips.',
    load: () => import('./bench.js'),
  },
];

export const DEFAULT_LAB = LABS[0].id;
