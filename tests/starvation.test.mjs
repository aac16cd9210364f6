// Browser test of lab `starvation` (kernel: crate/src/labs/starvation/,
// panel: www/src/labs/starvation/). Real Chromium, the production build,
// served with and without the cross-origin isolation headers.
//
// The parameters make the effect structural, not a matter of timing: under
// reader preference, ≥ 2 readers that hold the lock 3 ms and come straight
// back (gap 0) never leave it empty, so the writer is blocked for the whole
// run whatever the machine's load. Assertions compare counts with wide
// margins; none depends on how fast the machine is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { expectNoAxeViolations, expectNoOverflow, openAllDetails, labState, servedBrowser, waitLabState, expectRefused, withLab } from './suite.mjs';

/** Screenshots: desktop and phone, light and dark. */
async function shots(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ name) {
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    await page.emulateMedia({ colorScheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await shot(page, `${name}-${width}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const BASE = 'lab=starvation&readers=3&writers=1&read=3&write=3&gap=0&duration=2500';

/** Entries of every thread row, as the page shows them: {reader: [...], writer: [...]}. */
async function entries(page) {
  return page.$$eval('#sv-threads tbody tr[data-thread]', (trs) => {
    const out = { reader: /** @type {number[]} */ ([]), writer: /** @type {number[]} */ ([]) };
    for (const tr of trs) {
      const n = Number(tr.querySelector('[data-entries]')?.getAttribute('data-value'));
      out[/** @type {'reader'|'writer'} */ (tr.getAttribute('data-role'))].push(n);
    }
    return out;
  });
}

const num = async (page, sel) => Number(await page.getAttribute(sel, 'data-value'));

describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  test('reader preference: readers enter hundreds of times, the writer (almost) never; the fair lock lets it in', async () => {
    await withLab(env.browser, `${env.url}?${BASE}&lock=reader`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      assert.equal(await page.getAttribute('#stepper-link', 'href'), '?lab=stepper&sample=starvation');
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'starvation, ready', { only: 'panel' });
      await expectNoOverflow(page, 'starvation, ready');
      await page.check('input[name="predict"][value="none"]');
      await page.click('#run');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'stop', 'focus moves to Stop');
      // Live: the writer is seen waiting, and its current wait grows while the readers' entries climb.
      await page.waitForFunction(
        () => Number(document.querySelector('[data-entries="0"]')?.getAttribute('data-value')) >= 30,
        null,
        { timeout: 30_000 },
      );
      const seenWaiting = await page.evaluate(() => document.querySelector('tr[data-role="writer"]')?.getAttribute('data-phase'));
      const waitNow1 = await page.textContent('[data-wait-now="3"]');
      await shot(page, 'starvation-1-reader-running');
      await page.waitForTimeout(400);
      const waitNow2 = await page.textContent('[data-wait-now="3"]');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(seenWaiting, '2', 'mid-run the writer is waiting');
      assert.ok(Number(waitNow2) > Number(waitNow1), `the writer's wait grew live: ${waitNow1} → ${waitNow2} ms`);

      const rp = await entries(page);
      console.log(`# reader preference: readers ${rp.reader}, writer ${rp.writer}`);
      const leastReader = Math.min(...rp.reader);
      assert.ok(leastReader >= 50, `every reader entered many times: ${rp.reader}`);
      assert.ok(rp.writer[0] * 10 <= leastReader, `the writer starved: ${rp.writer[0]} vs readers ${rp.reader}`);
      assert.ok((await num(page, '[data-max-wait="3"]')) >= 1_000_000, 'one writer wait lasted over a second');
      assert.equal(await num(page, '#sv-violations'), 0, 'never a writer with anyone');
      assert.equal(await page.getAttribute('#sv-summary', 'data-starved'), 'writers');
      assert.match(await page.textContent('#sv-summary'), /^Reader preference: Writers starved: the writer entered \d+ times? in/);
      assert.match(await page.textContent('#sv-summary'), /A writer was never inside with anyone/);
      assert.match(await page.textContent('#predict-feedback'), /^Your prediction fits\./);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'run', 'focus back on Run');
      // What you saw: the run's own counts, in words.
      assert.match(
        await page.textContent('#what-you-saw'),
        new RegExp(`The readers got in ${rp.reader.reduce((a, b) => a + b, 0).toLocaleString('en-US')} times and the writer ${rp.writer[0].toLocaleString('en-US')} time`),
      );
      assert.match(await page.textContent('#what-you-saw'), /never broke/);
      await shot(page, 'starvation-2-reader-done');

      // The fix: the same threads and times under the fair lock.
      await page.check('input[name="lock"][value="fair"]');
      assert.match(page.url(), /lock=fair/);
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const fair = await entries(page);
      console.log(`# fair: readers ${fair.reader}, writer ${fair.writer}`);
      assert.ok([...fair.reader, ...fair.writer].every((n) => n >= 1), `every thread entered: ${JSON.stringify(fair)}`);
      assert.ok(fair.writer[0] >= 20, `the writer got in again and again: ${fair.writer[0]}`);
      assert.ok(fair.writer[0] >= 5 * rp.writer[0] + 10, `fair ${fair.writer[0]} ≫ reader preference ${rp.writer[0]}`);
      assert.equal(await num(page, '#sv-violations'), 0);
      assert.equal(await page.getAttribute('#sv-summary', 'data-starved'), 'nobody');
      // Both runs side by side in the comparison table.
      assert.deepEqual(await page.$$eval('#sv-compare tbody tr', (trs) => trs.map((t) => t.getAttribute('data-lock'))), ['reader', 'fair']);
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'starvation, after two runs', { only: 'panel' });
      await expectNoOverflow(page, 'starvation, after two runs');
      await shots(page, 'starvation-3-fair-done');
    });
  });

  test('writer preference: writers enter (and readers may starve), started from the keyboard, reduced motion', async () => {
    await withLab(
      env.browser,
      `${env.url}?lab=starvation&lock=writer&readers=3&writers=2&read=3&write=3&gap=0&duration=1500`,
      async (page) => {
        await page.focus('input[name="duration"]');
        await page.keyboard.press('Enter');
        await waitLabState(page, ['done', 'error', 'stopped']);
        assert.equal(await labState(page), 'done', await page.textContent('#status'));
        const e = await entries(page);
        console.log(`# writer preference: readers ${e.reader}, writers ${e.writer}`);
        // Writers enter. (Not necessarily both: writer preference does not order the writers among themselves.)
        assert.ok(e.writer[0] + e.writer[1] >= 10, `the writers entered: ${e.writer}`);
        assert.ok(Math.max(...e.reader) * 10 <= Math.max(...e.writer), `readers ${e.reader} ≪ writers ${e.writer}`);
        // Two writers that come straight back always keep one waiting: now the readers starve.
        assert.equal(await page.getAttribute('#sv-summary', 'data-starved'), 'readers', await page.textContent('#sv-summary'));
        assert.equal(await num(page, '#sv-violations'), 0);
        assert.match(await page.textContent('#status'), /^Done\./);
        await page.click('details.python summary');
        assert.match(await page.textContent('#python-code'), /class ReaderPreferenceLock/);
        await shot(page, 'starvation-4-writer-done');
      },
      { reducedMotion: 'reduce' },
    );
  });

  test('Stop ends a long run at once — a starving writer too — and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=starvation&lock=reader&readers=3&writers=2&read=5&duration=10000`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(
        () => Number(document.querySelector('[data-entries="0"]')?.getAttribute('data-value')) >= 10,
        null,
        { timeout: 30_000 },
      );
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /^Stopped/);
      const phases = await page.$$eval('#sv-threads tbody tr[data-thread]', (trs) => trs.map((t) => t.getAttribute('data-phase')));
      assert.deepEqual(phases, ['4', '4', '4', '4', '4'], 'every thread, waiting ones too, finished');
      const e1 = await entries(page);
      await page.waitForTimeout(300);
      assert.deepEqual(await entries(page), e1, 'nothing moves after Stop');
      const secs = Number((await page.textContent('#sv-time'))?.replace(' s', ''));
      assert.ok(secs < 9, `stopped well before the 10 s: ${secs} s`);
      await shot(page, 'starvation-5-stopped');
      await page.fill('input[name="duration"]', '300');
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
    });
  });

  const BAD = [
    ['readers=0', /readers must be a whole number from 1 to 15 \(got 0\)/],
    ['writers=16', /writers must be a whole number from 1 to 15 \(got 16\)/],
    ['readers=10&writers=7', /readers \+ writers must be at most 16 \(got 17\)/],
    ['duration=100', /duration must be a whole number from 200 to 10,000 \(got 100\)/],
    ['read=abc', /read must be a whole number from 1 to 50 \(got "abc"\)/],
    ['gap=-1', /gap must be a whole number from 0 to 50/],
    ['lock=fifo', /lock must be one of reader, writer, fair \(got "fifo"\)/],
  ];
  for (const [query, message] of BAD) {
    test(`bad URL value ${query}: a clear message and no run`, async () => {
      await withLab(env.browser, `${env.url}?lab=starvation&${query}`, async (page) => {
        await expectRefused(page, message);
        assert.equal(await page.textContent('#status'), 'Ready.');
        assert.equal(await page.isHidden('#sv-results'), true, 'no result');
        assert.equal(await page.locator('#sv-threads tbody tr[data-thread]').count(), 0, 'no thread started');
        if (query === 'readers=10&writers=7') await shot(page, 'starvation-6-bad-param');
      });
    });
  }
});

describe('served without COOP/COEP (degraded mode)', () => {
  const env = servedBrowser({ isolated: false });

  test('the page says threads cannot share a lock here, runs nothing, and still shows the Python', async () => {
    await withLab(env.browser, `${env.url}?lab=starvation`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.match(await page.textContent('#capability'), /Cross-Origin-Opener-Policy: same-origin/);
      assert.match(await page.textContent('#sv-unavailable'), /cannot share a lock here/);
      assert.equal(await page.isDisabled('#run'), true);
      await page.locator('#controls').evaluate((f) => f.requestSubmit());
      await page.waitForTimeout(200);
      assert.equal(await page.textContent('#status'), 'Ready.');
      await page.click('details.python summary');
      assert.match(await page.textContent('#python-code'), /class FairLock/);
      await shot(page, 'starvation-7-degraded');
    });
  });

  test('a bad URL value still gets its message', async () => {
    await withLab(env.browser, `${env.url}?lab=starvation&readers=99`, async (page) => {
      assert.match(await page.textContent('#param-errors'), /readers must be a whole number from 1 to 15 \(got 99\)/);
      assert.equal(await page.isDisabled('#run'), true);
    });
  });
});
