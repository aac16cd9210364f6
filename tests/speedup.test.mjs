// Speedups as the labs show them (views/speedup.js): never "0.00×" for a real
// but small speedup, never NaN or Infinity, and no ratio from a time shorter
// than the clock can measure. No browser needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_TICKS, TOO_SHORT, clockTickMs, fmtSpeedup, measurable, speedupDigits, speedupOf } from '../www/src/views/speedup.js';

test('the clock tick is measured, positive and small', () => {
  const t = clockTickMs();
  assert.ok(t > 0 && t < 20, `tick ${t} ms`);
});

test('a time under MIN_TICKS ticks, zero, negative or not a number is not divided', () => {
  const floor = MIN_TICKS * clockTickMs();
  for (const ms of [0, -1, NaN, Infinity, floor / 2]) assert.equal(measurable(ms), false, String(ms));
  assert.equal(measurable(floor * 2), true);
  assert.equal(speedupOf(0, 10), null, 'a baseline that rounded to 0 gives no speedup, not 0×');
  assert.equal(speedupOf(10, 0), null, 'a run that rounded to 0 gives no speedup, not Infinity×');
  assert.equal(speedupOf(0, 0), null, 'not NaN×');
  assert.equal(speedupOf(30, 10), 3);
});

test('formatting: two decimals, two significant digits below 0.1, words for nothing measured', () => {
  assert.equal(fmtSpeedup(1), '1.00×');
  assert.equal(fmtSpeedup(3.456), '3.46×');
  assert.equal(fmtSpeedup(0.5), '0.50×');
  assert.equal(fmtSpeedup(0.024), '0.024×', 'a tiny job on many workers: real, and not 0.00×');
  assert.equal(fmtSpeedup(0.0042), '0.0042×');
  assert.equal(fmtSpeedup(null), TOO_SHORT);
  assert.equal(fmtSpeedup(Infinity), TOO_SHORT);
  assert.equal(fmtSpeedup(NaN), TOO_SHORT);
  assert.equal(speedupDigits(1), '1.00');
  assert.equal(speedupDigits(null), '');
  for (let v = 1e-4; v < 100; v *= 1.7) assert.doesNotMatch(fmtSpeedup(v), /^0\.00×$|NaN|Infinity/, String(v));
});
