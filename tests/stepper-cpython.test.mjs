// The stepper's wasm boundary, on the shipped plain build (www/pkg/plain):
// the contract's JSON shapes (crate/src/stepper/API.md), the facts the stepper must show,
// and, for every sample, `runSequential` against python3 running the same file
// under crate/src/stepper/cpython_harness.py (the same sequential schedule on
// real CPython threads). No browser needed; python3 missing is a failure.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
/** @type {any} */
let wasm;

before(async () => {
  wasm = await import(join(root, 'www/pkg/plain/threadlab.js'));
  await wasm.default({ module_or_path: readFileSync(join(root, 'www/pkg/plain/threadlab_bg.wasm')) });
});

const samples = () => JSON.parse(wasm.stepperSamples());
const sample = (/** @type {string} */ id) => samples().find((/** @type {any} */ s) => s.id === id);

test('samples: every id, each compiles', () => {
  const ids = samples().map((/** @type {any} */ s) => s.id);
  assert.deepEqual(ids, ['race', 'lock', 'deadlock', 'starvation', 'prodcons', 'processes', 'gil', 'asyncio', 'gil310', 'spouses', 'bank', 'exceptions', 'pool', 'async_timeout', 'poolmap']);
  for (const s of samples()) {
    const c = JSON.parse(wasm.stepperCompile(s.source));
    assert.equal(c.ok, true, s.id);
    assert.ok(c.code[0].name === '<module>' && c.code[0].instrs.length > 0);
  }
});

test('compile: counter += 1 is load / add / store; errors have line, column, construct', () => {
  const c = JSON.parse(wasm.stepperCompile('counter = 0\ncounter += 1\n'));
  const texts = c.code[0].instrs.filter((/** @type {any} */ i) => i.line === 2).map((/** @type {any} */ i) => i.text);
  assert.deepEqual(texts.slice(0, 4), ['LOAD_NAME counter', 'LOAD_CONST 1', 'BINARY_OP +=', 'STORE_NAME counter']);
  const e = JSON.parse(wasm.stepperCompile('x = 1\ny = 1 << 2\n'));
  assert.equal(e.ok, false);
  assert.deepEqual([e.error.line, e.error.col], [2, 7]);
  assert.match(e.error.message, /`<<`/);
  assert.throws(() => new wasm.Stepper('x = (', 'threads', 1), /^Error: line 1, column \d+: /);
});

test('explore: the race reaches 1 and 2, the lock only 2, philosophers deadlock with a witness', () => {
  const counters = (/** @type {string} */ id) => {
    const r = JSON.parse(new wasm.Stepper(sample(id).source, 'threads', 1).explore(200_000));
    assert.equal(r.complete, true);
    return [...new Set(r.outcomes.map((/** @type {any} */ o) => o.globals.counter))].sort();
  };
  assert.deepEqual(counters('race'), ['1', '2']);
  assert.deepEqual(counters('lock'), ['2']);
  const st = new wasm.Stepper(sample('deadlock').source, 'threads', 1);
  const r = JSON.parse(st.explore(200_000));
  const dl = r.outcomes.find((/** @type {any} */ o) => o.kind === 'deadlock');
  assert.ok(dl, 'a deadlock outcome');
  assert.ok(r.naiveStates > r.states, 'reduction visits fewer states');
  st.replay(dl.witness);
  const snap = JSON.parse(st.snapshot());
  assert.equal(snap.outcome.kind, 'deadlock');
  assert.deepEqual(snap.runnable, []);
  for (const t of snap.threads.slice(1)) {
    assert.equal(t.status, 'blocked');
    assert.match(t.waitingFor, /Lock forks\[\d\] \(held by Thread-\d+ \(\w+\)\)/);
  }
});

test('processes: a child never changes the parent\'s globals', () => {
  const r = JSON.parse(new wasm.Stepper(sample('processes').source, 'processes', 1).explore(200_000));
  assert.ok(r.outcomes.length > 0);
  for (const o of r.outcomes) assert.equal(o.globals.counter, '0');
});

test('step, stepLine, undo, replay, runRandom, a budget for endless loops', () => {
  const st = new wasm.Stepper(sample('race').source, 'threads', 1);
  assert.throws(() => st.step(1), /no thread 1/);
  st.stepLine(0);
  st.step(0);
  const n = JSON.parse(st.snapshot()).step;
  assert.ok(n >= 2);
  const steps = st.runRandom(5, 10_000);
  const end = JSON.parse(st.snapshot());
  assert.equal(end.outcome.kind, 'finished');
  assert.equal(end.step, n + steps);
  const sched = st.schedule();
  st.undo(3);
  assert.equal(JSON.parse(st.snapshot()).step, 3);
  st.replay(sched);
  assert.deepEqual(JSON.parse(st.snapshot()), end, 'a replayed schedule gives the same state');
  assert.throws(() => st.replay('0x'), /position 2/);
  const loop = new wasm.Stepper('while True:\n    pass\n', 'threads', 1);
  loop.runSequential(1_000_000);
  assert.equal(JSON.parse(loop.snapshot()).outcome.kind, 'budget');
});

test('runSequential matches python3 for every sample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepper-'));
  try {
    for (const s of samples()) {
      const file = join(dir, `${s.id}.py`);
      writeFileSync(file, s.source);
      let out;
      try {
        out = execFileSync('python3', [join(root, 'crate/src/stepper/cpython_harness.py'), file], { encoding: 'utf8', timeout: 60_000 });
      } catch (err) {
        throw new Error(`python3 (needed by this test; CI installs it) failed on ${s.id}: ${err}`);
      }
      const [pyOut, pyGlobals] = out.split('\u001eGLOBALS\n');
      assert.ok(pyGlobals !== undefined, `${s.id}: python3 run finished`);
      const st = new wasm.Stepper(s.source, s.mode, 3);
      st.runSequential(100_000);
      const snap = JSON.parse(st.snapshot());
      assert.equal(snap.outcome.kind, 'finished', s.id);
      // stdout only: python3's stderr (a thread's traceback) is not captured here
      const text = snap.output.filter((/** @type {any} */ o) => o.stream === 'out').map((/** @type {any} */ o) => `${o.text}\n`).join('');
      assert.equal(text, pyOut, `${s.id}: output`);
      for (const line of pyGlobals.trim().split('\n').filter(Boolean)) {
        const [name, ...rest] = line.split('=');
        const g = snap.memories[0].globals.find((/** @type {any} */ x) => x.name === name);
        assert.equal(g?.value, rest.join('='), `${s.id}: global ${name}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
