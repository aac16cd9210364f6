// Lab `io`: what each way should take, by the simple model the chart draws
// beside the measurements. L is the mean latency, c the CPU per response, W
// the workers. Everything measured is measured; these are only the lines.

/** The four ways, in the order the page runs and shows them. */
export const WAYS = /** @type {const} */ (['sequential', 'threads', 'loop', 'processes']);

/** @typedef {typeof WAYS[number]} Way */

/** What each way is called on the page. */
export const WAY_NAMES = {
  sequential: 'Sequential',
  threads: 'Threads + GIL',
  loop: 'Event loop',
  processes: 'Processes',
};

/** Okabe & Ito colours, one per way (and a dash pattern, so colour is not the only channel). */
export const WAY_COLOURS = { sequential: '#555555', threads: '#D55E00', loop: '#0072B2', processes: '#009E73' };

/**
 * Model total time in ms.
 * @param {Way} way
 * @param {{n: number, latency: number, cpu: number, workers: number}} p (latency and cpu in ms)
 * @param {number} cores CPU cores the processes can use
 */
export function model(way, p, cores) {
  const { n, latency: L, cpu: c, workers: W } = p;
  const rounds = Math.ceil(n / W);
  if (way === 'sequential') return n * (L + c);
  // Waits overlap; under the GIL (and in one loop) the computing is serial.
  if (way === 'threads') return Math.max(rounds * (L + c), L + n * c);
  if (way === 'loop') return L + n * c;
  return Math.max(rounds * (L + c), L + (n * c) / Math.max(1, Math.min(W, cores)));
}

/** The formulas, as the page prints them. */
export const FORMULAS = {
  sequential: 'N·(L + c)',
  threads: 'max(⌈N/W⌉·(L + c), L + N·c)',
  loop: 'L + N·c',
  processes: 'max(⌈N/W⌉·(L + c), L + N·c / min(W, cores))',
};
