// Browser test of lab `amdahl` (kernel: crate/src/labs/amdahl/, panel:
// www/src/labs/amdahl/). Real Chromium, the production build, served with and
// without the cross-origin isolation headers. Timing on a shared 2-core machine
// is noisy, so the checks are on robust facts: the theory values exactly, one
// row per n, speedups > 0, T(1)/T(1) = 1.00, what the live memory view saw.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { expectNoAxeViolations, expectNoOverflow, openAllDetails, labState, servedBrowser, waitLabState, expectRefused, withLab } from './suite.mjs';

const THEORY = '#0072B2';
const MEASURED = '#D55E00';

/** Pixels of exactly `hex` on the chart's canvas. */
async function pixelsOf(page, hex) {
  return page.$eval(
    '#plot canvas',
    (canvas, want) => {
      const c = /** @type {HTMLCanvasElement} */ (canvas);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(want.slice(i, i + 2), 16));
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b && d[i + 3] === 255) n++;
      return n;
    },
    hex,
  );
}

/** The results table: one object per row. */
const rows = (page) =>
  page.$$eval('#results tbody tr', (trs) =>
    trs.map((tr) => ({
      n: Number(/** @type {HTMLElement} */ (tr).dataset.n),
      theory: /** @type {HTMLElement} */ (tr).dataset.theory,
      speedup: /** @type {HTMLElement} */ (tr).dataset.speedup,
      runs: tr.querySelector('.runs')?.textContent,
      text: tr.textContent,
    })),
  );

const figureData = async (page, key) => JSON.parse((await page.getAttribute('#chart', `data-${key}`)) ?? 'null');

describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  test('a real run with P = 2: theory curve and measured points, one row per n, T(1)/T(1) = 1.00', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&s=50&threads=2&repeats=2&work=24`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      assert.equal(await page.isHidden('#amdahl-unavailable'), true);
      // Before any run the chart already shows the law for s = 50 %, and no measured point.
      assert.ok((await pixelsOf(page, THEORY)) > 100, 'the theory curve is drawn');
      assert.equal(await pixelsOf(page, MEASURED), 0, 'no measured point yet');
      assert.match(await page.textContent('#plot'), /Amdahl's law/, 'uPlot legend names the series');
      await page.check('input[name="predict"][value="cap"]');
      await page.click('#run');
      // Mid-run: the live view reads the threads' memory.
      await page.waitForFunction(
        () =>
          (/^Measuring n = 2/.test(document.getElementById('status')?.textContent ?? '') && document.getElementById('phase')?.dataset.phase === 'parallel') ||
          document.getElementById('main')?.dataset.state !== 'running',
        null,
        { timeout: 60_000 },
      );
      await shot(page, 'amdahl-1-running');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));

      const table = await rows(page);
      assert.deepEqual(table.map((r) => r.n), [1, 2], 'one row per n');
      assert.deepEqual(table.map((r) => r.theory), ['1.00', '1.33'], 'Amdahl: 1/(0.5 + 0.5/n)');
      assert.equal(table[0].speedup, '1.00', 'the one-thread speedup is T(1)/T(1), exactly 1');
      assert.ok(table.every((r) => Number(r.speedup) > 0), `speedups > 0: ${table.map((r) => r.speedup)}`);
      assert.ok(table.every((r) => r.runs === '2'), 'R = 2 timed runs per n');
      assert.match(table[1].text, /\d+\.\d\d× \(\d+\.\d\d–\d+\.\d\d\)/, 'median with the min–max range');

      // The chart: theory and measured values at whole n, and both drawn.
      assert.deepEqual(await figureData(page, 'theory'), [1, 1.33]);
      const measured = await figureData(page, 'measured');
      assert.equal(measured.length, 2);
      assert.equal(measured[0], 1);
      assert.ok(measured[1] > 0);
      assert.ok((await pixelsOf(page, THEORY)) > 100, 'theory curve drawn');
      assert.ok((await pixelsOf(page, MEASURED)) > 40, 'measured points drawn');
      // The core-count marker and the over-subscription sentence.
      assert.match(await page.textContent('#chart-caption'), /hardwareConcurrency/);
      assert.match(await page.textContent('#oversub'), /more threads than cores/);

      // The effect, as the live memory view saw it: one thread works in the serial phase, more in the parallel one.
      assert.equal(await page.getAttribute('#seen-busy', 'data-serial'), '1', 'serial phase: exactly one busy thread');
      assert.equal(await page.getAttribute('#seen-busy', 'data-parallel'), '2', 'parallel phase: both threads busy');
      assert.match(await page.textContent('#checksum'), /every one of the 4 timed runs summed the same W = 24,000,000 steps/);
      assert.match(await page.textContent('#status'), /Done: best measured speedup \d+\.\d\d×/);
      assert.match(await page.textContent('#predict-feedback'), /^Your prediction fits\. .*1\/s = 2\.00×/);
      await page.click('details.python summary');
      assert.match(await page.textContent('#python-code'), /multiprocessing\.Pool/);
      await shot(page, 'amdahl-2-done');
    });
  });

  test('s = 100 %: the law is flat at 1, and more threads measure about 1 too', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&s=100&threads=2&repeats=3&work=8`, async (page) => {
      // Started from the keyboard: Enter in a field submits the form.
      await page.focus('input[name="work"]');
      await page.keyboard.press('Enter');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const table = await rows(page);
      assert.deepEqual(table.map((r) => r.theory), ['1.00', '1.00']);
      assert.deepEqual(await figureData(page, 'theory'), [1, 1], 'theory line flat at 1');
      assert.equal(table[0].speedup, '1.00');
      // Robust: with nothing to share, the parallel phase is only rayon's hand-over (µs to a few ms), the
      // serial phase all the work, for every n.
      const phases = await page.$$eval('#results tbody tr', (trs) =>
        trs.map((tr) => ['.serial', '.parallel'].map((c) => parseFloat(tr.querySelector(c)?.textContent ?? ''))),
      );
      for (const [serial, parallel] of phases) assert.ok(parallel < serial / 2, `all the time is serial: ${serial} ms vs ${parallel} ms`);
      // Loose on purpose: other work shares this machine's cores, so one median can be off by a lot; this
      // only rules out nonsense (2 threads making all-serial work 3× faster).
      const s2 = Number(table[1].speedup);
      assert.ok(s2 > 0.25 && s2 < 3, `n = 2, all serial: about 1 (got ${s2})`);
      assert.equal(await page.getAttribute('#seen-busy', 'data-parallel'), '0', 'no parallel work was ever running');
      assert.match(await page.textContent('#status'), /1\/s = 1\.00×/);
      await shot(page, 'amdahl-3-all-serial');
    }, { reducedMotion: 'reduce' });
  });

  test('Stop ends a long run, keeps what was measured, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&s=90&threads=2&repeats=10&work=100`, async (page) => {
      await page.click('#run');
      // Stop in the middle of a timed run's serial part (90 M steps: well over half a second).
      await page.waitForFunction(
        () => /^Measuring/.test(document.getElementById('status')?.textContent ?? '') && document.getElementById('phase')?.dataset.phase === 'serial',
        null,
        { timeout: 60_000 },
      );
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 10_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /^Stopped: every thread saw the stop word in shared memory/);
      // The kernel returned early: thread 1 was partway through the 90 M-step serial part.
      const serial = (await page.textContent('#threads-table tbody tr:first-child td:nth-child(3)')) ?? '';
      const millions = (/** @type {string} */ t) => {
        const m = t.trim().match(/^([\d.]+) ?([Mk]?)$/);
        return m ? Number(m[1]) / (m[2] === 'M' ? 1 : m[2] === 'k' ? 1000 : 1e6) : NaN;
      };
      const [done, total] = serial.split('/').map(millions);
      assert.ok(total === 90 && done < total, `serial part stopped partway: ${serial}`);
      assert.equal(await page.isEnabled('#run'), true);
      assert.equal(await page.isDisabled('#stop'), true);
      await shot(page, 'amdahl-4-stopped');
      await page.fill('input[name="work"]', '2');
      await page.fill('input[name="repeats"]', '1');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.deepEqual((await rows(page)).map((r) => r.speedup !== undefined), [true, true]);
    });
  });

  test('processes: the same work on isolated workers, and Stop terminates them', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&mode=isolated&s=50&threads=2&repeats=1&work=6`, async (page) => {
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const table = await rows(page);
      assert.deepEqual(table.map((r) => r.theory), ['1.00', '1.33']);
      assert.equal(table[0].speedup, '1.00');
      assert.ok(Number(table[1].speedup) > 0);
      // The checksum matches the threads' for the same W: the sum does not depend on where it ran.
      const isoSum = (await page.textContent('#checksum'))?.match(/0x[0-9a-f]{16}/)?.[0];
      await page.check('input[name="mode"][value="shared"]');
      await page.click('#run');
      await waitLabState(page);
      assert.equal((await page.textContent('#checksum'))?.match(/0x[0-9a-f]{16}/)?.[0], isoSum);
      await page.check('input[name="mode"][value="isolated"]');
      await page.fill('input[name="work"]', '100');
      await page.fill('input[name="repeats"]', '10');
      await page.click('#run');
      await page.waitForFunction(() => document.getElementById('phase')?.dataset.phase === 'serial', null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /every worker was terminated/);
    });
  });

  test('on every screen: axe-clean with every <details> open, no sideways scrolling (the tables scroll in their own box), what you saw', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&s=50&threads=4&repeats=1&work=2`, async (page) => {
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'amdahl, ready', { only: 'panel' });
      await expectNoOverflow(page, 'amdahl, ready');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      // What you saw: the learner's own times, in words.
      assert.equal(await page.isVisible('#what-you-saw'), true);
      assert.match(await page.textContent('#what-you-saw'), /On one thread the job took [\d.]+ ms, [\d.]+ ms of it the serial part; with 4 threads the serial part still took [\d.]+ ms/);
      assert.match(await page.textContent('#what-you-saw'), /1\/s = 2\.00×/);
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'amdahl, after a run', { only: 'panel' });
      await expectNoOverflow(page, 'amdahl, after a run');
      // On a phone the results table scrolls inside its own box, which the keyboard can reach.
      await page.setViewportSize({ width: 390, height: 900 });
      const box = await page.$eval('#results', (t) => {
        const b = /** @type {HTMLElement} */ (t.parentElement);
        return { tab: b.tabIndex, scrolls: b.scrollWidth > b.clientWidth, name: b.getAttribute('aria-label') };
      });
      assert.deepEqual(box, { tab: 0, scrolls: true, name: 'Results table (scrolls sideways on a narrow screen)' });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const scheme of /** @type {const} */ (['light', 'dark'])) {
          await page.emulateMedia({ colorScheme: scheme });
          await shot(page, `amdahl-9-${width}-${scheme}`);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
    });
  });

  const BAD = [
    ['s=150', /s must be a whole number from 0 to 100 \(got 150\)/],
    ['threads=0', /threads must be a whole number from 1 to 16 \(got 0\)/],
    ['threads=17', /threads must be a whole number from 1 to 16 \(got 17\)/],
    ['repeats=11', /repeats must be a whole number from 1 to 10/],
    ['work=abc', /work must be a whole number from 1 to 100 \(got "abc"\)/],
    ['mode=gpu', /mode must be one of shared, isolated \(got "gpu"\)/],
  ];
  for (const [query, message] of BAD) {
    test(`bad URL value ${query}: a clear message and no run`, async () => {
      await withLab(env.browser, `${env.url}?lab=amdahl&${query}`, async (page) => {
        await expectRefused(page, message);
        assert.equal(await page.textContent('#status'), 'Ready.');
        assert.equal(await labState(page), '', 'no run state');
        assert.ok((await rows(page)).every((r) => r.speedup === undefined), 'no measurement');
        assert.doesNotMatch(await page.textContent('#main'), /NaN|undefined/, 'nothing half-computed is shown');
        if (query === 's=150') assert.ok((await rows(page)).every((r) => r.theory === '–'), 'no theory for a bad s');
        if (query === 's=150') await shot(page, 'amdahl-5-bad-param');
      });
    });
  }
});

describe('served without COOP/COEP (degraded mode)', () => {
  const env = servedBrowser({ isolated: false });

  test('threads are off: the page says so and runs the process side, messages counted', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&s=25&threads=2&repeats=2&work=6`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.match(await page.textContent('#capability'), /Threads are off/);
      assert.match(await page.textContent('#amdahl-unavailable'), /The process side works/);
      assert.equal(await page.isDisabled('input[name="mode"][value="shared"]'), true);
      assert.equal(await page.isChecked('input[name="mode"][value="isolated"]'), true);
      assert.match(await page.textContent('#live-h'), /messages/);
      assert.deepEqual((await rows(page)).map((r) => r.theory), ['1.00', '1.60']);
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const table = await rows(page);
      assert.equal(table[0].speedup, '1.00');
      assert.ok(table.every((r) => Number(r.speedup) > 0 && r.runs === '2'), JSON.stringify(table));
      assert.deepEqual(await figureData(page, 'theory'), [1, 1.6]);
      assert.ok((await pixelsOf(page, MEASURED)) > 40, 'measured points drawn');
      assert.match(await page.textContent('#plot'), /Measured on processes/);
      // Per timed run with n workers: the serial part out and back, then n shares out and n results back,
      // plus the progress messages: at least 2 + 2n each.
      const messages = Number(await page.getAttribute('#traffic', 'data-messages'));
      assert.ok(messages >= 2 * (2 + 2) + 2 * (2 + 4), `messages counted: ${messages}`);
      assert.equal(await page.getAttribute('#seen-busy', 'data-serial'), '1', 'one worker busy in the serial phase');
      assert.equal(await page.getAttribute('#seen-busy', 'data-parallel'), '2');
      assert.match(await page.textContent('#checksum'), /every one of the 4 timed runs summed the same/);
      await shot(page, 'amdahl-6-degraded');
    }, { reducedMotion: 'reduce' });
  });

  test('asking for threads there gets a message, not a run', async () => {
    await withLab(env.browser, `${env.url}?lab=amdahl&mode=shared`, async (page) => {
      assert.match(await page.textContent('#param-errors'), /mode=shared needs shared memory/);
      assert.equal(await page.isDisabled('#run'), true);
      await page.locator('#controls').evaluate((f) => f.requestSubmit());
      await page.waitForTimeout(200);
      assert.equal(await labState(page), '');
    });
  });
});
