// Lab `bench`: the results table's rows, from a run's results — shared by the
// panel and scripts/bench.mjs (which adds the native figure and the gzip bytes
// first, then a row of its own per stepper sample).
import { fmt, fmtBytes, fmtMs } from '../../views/dom.js';

/** What the project aims at; shown beside each figure, never asserted. */
export const TARGETS = {
  P1: 'speedup ≥ 0.95 × threads',
  P2: '≤ 1.25 × native',
  P3: 'shared ≥ 1000 × faster than a copy',
  P4: '≤ 10 µs and ≥ 4 × faster than postMessage',
  P5: 'p95 ≤ 8 ms',
  P6: '≤ 250 KB gzip, pool ≤ 150 ms, interactive ≤ 1 s',
};

/**
 * @typedef {import('./measure.js').Stats} Stats
 * @typedef {{seq: Stats, par: Stats, threads: number, checksum: string}} Native the native twin (scripts/bench.mjs)
 * @typedef {{gzipBytes: number, interactiveMs: Stats}} FirstLoad the first lab loaded cold (scripts/bench.mjs)
 * @typedef {import('./measure.js').Results & {native?: Native, firstLoad?: FirstLoad}} AllResults
 * @typedef {{id: string, measure: string, value: string, num: number | null, range: string, target: string, met: boolean | null}} Row
 */

const usNum = (/** @type {number} */ ms) => (ms * 1000).toFixed(ms < 0.01 ? 2 : 1);
const us = (/** @type {number} */ ms) => `${usNum(ms)} µs`;
const msf = (/** @type {number} */ ms) => `${fmtMs(ms)} ms`;
const usRange = (/** @type {Stats} */ s) => `${usNum(s.min)}–${usNum(s.max)} µs`;
const msRange = (/** @type {Stats} */ s) => `${fmtMs(s.min)}–${fmtMs(s.max)} ms`;
const times = (/** @type {number} */ x) => `${x >= 100 ? fmt(Math.round(x)) : x.toFixed(2)}×`;
const ratioRange = (/** @type {Stats} */ a, /** @type {Stats} */ b) => `${(a.min / b.max).toFixed(2)}–${(a.max / b.min).toFixed(2)}×`;

/**
 * Rows of the results table, in order.
 * @param {AllResults} r
 * @returns {Row[]}
 */
export function rows(r) {
  /** @type {Row[]} */
  const out = [];
  const add = (/** @type {string} */ id, /** @type {string} */ measure, value = '', num = /** @type {number|null} */ (null), range = '', met = /** @type {boolean|null} */ (null), target = '') =>
    out.push({ id, measure, value, num, range, target, met });
  const na = (/** @type {string} */ id, /** @type {string} */ measure, /** @type {string} */ target) => add(id, measure, 'unavailable', null, '', null, target);

  if ('unavailable' in r.p1) na('P1', 'Parallel speedup', TARGETS.P1);
  else {
    const p = r.p1;
    add('P1', 'Sum on 1 thread', msf(p.one.median), p.one.median, msRange(p.one));
    add('P1', `Sum on ${r.threads} threads`, msf(p.all.median), p.all.median, msRange(p.all));
    add('P1', `Speedup (${r.threads} threads, ${r.cores} cores)`, `${p.speedup.toFixed(2)}× · efficiency ${(100 * p.efficiency).toFixed(0)} %`, p.speedup,
      ratioRange(p.one, p.all), p.speedup >= 0.95 * r.threads, `≥ ${(0.95 * r.threads).toFixed(2)}×`);
  }
  add('P2', 'Sum on 1 thread, wasm (plain build)', msf(r.p2.wasm.median), r.p2.wasm.median, msRange(r.p2.wasm));
  if (r.native) {
    const ratio = r.p2.wasm.median / r.native.seq.median;
    add('P2', 'Same sum, native Rust (release)', msf(r.native.seq.median), r.native.seq.median, msRange(r.native.seq));
    add('P2', 'wasm ÷ native', times(ratio), ratio, '', ratio <= 1.25, TARGETS.P2);
    // The same split natively: if native rayon gets no better speedup, the cores, not wasm, are the limit.
    const nativeSpeedup = r.native.seq.median / r.native.par.median;
    add('P2', `Native speedup on ${r.native.threads} threads (for P1)`, times(nativeSpeedup), nativeSpeedup, ratioRange(r.native.seq, r.native.par));
  }
  const mib = r.p3.bytes / 1048576;
  add('P3', `${mib} MiB by structured clone`, msf(r.p3.clone.median), r.p3.clone.median, msRange(r.p3.clone));
  add('P3', 'Copy throughput', `${fmt(Math.round(r.p3.copyMBps))} MB/s`, r.p3.copyMBps);
  add('P3', `${mib} MiB by transfer`, msf(r.p3.transfer.median), r.p3.transfer.median, msRange(r.p3.transfer));
  const { shared, sharedAsleep, sharedVsClone, sharedAsleepVsClone } = r.p3;
  if ('unavailable' in shared || sharedVsClone === null) na('P3', 'In shared memory', TARGETS.P3);
  else {
    add('P3', 'In shared memory (nothing copied)', us(shared.median), shared.median, usRange(shared));
    add('P3', 'Shared vs clone', `${times(sharedVsClone)} faster`, sharedVsClone, '', sharedVsClone >= 1000, TARGETS.P3);
    if (!('unavailable' in sharedAsleep) && sharedAsleepVsClone !== null) {
      add('P3', 'In shared memory, receiver asleep in Atomics.wait', us(sharedAsleep.median), sharedAsleep.median, usRange(sharedAsleep));
      add('P3', 'Shared (receiver asleep) vs clone', `${times(sharedAsleepVsClone)} faster`, sharedAsleepVsClone, '', sharedAsleepVsClone >= 1000, '≥ 1000×');
    }
  }
  const { message, atomics, atomicsWaitOnly, atomicsVsMessage } = r.p4;
  add('P4', 'postMessage round trip (p50 · p95)', `${us(message.median)} · ${us(message.p95)}`, message.median, usRange(message));
  if ('unavailable' in atomics || 'unavailable' in atomicsWaitOnly || atomicsVsMessage === null) na('P4', 'Atomics round trip', TARGETS.P4);
  else {
    const waitVsMessage = message.median / atomicsWaitOnly.median;
    add('P4', `Atomics wait/notify only (p50 · p95; ${times(waitVsMessage)} faster than postMessage)`, `${us(atomicsWaitOnly.median)} · ${us(atomicsWaitOnly.p95)}`,
      atomicsWaitOnly.median, usRange(atomicsWaitOnly), atomicsWaitOnly.median <= 0.01 && waitVsMessage >= 4, '≤ 10 µs and ≥ 4×');
    add('P4', `Atomics spin, then wait (p50 · p95; ${times(atomicsVsMessage)} faster than postMessage)`, `${us(atomics.median)} · ${us(atomics.p95)}`,
      atomics.median, usRange(atomics), atomics.median <= 0.01 && atomicsVsMessage >= 4, TARGETS.P4);
  }
  if ('unavailable' in r.p5) na('P5', 'Frame time while threads write', TARGETS.P5);
  else {
    const { frame, interval } = r.p5;
    add('P5', `Frame work, 256×256 grid, ${r.threads} threads writing (p50 · p95)`, `${msf(frame.median)} · ${msf(frame.p95)}`, frame.p95, msRange(frame), frame.p95 <= 8, TARGETS.P5);
    add('P5', 'Frame interval (p50 · p95)', `${msf(interval.median)} · ${msf(interval.p95)}`, interval.p95, msRange(interval));
  }
  if (r.firstLoad) {
    const f = r.firstLoad;
    add('P6', 'First lab: bytes over the wire (gzip)', fmtBytes(f.gzipBytes), f.gzipBytes, '', f.gzipBytes <= 250_000, '≤ 250 KB');
    add('P6', 'First lab: time to interactive', msf(f.interactiveMs.median), f.interactiveMs.median, msRange(f.interactiveMs), f.interactiveMs.median <= 1000, '≤ 1 s');
  } else {
    add('P6', 'This page: bytes loaded (as served)', fmtBytes(r.p6.pageBytes), r.p6.pageBytes);
    add('P6', 'This page: ready after', msf(r.p6.readyMs), r.p6.readyMs);
  }
  if (r.p6.poolStartMs !== undefined) {
    add('P6', `Thread pool start (${r.threads} threads)`, msf(r.p6.poolStartMs), r.p6.poolStartMs, '', r.p6.poolStartMs <= 150, '≤ 150 ms');
  } else na('P6', 'Thread pool start', '≤ 150 ms');
  return out;
}
