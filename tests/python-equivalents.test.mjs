// Every lab's "Python equivalent" is real, runnable Python: run each with the
// machine's python3 and check it shows what the lab teaches.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

const py = (file, ...args) =>
  execFileSync('python3', [new URL(`../www/src/labs/${file}`, import.meta.url).pathname, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

test('threads-vs-processes.py: threads share the counter, processes do not', () => {
  const out = py('threads-vs-processes.py', '3', '20000');
  assert.match(out, /^threads: counter = 60000 \(workers x iters = 60000\)$/m);
  assert.match(out, /^processes: parent's counter = 0$/m);
  assert.match(out, /^processes: children sent \[20000, 20000, 20000\], sum = 60000$/m);
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
