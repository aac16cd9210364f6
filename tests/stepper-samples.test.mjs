// Browser test of the stepper's classes, exceptions and pool samples (crate/src/stepper/samples/
// bank.py, exceptions.py, pool.py): each is loaded from the menu's link, explored on the page,
// and checked for the ending a learner must see, whose witness then replays; and an exception
// that escapes the main thread (vm/main_exit.rs) — its traceback on stderr, the other threads
// finish. Real Chromium, the production build, served with and without COOP/COEP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { labState, servedBrowser, waitLabState, withLab } from './suite.mjs';
import { idle, stepperLink } from './stepper-helpers.mjs';

/** Waits until the program is loaded (the stepper view shows step 0). */
const ready = (page) => page.waitForFunction(() => document.getElementById('main')?.dataset.step !== undefined, null, { timeout: 30_000 });

/** The histogram's rows. */
const rows = (page) =>
  page.$$eval('#outcomes .outcome-row', (rs) => rs.map((r, i) => ({
    i,
    kind: r.getAttribute('data-kind'),
    globals: JSON.parse(r.getAttribute('data-globals') ?? '{}'),
    text: r.textContent ?? '',
  })));

/** Explores every interleaving and waits for the histogram. */
async function exploreAll(page) {
  await ready(page);
  await page.click('#run');
  await waitLabState(page, ['done', 'error', 'stopped'], 180_000);
  assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
  assert.doesNotMatch(await page.textContent('#explore-summary') ?? '', /budget|Stopped/, 'explored to completion');
  return rows(page);
}

/** Opens row `i`'s witness and returns what the replayed run shows. */
async function openWitness(page, i) {
  await page.locator('#outcomes .outcome-row').nth(i).locator('.open-witness').click();
  await idle(page);
  return {
    outcome: await page.getAttribute('#stepper-view', 'data-outcome'),
    output: await page.textContent('#output') ?? '',
  };
}

/** Screenshots at desktop and phone width, light and dark (only one served variant needs them). */
async function shots(env, link, name, body) {
  for (const [w, scheme] of [[1280, 'light'], [1280, 'dark'], [390, 'light'], [390, 'dark']]) {
    await withLab(env.browser, link, async (page) => {
      await body(page);
      await shot(page, `${name}-${w}-${scheme}`);
    }, { width: w, colorScheme: /** @type {'light' | 'dark'} */ (scheme) });
  }
}

const MAIN_RAISES = `import threading
import time


def worker(n):
    time.sleep(n)
    print("worker", n, "finished")


for i in range(2):
    threading.Thread(target=worker, args=(i + 1,)).start()
print("main thread: about to fail")
values = [1, 2, 3]
total = values[5]
`;

for (const isolated of [true, false]) {
  describe(`stepper samples, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });

    test('bank: the plain account ends at 10, 20 or 30, the locked one always at 30', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'bank' }), async (page) => {
        const rs = await exploreAll(page);
        assert.ok(rs.every((r) => r.kind === 'finished' && r.globals.locked_total === '30'), JSON.stringify(rs));
        assert.deepEqual([...new Set(rs.map((r) => r.globals.plain_total))].sort(), ['10', '20', '30']);
        const lost = rs.find((r) => r.globals.plain_total === '10');
        assert.ok(lost);
        const w = await openWitness(page, lost.i);
        assert.equal(w.outcome, 'finished');
        assert.match(w.output, /plain: 10 locked: 30/);
      });
    });

    test('exceptions: tracebacks on stderr, the others finish; the bare acquire() deadlocks and replays', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'exceptions' }), async (page) => {
        await ready(page);
        await page.click('#run-seq');
        await idle(page);
        assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'finished');
        const out = await page.textContent('#output') ?? '';
        assert.match(out, /Exception in thread Thread-1 \(careful\):[\s\S]*ValueError: negative amount: -1/);
        assert.match(out, /Exception in thread Thread-3 \(careless\):[\s\S]*ValueError: negative amount: -3/);
        assert.match(out, /total = 2/);
        const rs = await exploreAll(page);
        assert.ok(rs.some((r) => r.kind === 'finished' && r.globals.total === '2'), JSON.stringify(rs));
        const dl = rs.filter((r) => r.kind === 'deadlock');
        assert.ok(dl.length > 0, 'the explorer finds the deadlock');
        for (const r of dl) assert.match(r.text, /held by Thread-3 \(careless\)/);
        const w = await openWitness(page, dl[0].i);
        assert.equal(w.outcome, 'deadlock');
        assert.match(w.output, /Exception in thread Thread-3 \(careless\)/);
      });
    });

    test('pool: every schedule prints small before big and returns the results in submit order', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'pool' }), async (page) => {
        await ready(page);
        assert.equal(await page.inputValue('select[name="mode"]'), 'gil-3.10');
        const rs = await exploreAll(page);
        assert.ok(rs.length >= 1);
        for (const r of rs) {
          assert.equal(r.kind, 'finished');
          assert.equal(r.globals.results, "['big page', 'small page']");
          assert.equal(r.globals.elapsed, '2.0');
        }
        const w = await openWitness(page, 0);
        assert.equal(w.outcome, 'finished');
        assert.match(w.output, /finished: small[\s\S]*finished: big[\s\S]*results: \['big page', 'small page'\][\s\S]*took 2\.0 seconds/);
      });
    });

    test('an exception in the main thread: its traceback, then the other threads finish', async () => {
      await withLab(env.browser, stepperLink(env.url, { src: MAIN_RAISES }), async (page) => {
        await ready(page);
        await page.click('#run-seq');
        await idle(page);
        assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'error');
        const out = await page.textContent('#output') ?? '';
        assert.match(out, /main thread: about to fail[\s\S]*Traceback \(most recent call last\):[\s\S]*IndexError: list index out of range[\s\S]*worker 1 finished[\s\S]*worker 2 finished/);
        assert.match(await page.textContent('#status') ?? '', /IndexError: list index out of range/);
      });
    });

    if (isolated) {
      test('screenshots: the three samples explored, desktop and phone, light and dark', async () => {
        for (const id of ['bank', 'exceptions', 'pool']) {
          await shots(env, stepperLink(env.url, { sample: id }), `stepper-samples-${id}`, async (page) => {
            await exploreAll(page);
          });
        }
      });
    }
  });
}
