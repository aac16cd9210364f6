// Speedups as a learner reads them. A speedup T(1) / T(n) is only as good as
// the two times it divides: a run shorter than a few ticks of the browser's
// clock (performance.now is coarsened — 5 µs when cross-origin isolated,
// 100 µs or more otherwise) measures the clock, not the work, and rounding
// such a ratio to "0.00×" (or dividing by a 0 into "Infinity×") tells the
// learner something false. So: no speedup from a time under MIN_TICKS ticks,
// and small but real speedups (parallel overhead dwarfing a tiny job) keep
// two significant digits instead of rounding to zero.

/** A time must span this many clock ticks to be divided: then the tick's rounding is ≤ 10 %. */
export const MIN_TICKS = 10;

/** @type {number | undefined} */
let tick;

/**
 * The resolution of `performance.now()` here, in ms, measured once: the
 * smallest step it takes over a few tries (at most ~1 ms of spinning).
 */
export function clockTickMs() {
  if (tick !== undefined) return tick;
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    best = Math.min(best, t1 - t0);
  }
  tick = Math.max(best, 0.001);
  return tick;
}

/** Whether `ms` is long enough to divide by (or into). @param {number} ms */
export const measurable = (ms) => Number.isFinite(ms) && ms >= MIN_TICKS * clockTickMs();

/**
 * T(1) / T(n), or null when either time is too short to measure.
 * @param {number} t1 @param {number} tn
 * @returns {number | null}
 */
export const speedupOf = (t1, tn) => (measurable(t1) && measurable(tn) ? t1 / tn : null);

/** Said instead of a speedup that was not measured. */
export const TOO_SHORT = 'too short to measure';

/**
 * A speedup with its ×: two decimals ("1.00×", "3.47×"), or two significant
 * digits below 0.1 ("0.012×": real, and worth seeing); `TOO_SHORT` for null.
 * @param {number | null} v
 */
export function fmtSpeedup(v) {
  return v == null || !Number.isFinite(v) ? TOO_SHORT : `${speedupDigits(v)}×`;
}

/** The number alone ("1.00", "0.012"), for data attributes; '' for null. @param {number | null} v */
export const speedupDigits = (v) => (v == null || !Number.isFinite(v) ? '' : v >= 0.095 ? v.toFixed(2) : v.toPrecision(2));
