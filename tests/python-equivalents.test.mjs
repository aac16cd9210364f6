// Every lab's "Python equivalent" is real, runnable Python: run each with the
// machine's python3 and check it shows what the lab teaches.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

/** Runs lab `<id>`'s twin, `www/src/labs/<id>/<id>.py` (before a lab moved to its folder: `labs/<id>.py`). */
const py = (file, ...args) => {
  const id = file.replace(/\.py$/, '');
  const inFolder = new URL(`../www/src/labs/${id}/${file}`, import.meta.url).pathname;
  const path = existsSync(inFolder) ? inFolder : new URL(`../www/src/labs/${file}`, import.meta.url).pathname;
  return execFileSync('python3', [path, ...args], { encoding: 'utf8', timeout: 60_000 });
};

test('threads-vs-processes.py: threads share the counter, processes do not', () => {
  const out = py('threads-vs-processes.py', '3', '20000');
  assert.match(out, /^threads: counter = 60000 \(workers x iters = 60000\)$/m);
  assert.match(out, /^processes: parent's counter = 0$/m);
  assert.match(out, /^processes: children sent \[20000, 20000, 20000\], sum = 60000$/m);
  // Each interpreter counts in its own globals (Python 3.14+; skipped with a message before).
  assert.match(out, /^interpreters: (interpreters sent \[20000, 20000, 20000\], sum = 60000|InterpreterPoolExecutor needs Python 3\.14 or later .*; skipped)$/m);
});

test('deadlock.py: the naive philosophers deadlock (detected, not hung); every fix eats every meal', () => {
  const out = py('deadlock.py', '5', '6');
  assert.match(out, /^naive: deadlock detected: cycle P0 -> P1 -> P2 -> P3 -> P4 -> P0, meals when stuck \[\d+, \d+, \d+, \d+, \d+\]$/m);
  for (const fix of ['ordered', 'trylock', 'waiter']) {
    assert.match(out, new RegExp(`^${fix}: all 5 philosophers ate 6 meals each: \\[6, 6, 6, 6, 6\\]$`, 'm'));
  }
});

test('starvation.py: the writer starves under reader preference and gets in under the fair lock', () => {
  const out = py('starvation.py', '1');
  const facts = (name) => {
    const m = out.match(new RegExp(`^${name}: readers entered \\[(\\d+), (\\d+), (\\d+)\\] times, the writer (\\d+) times$`, 'm'));
    assert.ok(m, `${name} line in:\n${out}`);
    const [r1, r2, r3, w] = m.slice(1).map(Number);
    return { least: Math.min(r1, r2, r3), writer: w };
  };
  const rp = facts('reader preference');
  const fair = facts('fair');
  assert.ok(rp.least >= 50, `readers kept entering: ${rp.least}`);
  assert.ok(rp.writer * 10 <= rp.least, `the writer starved: ${rp.writer} vs ${rp.least}`);
  assert.match(out, /^reader preference: the writer starved$/m);
  assert.ok(fair.writer >= 20, `fair: the writer got in ${fair.writer} times`);
  assert.ok(fair.writer >= 5 * rp.writer + 10);
  assert.match(out, /^fair: nobody starved$/m);
  assert.match(out, /^reader preference: .*writer inside with anyone: 0 times$/m);
  assert.match(out, /^fair: .*writer inside with anyone: 0 times$/m);
});

test('race.py: unsynchronised threads lose updates, a lock makes the count exact, processes count alone', () => {
  const out = py('race.py', '3', '2000');
  const racy = out.match(/^unsynchronised: counter = (\d+) \(expected 6000, lost (\d+)\)/m);
  assert.ok(racy, out);
  assert.ok(Number(racy[1]) < 6000, `the racy count is below expected: ${racy[1]}`);
  assert.equal(Number(racy[1]) + Number(racy[2]), 6000);
  assert.match(out, /^with a lock: counter = 6000 \(expected 6000, lost 0\)/m);
  assert.match(out, /^processes: parent's counter = 0$/m);
  assert.match(out, /^processes: children sent \[2000, 2000, 2000\], sum = 6000 \(expected 6000\)$/m);
});

test("amdahl.py: prints Amdahl's prediction beside the measured speedup of 1..n processes", () => {
  const out = py('amdahl.py', '20', '4', '2', '200000');
  assert.match(out, /^Amdahl's law: s = 20%, W = 200000 steps, n = 1\.\.4 processes, 2 repeats each \(this machine: \d+ cores\)$/m);
  const rows = [...out.matchAll(/^n=(\d+) theory=(\d+\.\d\d) measured=(\d+\.\d\d) \(min-max (\d+\.\d\d)-(\d+\.\d\d)\) T=[\d.]+ ms$/gm)];
  assert.deepEqual(rows.map((r) => [Number(r[1]), r[2]]), [[1, '1.00'], [2, '1.67'], [3, '2.14'], [4, '2.50']]);
  assert.equal(rows[0][3], '1.00', 'T(1)/T(1) is exactly 1');
  for (const r of rows) assert.ok(Number(r[3]) > 0, `n=${r[1]} measured a speedup`);
  assert.match(out, /^checksum: all 8 runs agree \(0x[0-9a-f]{16}\)$/m);
  assert.match(out, /^Amdahl's cap on the speedup: 1\/s = 5\.00$/m);
  // All serial: the law is flat at 1 whatever n is.
  const flat = py('amdahl.py', '100', '3', '1', '50000');
  assert.deepEqual([...flat.matchAll(/^n=\d+ theory=(\S+) /gm)].map((m) => m[1]), ['1.00', '1.00', '1.00']);
});

test('gil.py: threads give the sequential result; times, speedups and the switch interval are printed', () => {
  const out = py('gil.py', '200000');
  assert.match(out, /^sys\.getswitchinterval\(\) = [0-9.e-]+ s$/m);
  assert.match(out, /^1 thread: +\d+\.\d+ s {2}result \d+$/m);
  assert.match(out, /^2 threads: +\d+\.\d+ s {2}result \d+ {2}speedup \d+\.\d+x$/m);
  assert.match(out, /^2 processes: +\d+\.\d+ s {2}result \d+ {2}speedup \d+\.\d+x$/m);
  const result = (label) => out.match(new RegExp(`^${label}: .*result (\\d+)`, 'm'))?.[1];
  assert.equal(result('2 threads'), result('1 thread'), "the threads' result equals the sequential one");
  assert.equal(result('2 processes'), result('1 thread'));
  assert.match(out, /^threads' result equals sequential: True$/m);
});
