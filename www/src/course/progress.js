// The learner's progress, kept in this browser only (localStorage; nothing
// leaves the page): which labs were run and which stepper samples explored,
// and which predict questions were answered. Storage may be missing or refuse
// writes (private windows, blocked site data, a full quota): then progress
// lasts as long as the page, and the page still works.
import { EMBED } from '../embed/protocol.js';

const KEY = 'threadlab:progress';

/**
 * @typedef {{version: 1, runs: Record<string, number>, predictions: Record<string, Record<string, string>>}} Progress
 *   runs: finished runs per lab id, and per stepper sample as `stepper:<sample>`;
 *   predictions: per lab id, question text → the answer chosen last.
 */

/** @returns {Progress} */
const empty = () => ({ version: 1, runs: {}, predictions: {} });

/** The browser's localStorage, or null when it cannot be used. */
function storage() {
  try {
    const s = globalThis.localStorage;
    if (!s) return null;
    // Reading can throw (SecurityError) where site data is blocked.
    s.getItem(KEY);
    return s;
  } catch {
    return null;
  }
}

/** Kept here when storage is unavailable, so the page still shows this visit's progress. */
let memory = empty();

/** @returns {Progress} */
export function loadProgress() {
  const s = storage();
  if (!s) return structuredClone(memory);
  try {
    const p = JSON.parse(s.getItem(KEY) ?? 'null');
    if (p && p.version === 1 && typeof p.runs === 'object' && typeof p.predictions === 'object') return p;
  } catch {
    /* unreadable: start afresh */
  }
  return empty();
}

/** @param {Progress} p @returns {boolean} whether it was stored (false: kept for this page only) */
function save(p) {
  memory = p;
  const s = storage();
  if (!s) return false;
  try {
    s.setItem(KEY, JSON.stringify(p));
    return true;
  } catch {
    return false;
  }
}

/** Whether progress survives a reload here. */
export const progressStored = () => storage() !== null;

/**
 * Records one finished run of `lab` (and of its stepper sample, if any).
 * @param {string} lab
 * @param {string} [sample]
 */
export function recordRun(lab, sample) {
  const p = loadProgress();
  p.runs[lab] = (p.runs[lab] ?? 0) + 1;
  if (sample) p.runs[`stepper:${sample}`] = (p.runs[`stepper:${sample}`] ?? 0) + 1;
  save(p);
}

/** @param {string} lab @param {string} question @param {string} answer */
export function recordPrediction(lab, question, answer) {
  const p = loadProgress();
  (p.predictions[lab] ??= {})[question] = answer;
  save(p);
}

/** Forgets everything. */
export function forgetProgress() {
  memory = empty();
  try {
    storage()?.removeItem(KEY);
  } catch {
    /* nothing stored */
  }
}

/** Runs of a lab (or `stepper:<sample>`). */
export const runsOf = (/** @type {Progress} */ p, /** @type {string} */ key) => p.runs[key] ?? 0;

/** Predict questions answered in a lab. */
export const predictionsOf = (/** @type {Progress} */ p, /** @type {string} */ lab) => Object.keys(p.predictions[lab] ?? {}).length;

/**
 * Listens for the events every lab emits on its root (embed/protocol.js) and
 * records them: a run that finished (done, or stopped — a detected deadlock
 * ends that way) and a predict answer. Failed runs are not progress.
 * @param {EventTarget} root where the lab's events bubble to
 * @param {string} lab
 * @param {() => void} [changed] called after each record
 */
export function trackProgress(root, lab, changed) {
  root.addEventListener(EMBED.RUN_FINISHED, (e) => {
    const d = /** @type {CustomEvent} */ (e).detail ?? {};
    if (d.outcome === 'error') return;
    const sample = lab === 'stepper' && typeof d.params?.sample === 'string' ? d.params.sample : '';
    recordRun(lab, sample);
    changed?.();
  });
  root.addEventListener(EMBED.PREDICT, (e) => {
    const d = /** @type {CustomEvent} */ (e).detail ?? {};
    if (typeof d.question !== 'string' || !d.question) return;
    recordPrediction(lab, d.question, String(d.answer ?? d.choice ?? ''));
    changed?.();
  });
}
