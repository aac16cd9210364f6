// Browser test of lab `gil` (kernel: crate/src/labs/gil/, panel:
// www/src/labs/gil/). Real Chromium, the production build, served with and
// without the cross-origin isolation headers.
//
// The effect is asserted from what the threads recorded in shared memory, not
// from timings: GIL holds never overlap (and no acquire ever found the lock
// held), free-threaded holds of 2 threads released together from a starting
// line do overlap, and every variant's checksum equals the sequential twin's.
// Speedups are only checked to be shown, never their size (a loaded 2-core
// machine can make any of them anything).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { expectAccessible, labState, servedBrowser, waitLabState, expectRefused, withLab } from './suite.mjs';

const data = (page, sel) => page.getAttribute(sel, 'data-value');

/** The holds each log recorded, read straight from the shared memory the threads wrote (the page's own views of it). */
async function recordedHolds(page) {
  return page.evaluate(() => {
    const mem = /** @type {any} */ (globalThis).threadlab.shared.view('gil');
    const v = mem.views;
    const { maxEvents: E } = mem.consts;
    /** @param {'gil' | 'free'} k */
    const read = (k) => {
      const at = mem.consts[k];
      const count = v.count[at];
      const n = Math.min(count, E);
      const lane = v.lane.subarray(at * E, at * E + n);
      const start = v.startUs.subarray(at * E, at * E + n);
      const end = v.endUs.subarray(at * E, at * E + n);
      return { count, holds: Array.from(lane, (l, i) => ({ thread: l - 1, start: start[i], end: end[i] })) };
    };
    return { gil: read('gil'), free: read('free'), violations: v.violations[0] };
  });
}

/** Pairs of holds on different threads that overlap in time. */
function overlappingPairs(holds) {
  let n = 0;
  for (let i = 0; i < holds.length; i++) {
    for (let j = i + 1; j < holds.length; j++) {
      const a = holds[i];
      const b = holds[j];
      if (a.thread !== b.thread && a.start < b.end && b.start < a.end) n++;
    }
  }
  return n;
}

/** The most holds in progress at one instant (touching holds do not overlap). */
function mostAtOnce(holds) {
  const edges = holds.filter((h) => h.end > h.start).flatMap((h) => [[h.start, 1], [h.end, -1]]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

async function checksumsOf(page, rows) {
  return Promise.all(rows.map((r) => data(page, `tr[data-row="${r}"] td.c`)));
}


describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  test('GIL holds never overlap, free-threaded holds do, and every checksum equals the sequential one', async () => {
    const T = 2;
    await withLab(env.browser, `${env.url}?lab=gil&threads=${T}&work=12000&interval=2000`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      assert.equal(await page.isHidden('#threads-off'), true);
      assert.equal(await page.getAttribute('#main a[href*="lab=stepper"]', 'href'), '?lab=stepper&sample=gil');
      await page.check('input[name="predict"][value="same"]');
      // Live: the GIL timeline fills from shared memory while that run is going
      // (holds counted, a thread named as the holder, its time not yet known). Watched by a
      // MutationObserver from before Run, so a loaded machine that paints rarely cannot miss it.
      await page.evaluate(() => {
        const w = /** @type {any} */ (window);
        const live = () => {
          const rows = [...document.querySelectorAll('#gil-threads tbody tr')];
          const holder = document.getElementById('gil-holder')?.textContent ?? '';
          return (
            rows.length > 0 &&
            rows.some((r) => Number(/** @type {HTMLElement} */ (r).dataset.holds) > 0) &&
            /^T[12]$/.test(holder) &&
            document.getElementById('gil-time')?.dataset.value === ''
          );
        };
        w.__sawLive = false;
        new MutationObserver(() => {
          if (!w.__sawLive && live()) w.__sawLive = true;
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      await page.click('#run');
      await page.waitForFunction(() => /** @type {any} */ (window).__sawLive === true, null, { timeout: 60_000 });
      await shot(page, 'gil-1-running');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));

      const rec = await recordedHolds(page);
      assert.equal(rec.violations, 0, 'no acquire ever found the GIL already held');
      assert.ok(rec.gil.holds.length >= 2 * T, `the GIL changed hands: ${rec.gil.holds.length} holds`);
      assert.deepEqual(new Set(rec.gil.holds.map((h) => h.thread)), new Set([0, 1]), 'both threads held the GIL');
      assert.equal(overlappingPairs(rec.gil.holds), 0, 'GIL holds never overlap');
      assert.ok(overlappingPairs(rec.free.holds) > 0, 'free-threaded holds on different threads overlap');
      // The page says the same.
      assert.equal(await data(page, '#gil-most'), '1');
      assert.equal(await data(page, '#free-most'), '2');
      assert.equal(await page.getAttribute('#gil-summary', 'data-violations'), '0');
      assert.match(await page.textContent('#gil-summary'), /At most 1 computing at one instant/);

      // Every variant did exactly the sequential twin's work.
      const sums = await checksumsOf(page, ['seq', 'gil', 'free', 'iso-seq', 'iso']);
      assert.ok(sums.every((s) => /^0x[0-9a-f]{16}$/.test(s ?? '')), `checksums: ${sums}`);
      assert.equal(new Set(sums).size, 1, `checksums: ${sums}`);
      assert.equal(await data(page, '#checksums'), 'equal');
      // A speedup for each, against its own sequential twin.
      for (const r of ['gil', 'free', 'iso']) {
        const s = Number(await data(page, `tr[data-row="${r}"] td.s`));
        assert.ok(s > 0 && Number.isFinite(s), `${r} speedup shown: ${s}`);
      }
      assert.match(await page.textContent('#predict-feedback'), /Your prediction fits/);
      assert.equal(await page.locator('#iso-workers tbody tr').count(), T);
      await page.click('details.python summary');
      assert.match(await page.textContent('#python-code'), /sys\.getswitchinterval\(\)/);
      await shot(page, 'gil-2-done');
    });
  });

  test('more threads than cores: still one GIL holder at a time, and 4 lanes drawn', async () => {
    await withLab(env.browser, `${env.url}?lab=gil&threads=4&work=1500&interval=500&repeats=2`, async (page) => {
      await page.focus('input[name="work"]');
      await page.keyboard.press('Enter');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const rec = await recordedHolds(page);
      assert.equal(rec.violations, 0);
      assert.equal(overlappingPairs(rec.gil.holds), 0, 'GIL holds never overlap');
      assert.equal(new Set(rec.gil.holds.map((h) => h.thread)).size, 4, 'all four threads held it');
      assert.equal(await page.locator('#gil-threads tbody tr').count(), 4);
      // The page's own count, read live across two repeats, agrees.
      assert.equal(await data(page, '#gil-most'), '1');
      assert.equal(await data(page, '#free-most'), String(mostAtOnce(rec.free.holds)));
      const sums = await checksumsOf(page, ['seq', 'gil', 'free', 'iso-seq', 'iso']);
      assert.equal(new Set(sums).size, 1, `checksums: ${sums}`);
      await shot(page, 'gil-3-four-threads');
    }, { reducedMotion: 'reduce' });
  });

  test('Stop ends a long GIL run at once, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=gil&threads=2&work=20000&interval=50000&repeats=5`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => document.querySelector('#gil-threads tbody tr'), null, { timeout: 60_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 10_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /Stopped/);
      await shot(page, 'gil-4-stopped');
      await page.fill('input[name="work"]', '200');
      await page.fill('input[name="repeats"]', '1');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await data(page, '#checksums'), 'equal');
    });
  });

  test('accessible and phone-sized before and after a run, with a "what you saw" from the run', async () => {
    await withLab(env.browser, `${env.url}?lab=gil&threads=2&work=200&repeats=1`, async (page) => {
      await expectAccessible(page, 'ready');
      assert.equal(await page.isHidden('#what-you-saw'), true, 'nothing seen before a run');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await page.isVisible('#what-you-saw'), true);
      const saw = await page.textContent('#what-you-saw [data-saw-text]');
      console.log(`# what you saw: ${saw}`);
      assert.match(saw ?? '', /2 threads holding the GIL finished the work \d+\.\d\d× as fast as one thread alone: .*never more than 1 computing at once/);
      assert.match(saw ?? '', /Every way computed the same checksum/);
      await expectAccessible(page, 'after a run', 'gil-a11y');
    });
  });

  test('focus stays where the learner is: on Stop while a run goes, back on Run when it ends', async () => {
    await withLab(env.browser, `${env.url}?lab=gil&threads=2&work=20000&interval=50000&repeats=5`, async (page) => {
      const focused = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
      await page.focus('#run');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'running');
      assert.equal(await focused(), 'stop', 'Run pressed from the keyboard: focus moves to Stop');
      await page.keyboard.press('Enter');
      await waitLabState(page, ['done', 'error', 'stopped'], 10_000);
      assert.equal(await labState(page), 'stopped');
      await page.waitForFunction(() => document.activeElement?.id === 'run');
      assert.equal(await focused(), 'run', 'the run ended: focus is back on Run, not on <body>');
    });
  });

  const BAD = [
    ['threads=9', /threads must be a whole number from 1 to 8 \(got 9\)/],
    ['work=0', /work must be a whole number from 1 to 20,000 \(got 0\)/],
    ['interval=50', /interval must be a whole number from 100 to 50,000 \(got 50\)/],
    ['repeats=abc', /repeats must be a whole number from 1 to 5 \(got "abc"\)/],
  ];
  for (const [query, message] of BAD) {
    test(`bad URL value ${query}: a clear message and no run`, async () => {
      await withLab(env.browser, `${env.url}?lab=gil&${query}`, async (page) => {
        await expectRefused(page, message);
        assert.equal(await page.textContent('#status'), 'Ready.');
        assert.equal(await data(page, 'tr[data-row="seq"] td.c'), '', 'nothing ran');
        if (query === 'interval=50') await shot(page, 'gil-5-bad-param');
      });
    });
  }
});

describe('served without COOP/COEP (degraded mode)', () => {
  const env = servedBrowser({ isolated: false });

  test('threads are off and say so; the isolated workers still run with the sequential checksum', async () => {
    await withLab(env.browser, `${env.url}?lab=gil&threads=2&work=3000`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.equal(await page.isVisible('#threads-off'), true);
      assert.match(await page.textContent('#threads-off'), /Threads are off/);
      assert.equal(await page.isEnabled('#run'), true);
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.match(await page.textContent('tr[data-row="gil"] td.t'), /off/);
      const [seq, iso] = await checksumsOf(page, ['iso-seq', 'iso']);
      assert.match(seq ?? '', /^0x[0-9a-f]{16}$/);
      assert.equal(iso, seq, 'the workers together did the sequential twin’s work');
      assert.equal(await data(page, '#checksums'), 'equal');
      assert.ok(Number(await data(page, 'tr[data-row="iso"] td.s')) > 0);
      await shot(page, 'gil-6-degraded');
    });
  });

  test('Stop ends an isolated run by terminating its workers', async () => {
    await withLab(env.browser, `${env.url}?lab=gil&threads=2&work=20000&repeats=5`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => /isolated/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 10_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /terminated/);
    });
  });
});
