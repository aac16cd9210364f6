// Lab `starvation`: what a finished run means — who starved, in words from
// its own counts — the table comparing the locks' latest runs, and the
// feedback on the learner's prediction.
import { el, fmt, fmtMs } from '../../views/dom.js';
import { nameOf, roleOf } from './live.js';
import meta from './meta.js';

/** @typedef {'reader' | 'writer' | 'fair'} Lock */
/** @typedef {'writers' | 'readers' | 'some' | 'nobody'} Starved who starved */
/** @typedef {{starved: Starved, verdict: string, readerEntries: number[], writerEntries: number[], violations: number}} Verdict */

/** Each lock's name (the form's words for it). */
const LOCK_NAME = /** @type {Record<Lock, string>} */ (/** @type {import('../../params.js').EnumParam} */ (meta.schema.lock).options);
/** The same, inside a sentence. */
export const LOCK_SAID = { reader: 'reader preference', writer: 'writer preference', fair: 'the fair (FIFO) lock' };

const times = (/** @type {number} */ x) => `${fmt(x)} time${x === 1 ? '' : 's'}`;
const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);

/**
 * Who starved in a run, and the run in a sentence or two.
 * @param {import('./threads.js').Params} p
 * @param {import('./threads.js').Result} res
 * @returns {Verdict}
 */
export function judge(p, res) {
  const { entries, waitMaxUs, violations, elapsedUs } = res;
  const re = entries.slice(0, p.readers);
  const we = entries.slice(p.readers);
  const rSum = sum(re);
  const wSum = sum(we);
  const rMaxWait = Math.max(...waitMaxUs.slice(0, p.readers)) / 1000;
  const wMaxWait = Math.max(...waitMaxUs.slice(p.readers)) / 1000;
  // A thread starved when it got in at most a tenth as often as the busiest thread.
  const most = Math.max(...entries);
  const starvedSet = entries.map((e) => e * 10 <= most);
  const readersAll = starvedSet.slice(0, p.readers).every(Boolean);
  const writersAll = starvedSet.slice(p.readers).every(Boolean);
  /** @type {Starved} */
  const starved = writersAll ? 'writers' : readersAll ? 'readers' : starvedSet.some(Boolean) ? 'some' : 'nobody';
  const secs = (elapsedUs / 1e6).toFixed(1);
  const who = (/** @type {number} */ k, /** @type {string} */ s) => (k === 1 ? `the ${s}` : `the ${k} ${s}s`);
  // Starved threads of the other role too (writer preference: a writer that is asleep between looks
  // can lose every time to one that comes straight back).
  const others = (/** @type {'reader'|'writer'} */ role) => entries.map((_, t) => t).filter((t) => starvedSet[t] && roleOf(t, p.readers) === role);
  const also = (/** @type {number[]} */ ts) => (ts.length ? ` Also starved: ${ts.map((t) => `${nameOf(t, p.readers)} (${times(entries[t])})`).join(', ')}.` : '');
  let verdict;
  if (starved === 'writers') {
    verdict = `Writers starved: ${who(p.writers, 'writer')} entered ${times(wSum)} in ${secs} s — one wait lasted ${fmtMs(wMaxWait)} ms — while ${who(p.readers, 'reader')} entered ${times(rSum)}.${also(others('reader'))}`;
  } else if (starved === 'readers') {
    verdict = `Readers starved: ${who(p.readers, 'reader')} entered ${times(rSum)} in ${secs} s — one wait lasted ${fmtMs(rMaxWait)} ms — while ${who(p.writers, 'writer')} entered ${times(wSum)}.${also(others('writer'))}`;
  } else if (starved === 'some') {
    const ts = entries.map((_, t) => t).filter((t) => starvedSet[t]);
    verdict = `Not everyone got in: ${ts.map((t) => `${nameOf(t, p.readers)} entered ${times(entries[t])}`).join(', ')} in ${secs} s, while the busiest thread entered ${times(most)}.`;
  } else {
    verdict = `Nobody starved: in ${secs} s every thread entered at least ${times(Math.min(...entries))} (readers ${times(rSum)}, writers ${times(wSum)}); the longest wait was ${fmtMs(Math.max(rMaxWait, wMaxWait))} ms.`;
  }
  const safe = violations === 0 ? 'A writer was never inside with anyone.' : `A writer was inside with someone ${times(violations)}: the lock is broken.`;
  return { starved, verdict: `${verdict} ${safe}`, readerEntries: re, writerEntries: we, violations };
}

/** The result section: the latest run's verdict and one row per lock. */
export class ResultsView {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.$ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (root.querySelector(sel));
    /** @type {Map<Lock, HTMLElement>} */
    this.rows = new Map();
  }

  /**
   * @param {import('./threads.js').Params} p
   * @param {import('./threads.js').Result} res
   * @param {Verdict} v
   */
  show(p, res, v) {
    const summary = this.$('#sv-summary');
    summary.textContent = `${LOCK_NAME[p.lock]}: ${v.verdict}`;
    summary.dataset.starved = v.starved;
    summary.dataset.lock = p.lock;
    this.$('#sv-results').hidden = false;
    const range = (/** @type {number[]} */ xs) => {
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
    };
    const maxWait = (/** @type {number[]} */ us) => fmtMs(Math.max(...us) / 1000);
    const row = el(
      'tr',
      { 'data-lock': p.lock, 'data-starved': v.starved },
      el('th', { scope: 'row' }, `${LOCK_NAME[p.lock]}${res.stopped ? ' (stopped early)' : ''}`),
      el('td', {}, `${p.readers} / ${p.writers}`),
      el('td', { 'data-reader-entries': v.readerEntries.join(',') }, range(v.readerEntries)),
      el('td', { 'data-writer-entries': v.writerEntries.join(',') }, range(v.writerEntries)),
      el('td', {}, maxWait(res.waitMaxUs.slice(0, p.readers))),
      el('td', {}, maxWait(res.waitMaxUs.slice(p.readers))),
      el('td', {}, times(v.violations)),
    );
    this.rows.set(p.lock, row);
    const order = /** @type {Lock[]} */ (['reader', 'writer', 'fair']);
    this.$('#sv-compare tbody').replaceChildren(...order.flatMap((k) => this.rows.get(k) ?? []));
  }
}

/**
 * Feedback on the prediction (which is about reader preference).
 * @param {Lock} lock the run's lock
 * @param {Starved} starved
 * @param {string | undefined} choice the learner's answer
 */
export function feedback(lock, starved, choice) {
  if (lock !== 'reader') {
    const what = { nobody: 'nobody starved', some: 'some threads starved', readers: 'the readers starved', writers: 'the writers starved' };
    return `This run used ${LOCK_SAID[lock]}, and ${what[starved]}. The question is about reader preference: run that to check your prediction.`;
  }
  const explain =
    starved === 'writers'
      ? 'Under reader preference the overlapping readers never left the lock empty, so the writer got in almost never — it starved, though the lock never broke.'
      : 'This time the writer got in: with a gap between turns, or a single reader, the lock is sometimes empty. Try gap 0 and 3 readers.';
  const verdict = !choice ? '' : choice === 'none' && starved === 'writers' ? 'Your prediction fits. ' : 'Not quite. ';
  return verdict + explain;
}

/**
 * "What you saw": the run's lesson in plain words, from its own numbers.
 * @param {import('./threads.js').Params} p
 * @param {import('./threads.js').Result} res
 * @param {Verdict} v
 */
export function sawOf(p, res, v) {
  const rSum = sum(v.readerEntries);
  const wSum = sum(v.writerEntries);
  const secs = (res.elapsedUs / 1e6).toFixed(1);
  const lesson = {
    writers: `The readers got in ${times(rSum)} and the writer${p.writers === 1 ? '' : 's'} ${times(wSum)}: readers that overlap never leave the lock empty, so under ${LOCK_SAID[p.lock]} a writer can wait for ever.`,
    readers: `The writers got in ${times(wSum)} and the readers ${times(rSum)}: writers that come straight back always keep one waiting, and under ${LOCK_SAID[p.lock]} a waiting writer bars every reader.`,
    some: `Some threads got in far less often than others (readers ${times(rSum)}, writers ${times(wSum)}): the lock does not order them, so the quickest to come back wins.`,
    nobody: `Every thread got in again and again (readers ${times(rSum)}, writers ${times(wSum)}): under ${LOCK_SAID[p.lock]} nobody is overtaken for ever.`,
  }[v.starved];
  const safe = v.violations === 0 ? ' And the lock never broke: not once was a writer inside with anyone — starvation is a fairness bug, not a correctness bug.' : '';
  return `In ${secs} s on ${p.readers + p.writers} real threads: ${lesson}${safe}`;
}
