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

test('deadlock.py: the naive philosophers deadlock (detected, not hung); every fix eats every meal', () => {
  const out = py('deadlock.py', '5', '6');
  assert.match(out, /^naive: deadlock detected: cycle P0 -> P1 -> P2 -> P3 -> P4 -> P0, meals when stuck \[\d+, \d+, \d+, \d+, \d+\]$/m);
  for (const fix of ['ordered', 'trylock', 'waiter']) {
    assert.match(out, new RegExp(`^${fix}: all 5 philosophers ate 6 meals each: \\[6, 6, 6, 6, 6\\]$`, 'm'));
  }
});
