// Summary statistics for repeated measurements, shared by the bench page and
// scripts/bench.mjs (plain functions: they run in the browser and in Node).

/**
 * The q-quantile (0..1) by the nearest-rank method.
 * @param {number[]} xs
 * @param {number} q
 */
export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}

/**
 * Median, min, max and p95 of `xs`, with the samples kept.
 * @param {number[]} xs
 */
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], p95: quantile(s, 0.95), n: s.length, samples: xs };
}
