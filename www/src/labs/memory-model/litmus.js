// Lab `memory-model`: the litmus tests, declared once. Everything else is
// derived from these declarations: the threads' code shown side by side
// (listing), the kernels the workers run (kernel.js interprets the ops), the
// Python program the stepper explores (python), and the outcome tables.
// No DOM here: the Node test imports this file too.

/**
 * One access of a straight-line litmus thread: store `val` to `v`, or load `v` into register `reg`.
 * @typedef {{w: true, v: string, val: number} | {w: false, v: string, reg: string}} Op
 *
 * Whether an outcome may appear, per model, for the test with plain accesses.
 * `true`: allowed, `false`: forbidden. From the published models: SC (Lamport 1979);
 * x86-TSO (Owens, Sarkar, Sewell, "A better x86 memory model: x86-TSO", TPHOLs 2009; Sewell et al.,
 * CACM 53(7) 2010); ARMv8 (Pulte, Flur, Deacon et al., "Simplifying ARM concurrency: multicopy-atomic
 * axiomatic and operational models for ARMv8", POPL 2018 — the herd7 `aarch64.cat` model; the same
 * verdicts as the herdtools7 litmus catalogue for these tests).
 * @typedef {{sc: boolean, tso: boolean, arm: boolean}} Verdict
 *
 * @typedef {object} Outcome
 * @property {number[]} vals one value per column (`cols`), in order
 * @property {Verdict} verdict
 * @property {string} [why] for a forbidden-under-SC outcome: what it takes to see it
 *
 * @typedef {object} LitmusTest
 * @property {string} id URL value
 * @property {string} name
 * @property {string} blurb one sentence: what the test asks
 * @property {string[]} vars the shared locations, all 0 at the start of every iteration
 * @property {Op[][]} [ops] straight-line tests: each thread's accesses, in program order
 * @property {'dekker' | 'peterson'} [lock] the two lock tests: hand-written kernels (kernel.js)
 * @property {string[]} cols what an outcome is made of: registers, then final values of `finals`
 * @property {string[]} finals locations whose final value is part of the outcome
 * @property {Outcome[]} outcomes every outcome that can appear under any of the three models
 * @property {string} question the predict question's subject ("r1 = r2 = 0")
 * @property {string} armNote what ARM (phones, Apple silicon) would show that x86 does not, or the same
 */

const W = (/** @type {string} */ v, /** @type {number} */ val) => /** @type {Op} */ ({ w: true, v, val });
const R = (/** @type {string} */ v, /** @type {string} */ reg) => /** @type {Op} */ ({ w: false, v, reg });

const ALL = { sc: true, tso: true, arm: true };
/** Forbidden under SC, allowed by TSO's store buffers and by ARMv8. */
const STORE_BUFFER = { sc: false, tso: true, arm: true };
/** Forbidden under SC and x86-TSO, allowed by ARMv8 only. */
const ARM_ONLY = { sc: false, tso: false, arm: true };

/** Every combination of 0/1 for `n` columns, in counting order (first column slowest). */
const bits = (/** @type {number} */ n) =>
  Array.from({ length: 2 ** n }, (_, i) => Array.from({ length: n }, (_, k) => (i >> (n - 1 - k)) & 1));

/** @type {LitmusTest[]} */
export const TESTS = [
  {
    id: 'sb',
    name: 'SB — store buffering',
    blurb: 'Each thread writes its own variable, then reads the other one.',
    vars: ['x', 'y'],
    ops: [
      [W('x', 1), R('y', 'r1')],
      [W('y', 1), R('x', 'r2')],
    ],
    cols: ['r1', 'r2'],
    finals: [],
    outcomes: bits(2).map((vals) =>
      vals[0] === 0 && vals[1] === 0
        ? { vals, verdict: STORE_BUFFER, why: 'each store still waits in its core’s store buffer while the other core’s load runs' }
        : { vals, verdict: ALL },
    ),
    question: 'r1 = r2 = 0',
    armNote: 'ARM allows it too, for the same reason: a store may become visible after a later load.',
  },
  {
    id: 'mp',
    name: 'MP — message passing',
    blurb: 'Thread 0 writes the data, then raises a flag; thread 1 reads the flag, then the data.',
    vars: ['x', 'y'],
    ops: [
      [W('x', 1), W('y', 1)],
      [R('y', 'r1'), R('x', 'r2')],
    ],
    cols: ['r1', 'r2'],
    finals: [],
    outcomes: bits(2).map((vals) =>
      vals[0] === 1 && vals[1] === 0
        ? { vals, verdict: ARM_ONLY, why: 'the two stores, or the two loads, are reordered — x86 never does that, ARM may' }
        : { vals, verdict: ALL },
    ),
    question: 'r1 = 1 and r2 = 0 (the flag seen, the data not)',
    armNote: 'On ARM (phones, Apple silicon) the flag can arrive before the data: r1 = 1, r2 = 0 shows up.',
  },
  {
    id: 'lb',
    name: 'LB — load buffering',
    blurb: 'Each thread reads one variable, then writes the other.',
    vars: ['x', 'y'],
    ops: [
      [R('x', 'r1'), W('y', 1)],
      [R('y', 'r2'), W('x', 1)],
    ],
    cols: ['r1', 'r2'],
    finals: [],
    outcomes: bits(2).map((vals) =>
      vals[0] === 1 && vals[1] === 1
        ? { vals, verdict: ARM_ONLY, why: 'each load reads a store that comes after it in the other thread — a load overtaken by a later store' }
        : { vals, verdict: ALL },
    ),
    question: 'r1 = r2 = 1 (each thread reads the other’s later write)',
    armNote: 'ARMv8 allows r1 = r2 = 1; real ARM cores show it rarely. x86 never.',
  },
  {
    id: 'iriw',
    name: 'IRIW — independent reads of independent writes',
    blurb: 'Two threads each write one variable; two readers read both, in opposite orders.',
    vars: ['x', 'y'],
    ops: [[W('x', 1)], [W('y', 1)], [R('x', 'r1'), R('y', 'r2')], [R('y', 'r3'), R('x', 'r4')]],
    cols: ['r1', 'r2', 'r3', 'r4'],
    finals: [],
    outcomes: bits(4).map((vals) =>
      vals.join('') === '1010'
        ? { vals, verdict: ARM_ONLY, why: 'the readers disagree on which write came first — on ARM, because each reader’s loads may be reordered' }
        : { vals, verdict: ALL },
    ),
    question: 'r1 = 1, r2 = 0, r3 = 1, r4 = 0 (the readers disagree on the order of the writes)',
    armNote: 'ARMv8 allows it with plain loads (they may be reordered); with dependent or fenced loads it is forbidden, since ARMv8 is multicopy-atomic. Four threads on few cores run slowly.',
  },
  {
    id: '22w',
    name: '2+2W — two threads, two writes each',
    blurb: 'Each thread writes both variables, in opposite orders; the outcome is what stays in memory.',
    vars: ['x', 'y'],
    ops: [
      [W('x', 1), W('y', 2)],
      [W('y', 1), W('x', 2)],
    ],
    cols: ['x', 'y'],
    finals: ['x', 'y'],
    outcomes: [
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ].map((vals) =>
      vals[0] === 1 && vals[1] === 1
        ? { vals, verdict: ARM_ONLY, why: 'each thread’s first write lands after the other thread’s second — its stores reordered' }
        : { vals, verdict: ALL },
    ),
    question: 'x = 1 and y = 1 at the end',
    armNote: 'ARMv8 allows x = y = 1 (stores to different places may be reordered); x86 never.',
  },
  {
    id: 'dekker',
    name: 'Dekker’s lock around a counter',
    blurb: 'Both threads take Dekker’s lock, add 1 to the counter (read, then write), and release it.',
    vars: ['flag0', 'flag1', 'turn', 'counter'],
    lock: 'dekker',
    cols: ['counter'],
    finals: ['counter'],
    outcomes: [
      { vals: [1], verdict: STORE_BUFFER, why: 'both threads were in the critical section at once: each saw the other’s flag still 0 (store buffering), so one increment was lost' },
      { vals: [2], verdict: ALL },
    ],
    question: 'counter = 1 (both inside the lock at once, one increment lost)',
    armNote: 'ARM breaks it the same way, and in more ways besides.',
  },
  {
    id: 'peterson',
    name: 'Peterson’s lock around a counter',
    blurb: 'Both threads take Peterson’s lock, add 1 to the counter (read, then write), and release it.',
    vars: ['flag0', 'flag1', 'turn', 'counter'],
    lock: 'peterson',
    cols: ['counter'],
    finals: ['counter'],
    outcomes: [
      { vals: [1], verdict: STORE_BUFFER, why: 'both threads were in the critical section at once: each read the other’s flag before its own flag and turn were visible, so one increment was lost' },
      { vals: [2], verdict: ALL },
    ],
    question: 'counter = 1 (both inside the lock at once, one increment lost)',
    armNote: 'ARM breaks it the same way, and in more ways besides.',
  },
];

/** @type {Record<string, LitmusTest>} */
export const BY_ID = Object.fromEntries(TESTS.map((t) => [t.id, t]));

/** How many threads a test runs. */
export const threadsOf = (/** @type {LitmusTest} */ t) => (t.ops ? t.ops.length : 2);

/** Values a column holds are 0..2: an outcome's index in the histogram is its values in base 3. */
export const RADIX = 3;
/** Histogram slots: four columns at most (IRIW). */
export const HIST_SLOTS = RADIX ** 4;

/** The histogram slot of an outcome's values. */
export const indexOf = (/** @type {number[]} */ vals) => vals.reduce((acc, v, k) => acc + v * RADIX ** k, 0);

/** "r1 = 0, r2 = 1" */
export const outcomeText = (/** @type {LitmusTest} */ t, /** @type {number[]} */ vals) =>
  t.cols.map((c, k) => `${c} = ${vals[k]}`).join(', ');

/** The outcomes forbidden under sequential consistency. */
export const scForbidden = (/** @type {LitmusTest} */ t) => t.outcomes.filter((o) => !o.verdict.sc);

// --- the accesses, as the page shows them -----------------------------------------

/** @typedef {'plain' | 'atomics' | 'fence'} Access */

/** Each thread's code for `access`, one string per thread (JavaScript on the shared Int32Array). */
export function listing(/** @type {LitmusTest} */ t, /** @type {Access} */ access) {
  if (t.lock) return lockListing(t.lock, access);
  return /** @type {Op[][]} */ (t.ops).map((ops) =>
    ops
      .map((op, k) => {
        const line =
          access === 'atomics'
            ? op.w
              ? `Atomics.store(${op.v}, ${op.val})`
              : `${op.reg} = Atomics.load(${op.v})`
            : op.w
              ? `${op.v} = ${op.val}`
              : `${op.reg} = ${op.v}`;
        return access === 'fence' && k < ops.length - 1 ? `${line}\nAtomics.add(fence, 1)` : line;
      })
      .join('\n'),
  );
}

/** Dekker's and Peterson's entry and exit, for thread `me` (0 or 1), in the page's words. */
function lockListing(/** @type {'dekker' | 'peterson'} */ lock, /** @type {Access} */ access) {
  const st = (/** @type {string} */ v, /** @type {string | number} */ x) => (access === 'atomics' ? `Atomics.store(${v}, ${x})` : `${v} = ${x}`);
  const ld = (/** @type {string} */ v) => (access === 'atomics' ? `Atomics.load(${v})` : v);
  const fence = access === 'fence' ? '\nAtomics.add(fence, 1)' : '';
  return [0, 1].map((me) => {
    const other = 1 - me;
    const mine = `flag${me}`;
    const theirs = `flag${other}`;
    const inc = `c = ${ld('counter')}\n${st('counter', 'c + 1')}`;
    if (lock === 'peterson') {
      return `${st(mine, 1)}\n${st('turn', other)}${fence}\nwhile (${ld(theirs)} === 1 &&\n       ${ld('turn')} === ${other}) {}\n${inc}\n${st(mine, 0)}`;
    }
    return `${st(mine, 1)}${fence}\nwhile (${ld(theirs)} === 1) {\n  if (${ld('turn')} !== ${me}) {\n    ${st(mine, 0)}\n    while (${ld('turn')} !== ${me}) {}\n    ${st(mine, 1)}${fence.replace('\n', '\n    ')}\n  }\n}\n${inc}\n${st('turn', other)}\n${st(mine, 0)}`;
  });
}

// --- the same test as a Python program, for the stepper -----------------------------

/**
 * The test as a program in the stepper's Python subset: every interleaving of
 * it is one sequentially consistent execution, so the stepper's exploration
 * finds exactly the outcomes SC allows.
 * @param {LitmusTest} t
 */
export function python(t) {
  const regs = t.cols.filter((c) => !t.finals.includes(c));
  const head = [
    `# ${t.name}, as threads that interleave (sequential consistency).`,
    `# ThreadLab's memory-model lab runs it on real cores; here every interleaving is explored.`,
    'import threading',
    '',
    ...t.vars.map((v) => `${v} = 0`),
    ...regs.map((r) => `${r} = -1`),
    '',
  ];
  const bodies = t.lock ? lockPython(t.lock) : /** @type {Op[][]} */ (t.ops).map((ops) => ops.map((op) => (op.w ? `${op.v} = ${op.val}` : `${op.reg} = ${op.v}`)));
  const defs = bodies.flatMap((lines, i) => {
    const written = [...new Set(lines.map((l) => l.match(/^\s*(\w+) = /)?.[1]).filter((v) => v && v !== 'c'))];
    return [`def t${i}():`, ...(written.length ? [`    global ${written.join(', ')}`] : []), ...lines.map((l) => `    ${l}`), ''];
  });
  const n = bodies.length;
  const start = [
    ...Array.from({ length: n }, (_, i) => `th${i} = threading.Thread(target=t${i})`),
    ...Array.from({ length: n }, (_, i) => `th${i}.start()`),
    ...Array.from({ length: n }, (_, i) => `th${i}.join()`),
    `print(${t.cols.join(', ')})`,
  ];
  return [...head, ...defs, ...start, ''].join('\n');
}

/** The lock tests' thread bodies in Python, lines without the function's indent. */
function lockPython(/** @type {'dekker' | 'peterson'} */ lock) {
  return [0, 1].map((me) => {
    const other = 1 - me;
    const inc = ['c = counter', 'counter = c + 1'];
    if (lock === 'peterson') {
      return [`flag${me} = 1`, `turn = ${other}`, `while flag${other} == 1 and turn == ${other}:`, '    pass', ...inc, `flag${me} = 0`];
    }
    return [
      `flag${me} = 1`,
      `while flag${other} == 1:`,
      `    if turn != ${me}:`,
      `        flag${me} = 0`,
      `        while turn != ${me}:`,
      '            pass',
      `        flag${me} = 1`,
      ...inc,
      `turn = ${other}`,
      `flag${me} = 0`,
    ];
  });
}
