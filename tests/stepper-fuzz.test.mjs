// Fuzzing lab `stepper` through its links (issue 17): random programs — made
// of the constructs the stepper runs, hostile ones (huge repeats, deep nesting,
// endless loops) and plain garbage — with random schedules, opened from the
// URL fragment. Every page must settle (a state, or a message), answer the
// learner throughout (no main-thread task over 200 ms), raise no page error,
// and still step afterwards. Seeded: a failure prints the seed and the link.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage } from './browser.mjs';
import { servedBrowser } from './suite.mjs';
import { idle, stepperLink } from './stepper-helpers.mjs';

const SEED = Number(process.env.STEPPER_FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.STEPPER_FUZZ_CASES ?? 24);

/** mulberry32: a small seeded PRNG, so a failing case can be opened again. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random program: a few threads over shared state, with pieces chosen from `parts`. */
function program(rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const n = 1 + Math.floor(rnd() * 4);
  const stmt = () => pick([
    'counter += 1', 'counter = counter + 1', 'x = [0] * 3', 'x = [] * 4294967295', 'y = "ab" * 3',
    'with lock:\n        counter += 1', 'lock.acquire()\n        counter += 1\n        lock.release()',
    'print(counter)', 'items.append(counter)', 'assert counter >= 0', 'q.put(counter)',
    'while counter < 3:\n        counter += 1', 'for i in range(3):\n        counter += i',
    'ev.set()', 'ev.wait()', 'z = {"k": [1, (2, 3)]}', 'w = 10 ** 30', 'v = 1 // (counter - counter)',
  ]);
  const body = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => `    ${stmt()}`).join('\n');
  let src = [
    'import threading', 'import queue', '', 'counter = 0', 'items = []', 'lock = threading.Lock()', 'q = queue.Queue()',
    'ev = threading.Event()', '', '', 'def worker():', '    global counter, x, y, z, w, v', body, '', '',
    `ts = [threading.Thread(target=worker) for _ in range(${n})]`, 'for t in ts:', '    t.start()', 'for t in ts:', '    t.join()',
    'print(counter, len(items))', '',
  ].join('\n');
  // Sometimes: damage it (garbage, a tab, a deep nest, a cut), as a pasted program might be.
  const r = rnd();
  if (r < 0.12) src = src.slice(0, Math.floor(rnd() * src.length));
  else if (r < 0.2) src = src.replace('    ', '\t');
  else if (r < 0.27) src += `${'('.repeat(200)}1${')'.repeat(200)}\n`;
  else if (r < 0.33) src = Array.from({ length: 200 }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join('');
  else if (r < 0.38) src += 'while True:\n    pass\n';
  return src;
}

const schedule = (rnd) => Array.from({ length: Math.floor(rnd() ** 2 * 300) }, () => String(Math.floor(rnd() * (rnd() < 0.8 ? 3 : 10)))).join('');

const MONITOR = () => {
  const g = /** @type {any} */ (globalThis);
  g.__maxTask = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) g.__maxTask = Math.max(g.__maxTask, e.duration);
  }).observe({ type: 'longtask' });
};

describe('stepper: fuzzing programs and schedules in links', () => {
  const env = servedBrowser({ isolated: true });

  test(`${CASES} random links (seed ${SEED}): each settles, answers, raises no error, and still steps`, async () => {
    const rnd = prng(SEED);
    const { page, errors, context } = await openPage(env.browser);
    await page.addInitScript(MONITOR);
    const tally = { compiled: 0, refused: 0, replayed: 0, badSchedule: 0, endedByWatchdog: 0 };
    try {
      for (let i = 0; i < CASES; i++) {
        const src = program(rnd);
        const sched = schedule(rnd);
        const link = stepperLink(env.url, { src, schedule: sched || undefined, mode: rnd() < 0.3 ? 'gil' : undefined });
        const where = `case ${i} (seed ${SEED}): ${link}`;
        // A fresh document each time: page.goto to a new query reloads; the fragment alone would not.
        await page.goto('about:blank');
        await page.goto(link);
        // Measured from when the page has built its editor (its own one-time cost of opening, whatever
        // the link holds), while the worker compiles and replays what the link asks for.
        await page.waitForSelector('#program .cm-content', { timeout: 30_000 });
        await page.evaluate(() => Object.assign(globalThis, { __maxTask: 0 }));
        await page.waitForFunction(() => {
          const m = document.getElementById('main');
          if (!m || (m.dataset.pending ?? '0') !== '0') return false;
          return m.dataset.step !== undefined || m.dataset.compile === 'error' || !document.getElementById('param-errors')?.hidden;
        }, null, { timeout: 60_000 }).catch((e) => assert.fail(`${where}: never settled (${e.message})`));
        const s = await page.evaluate(() => ({
          step: document.getElementById('main')?.dataset.step,
          compile: document.getElementById('main')?.dataset.compile,
          status: document.getElementById('status')?.textContent ?? '',
          scheduleError: !document.getElementById('schedule-error')?.hidden,
          maxTask: /** @type {any} */ (globalThis).__maxTask,
        }));
        assert.ok(s.maxTask < 200, `${where}: the page was busy ${s.maxTask.toFixed(0)} ms in one task`);
        if (s.step === undefined) {
          tally.refused++;
          assert.match(s.status, /Compile error|Nothing ran|could not be started/, `${where}: a refusal says why`);
        } else {
          tally.compiled++;
          if (/could not be replayed/.test(s.status)) tally.endedByWatchdog++;
          else if (s.scheduleError) tally.badSchedule++;
          else if (sched) tally.replayed++;
          // It still steps: one step of the first thread that may run (or the page says nothing can).
          const before = Number(s.step);
          const btn = page.locator('button.step-btn:enabled').first();
          if (await btn.count()) {
            await btn.click();
            await idle(page);
            const after = await page.evaluate(() => Number(document.getElementById('main')?.dataset.step));
            assert.ok(after === before + 1 || (await page.textContent('#status'))?.includes('fresh interpreter'), `${where}: a step moved it on (${before} → ${after})`);
          }
        }
        assert.deepEqual(errors, [], where);
      }
      console.log(`fuzz (seed ${SEED}): ${JSON.stringify(tally)}`);
      assert.ok(tally.compiled > 0 && tally.refused > 0, `both kinds were tried: ${JSON.stringify(tally)}`);
    } finally {
      await context.close();
    }
  });
});
