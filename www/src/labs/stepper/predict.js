// Lab `stepper`: the predict question asked before exploring, and its answer
// read from the exploration's endings.

/** @typedef {import('./types.js').ExploreResult} ExploreResult */
/** @typedef {[question: string, yes: (r: ExploreResult) => boolean, why: string]} Predict */

const hasGlobal = (/** @type {ExploreResult} */ r, /** @type {string} */ name, /** @type {string} */ v) =>
  r.outcomes.some((o) => o.globals?.[name] === v);

/** Per sample: the question, the predicate on an exploration that makes the answer "yes", and why. */
/** @type {Record<string, Predict>} */
const PREDICTS = {
  race: ['Two threads each run counter += 1 once. Can counter end at 1?', (r) => hasGlobal(r, 'counter', '1'),
    'Both threads can LOAD counter (0) before either STOREs: both store 1 and one increment is lost.'],
  lock: ['Each thread now holds the lock around counter += 1. Can counter still end at 1?', (r) => hasGlobal(r, 'counter', '1'),
    'The lock makes load–add–store one unit: the other thread blocks at the lock until it is released, so counter always ends at 2.'],
  deadlock: ['Can this program get stuck, every thread waiting for a lock another one holds?', (r) => r.outcomes.some((o) => o.kind === 'deadlock'),
    'If every philosopher takes their left fork before anyone takes a right one, each waits for a fork the next one holds, forever.'],
};
/** @type {Predict} */
const GENERIC = [
  'Can this program end in more than one way, depending only on the schedule?',
  (r) => r.outcomes.length > 1,
  'The histogram lists every distinct ending the interleavings reach.',
];

/** The question for a sample, or the generic one for the learner's own program (`sample` null). */
export const predictFor = (/** @type {string | null} */ sample) => (sample ? PREDICTS[sample] ?? GENERIC : GENERIC);

/**
 * The feedback sentence after an exploration.
 * @param {Predict} p
 * @param {ExploreResult} r
 * @param {string | null} choice 'yes', 'no' or null when the learner did not predict
 */
export function feedback(p, r, choice) {
  const [, yes, why] = p;
  const truth = yes(r);
  const verdict = !choice ? '' : (choice === 'yes') === truth ? 'Your prediction fits. ' : 'Not quite. ';
  return `${verdict}${truth ? 'Yes' : 'No'}${r.budgetHit ? ' (as far as the budget reached)' : ''}: ${why}`;
}
