// Browser test of lab `bench` (kernels: crate/src/labs/bench/ (sum, paint)
// and the pair of isolated workers in www/src/labs/bench/pair.js; panel:
// www/src/labs/bench/). Functional only: a quick configuration runs, the
// table shows numbers that make sense, and nothing errs. No timing thresholds —
// the targets are reported by `npm run bench`, never asserted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { expectNoAxeViolations, expectNoOverflow, openAllDetails, labState, servedBrowser, waitLabState, withLab } from './suite.mjs';

const QUICK = 'lab=bench&n=200000&repeats=2&mib=2&rounds=128&paintms=300';

/** Screenshots after a run: desktop and phone, light and dark. */
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

describe('lab bench, served with COOP/COEP', () => {
  const env = servedBrowser({ isolated: true });

  test('a quick run fills the table with numbers that make sense', async () => {
    await withLab(env.browser, `${env.url}?${QUICK}`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      const cores = Number(await page.getAttribute('#bench-cores', 'data-value'));
      assert.ok(cores >= 1, `cores shown: ${cores}`);
      assert.equal(await page.textContent('#bench-shared'), 'available');
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'bench, ready', { only: 'panel' });
      await expectNoOverflow(page, 'bench, ready');
      await shot(page, 'bench-1-ready');
      await page.click('#run');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'stop', 'focus moves to Stop');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'run', 'focus back on Run');
      const r = await page.evaluate(() => globalThis.threadlabBench.last);
      // P1: both pool sizes ran, the sums agree with the plain build's.
      assert.ok(r.p1.speedup > 0 && Number.isFinite(r.p1.speedup));
      assert.ok(r.p1.one.min <= r.p1.one.median && r.p1.one.median <= r.p1.one.max);
      assert.equal(r.p1.checksum, r.p2.checksum, 'threaded and plain sums agree');
      assert.match(r.p1.checksum, /^\d+$/, 'the u64 checksum, whole');
      assert.ok(r.p2.wasm.median > 0);
      // P3: a clone moves bytes; the shared hand-over and transfer are measured.
      assert.equal(r.p3.bytes, 2 * 1024 * 1024);
      assert.ok(r.p3.clone.median > 0 && r.p3.copyMBps > 0);
      assert.ok(r.p3.transfer.median >= 0 && r.p3.shared.median >= 0);
      // P4: every kind of round trip was measured and took some time.
      for (const k of ['message', 'atomics', 'atomicsWaitOnly']) {
        assert.ok(Number.isFinite(r.p4[k].median) && r.p4[k].median > 0, `${k}: p50 measured`);
        assert.ok(Number.isFinite(r.p4[k].p95) && r.p4[k].p95 > 0, `${k}: p95 measured`);
      }
      // P5: frames were drawn while the threads painted, and they did paint.
      assert.ok(r.p5.frames > 0 && r.p5.painted > 0);
      assert.ok(Number.isFinite(r.p5.frame.p95) && r.p5.frame.p95 > 0);
      // P6: the page came over the wire, and the pool started.
      assert.ok(r.p6.pageBytes > 0 && r.p6.poolStartMs > 0);
      // The table a learner sees: one row per figure, numeric values, nothing unavailable.
      const cells = await page.$$eval('#bench-results td.value', (tds) => tds.map((td) => ({ v: td.getAttribute('data-value'), na: td.hasAttribute('data-unavailable') })));
      assert.ok(cells.length >= 15, `${cells.length} rows`);
      assert.ok(cells.every((c) => !c.na && Number.isFinite(Number(c.v))), JSON.stringify(cells));
      for (const id of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']) assert.ok(await page.locator(`#bench-results tr[data-id="${id}"]`).count() > 0, id);
      assert.match(await page.textContent('#bench-speedup'), /^\d+\.\d\d×$/);
      assert.match(await page.textContent('details.how'), /Amdahl/);
      // What you saw: the run's own figures, in words.
      const saw = await page.textContent('#what-you-saw');
      assert.match(saw, new RegExp(`${r.p1.speedup.toFixed(2)}× faster than one thread`));
      assert.match(saw, /Copying 2 MiB to another worker took/);
      // The wide table scrolls in its own box on a phone; the page does not.
      await expectNoAxeViolations(page, 'bench, after a run', { only: 'panel' });
      await expectNoOverflow(page, 'bench, after a run');
      await shots(page, 'bench-2-done');
    });
  });

  test('Stop ends a long run, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=bench&n=400000000&repeats=30&mib=2&rounds=128&paintms=300`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => /P1: sum/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, undefined, 10_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /Stopped/);
      await page.fill('input[name="n"]', '200000');
      await page.fill('input[name="repeats"]', '1');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
    });
  });

  test('Stop during the pair measurements ends workers blocked in Atomics.wait, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=bench&n=200000&repeats=1&mib=2&rounds=30000&paintms=300`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => /P4: .*Atomics/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
      await page.click('#stop');
      await waitLabState(page, undefined, 10_000);
      assert.equal(await labState(page), 'stopped');
      await page.fill('input[name="rounds"]', '128');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
    });
  });

  test('a bad value names its parameter and runs nothing', async () => {
    await withLab(env.browser, `${env.url}?lab=bench&repeats=0`, async (page) => {
      assert.match(await page.textContent('#param-errors'), /repeats must be a whole number from 1 to 30 \(got 0\)/);
      assert.equal(await page.isDisabled('#run'), true);
    });
  });
});

describe('lab bench, served without COOP/COEP', () => {
  const env = servedBrowser({ isolated: false });

  test('the thread measurements say unavailable; the rest runs without errors', async () => {
    await withLab(env.browser, `${env.url}?${QUICK}`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.equal(await page.textContent('#bench-shared'), 'unavailable');
      assert.equal(await page.isVisible('#bench-unavailable'), true);
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const r = await page.evaluate(() => globalThis.threadlabBench.last);
      assert.ok(r.p1.unavailable && r.p5.unavailable && r.p3.shared.unavailable && r.p4.atomics.unavailable);
      assert.ok(r.p2.wasm.median > 0 && r.p3.clone.median > 0 && r.p4.message.median <= r.p4.message.p95);
      const na = await page.$$eval('#bench-results td[data-unavailable]', (tds) => tds.map((td) => td.textContent));
      assert.ok(na.length >= 4 && na.every((t) => t === 'unavailable'), JSON.stringify(na));
      assert.equal(await page.textContent('#bench-speedup'), 'unavailable');
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'bench without isolation, after a run', { only: 'panel' });
      await expectNoOverflow(page, 'bench without isolation, after a run');
      await shot(page, 'bench-3-not-isolated');
    });
  });
});
