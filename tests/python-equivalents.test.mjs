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
