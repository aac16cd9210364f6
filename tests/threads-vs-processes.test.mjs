// Browser test of lab `threads-vs-processes` (kernel:
// crate/src/labs/threads_vs_processes/, page: www/src/labs/threads-vs-processes/).
// Real Chromium, the production build, served with and without the
// cross-origin isolation headers. Each test checks what a learner would see.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { LIGHT_WRITERS } from '../www/src/views/palette.js';
import { labState, openLab, servedBrowser, waitLabState, expectRefused, withLab } from './suite.mjs';

/** The pages open in the light theme (browser.mjs openPage), so the grid shows the light writer colours. */
const WRITER_COLOURS = [...LIGHT_WRITERS];

/** Which writers' colours a canvas shows, by pixel: {writerIndex: pixelCount}. */
async function coloursIn(page, selector) {
  const counts = await page.$eval(selector, (canvas) => {
    const c = /** @type {HTMLCanvasElement} */ (canvas);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    /** @type {Record<string, number>} */
    const out = {};
    for (let i = 0; i < d.length; i += 4) {
      const hex = `#${[d[i], d[i + 1], d[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
      out[hex] = (out[hex] ?? 0) + 1;
    }
    return out;
  });
  /** @type {Record<number, number>} */
  const byWriter = {};
  for (const [hex, n] of Object.entries(counts)) {
    const w = WRITER_COLOURS.indexOf(hex);
    if (w >= 0) byWriter[w] = n;
  }
  return byWriter;
}

const num = async (page, sel) => Number(await page.getAttribute(sel, 'data-value'));

describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  test('the page is cross-origin isolated and offers threads', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      assert.equal(await page.isHidden('#capability'), true, 'no degraded-mode notice');
      assert.equal(await page.isEnabled('input[name="mode"][value="shared"]'), true);
      await shot(page, 'tvp-1-start');
    });
  });

  test('threads: the one grid shows several writers live and the counter ends at exactly W×K', async () => {
    const W = 4;
    const K = 60_000;
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=shared&workers=${W}&iters=${K}&slow=1`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.getElementById('shared-counter')?.dataset.value) > 0, null, { timeout: 30_000 });
      // While the threads run, sample what the page shows: the counter it reads
      // from shared memory, and the colours on the shared grid.
      const seen = new Set();
      let mostWriters = 0;
      let midShot = false;
      while ((await page.evaluate(() => document.getElementById('main')?.dataset.state)) === 'running') {
        const c = await num(page, '#shared-counter');
        if (c > 0 && c < W * K) seen.add(c);
        const writers = Object.keys(await coloursIn(page, '#shared-grid')).length;
        mostWriters = Math.max(mostWriters, writers);
        if (!midShot && writers >= 2) {
          await shot(page, 'tvp-2-threads-running');
          midShot = true;
        }
        await page.waitForTimeout(60);
      }
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.ok(seen.size >= 3, `the counter moved live while the threads ran (saw ${[...seen].join(', ')})`);
      assert.ok(mostWriters >= 2, `one shared grid held at least two writers' cells while running (max ${mostWriters})`);
      assert.equal(await num(page, '#shared-counter'), W * K, 'final counter = W×K');
      assert.match(await page.textContent('#status'), /no increment lost/);
      // Every writer really ran on a pool thread, and on more than one thread.
      const threads = await page.$$eval('#shared-writers tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
      assert.equal(threads.length, W);
      assert.ok(threads.every((t) => /^#\d+$/.test(t ?? '')), `pool threads: ${threads}`);
      assert.ok(new Set(threads).size >= 2, `more than one thread: ${threads}`);
      await shot(page, 'tvp-3-threads-done');
    });
  });

  test('processes: each grid holds only its own writer; the page counts only what messages bring', async () => {
    const W = 3;
    const K = 40_000;
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=isolated&workers=${W}&iters=${K}&slow=1`, async (page) => {
      await page.click('#run');
      // Mid-run: workers have counted in their own memory, but no result has
      // arrived, so the page's own counter is still 0.
      await page.waitForFunction(() => Number(document.querySelector('[data-iso-worker-counter="0"]')?.dataset.value) > 0, null, { timeout: 30_000 });
      const midParent = await num(page, '#iso-counter');
      const midReceived = await page.textContent('#iso-received');
      assert.equal(midParent, 0, 'the parent reads 0 while the workers run');
      assert.match(midReceived ?? '', /^0 of 3$/);
      await shot(page, 'tvp-4-processes-running');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      let sum = 0;
      for (let i = 0; i < W; i++) {
        const colours = await coloursIn(page, `canvas[data-worker="${i}"]`);
        assert.deepEqual(Object.keys(colours).map(Number), [i], `worker ${i}'s grid holds only its own colour`);
        const c = await num(page, `[data-iso-worker-counter="${i}"]`);
        assert.equal(c, K, `worker ${i}'s private counter ends at K`);
        sum += c;
      }
      assert.equal(await num(page, '#iso-counter'), sum, "the page's counter is the sum of the messages");
      assert.equal(sum, W * K);
      assert.ok((await num(page, '#iso-bytes')) > 3 * 128 * 128, 'the grids crossed by copy: bytes counted');
      assert.ok((await num(page, '#iso-messages')) >= 2 * W, 'at least one message out and one back per worker');
      await shot(page, 'tvp-5-processes-done');
    });
  });

  test('interpreters: each grid its own writer, handed over through the shared queue, not by message', async () => {
    const W = 3;
    const K = 40_000;
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=interpreters&workers=${W}&iters=${K}&slow=1`, async (page) => {
      assert.equal(await page.isHidden('#shared-view'), true);
      assert.equal(await page.isHidden('#isolated-view'), true);
      await page.click('#run');
      // Mid-run: records have come through the queue (a worker's counter moved),
      // but no worker's last record yet, so the page's own counter is still 0.
      await page.waitForFunction(() => Number(document.querySelector('[data-interp-worker-counter="0"]')?.dataset.value) > 0, null, { timeout: 30_000 });
      assert.equal(await num(page, '#interp-counter'), 0, 'the page reads 0 while the interpreters run');
      assert.ok((await num(page, '#interp-records')) >= 1, 'records read from the queue while running');
      await shot(page, 'tvp-11-interpreters-running');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      let sum = 0;
      for (let i = 0; i < W; i++) {
        const colours = await coloursIn(page, `#interp-grids canvas[data-worker="${i}"]`);
        assert.deepEqual(Object.keys(colours).map(Number), [i], `interpreter ${i}'s grid holds only its own colour`);
        const c = await num(page, `[data-interp-worker-counter="${i}"]`);
        assert.equal(c, K, `interpreter ${i}'s private counter ends at K`);
        sum += c;
      }
      assert.equal(await num(page, '#interp-counter'), W * K, "the page's counter: the sum of the last records");
      // One record per 1024 steps in slow motion (the last one included), each read in place.
      assert.equal(await num(page, '#interp-records'), W * Math.ceil(K / 1024));
      const bytes = await num(page, '#interp-bytes');
      assert.ok(bytes > 0 && bytes < 2048, `only the small start and done messages were copied (${bytes} B), no grid`);
      assert.equal(await num(page, '#interp-messages'), 2 * W, 'one message out and one back per worker');
      assert.match(await page.textContent('#interp-view'), /concurrent\.interpreters/);
      await shot(page, 'tvp-12-interpreters-done');
    });
  });

  test('all three side by side: threads W × K, interpreters and processes K each; bytes by message differ', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=all&workers=2&iters=20000`, async (page) => {
      await page.check('input[name="predict"][value="zero"]');
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await num(page, '#shared-counter'), 40_000);
      assert.equal(await num(page, '#interp-counter'), 40_000);
      assert.equal(await num(page, '#iso-counter'), 40_000);
      assert.ok((await num(page, '#iso-bytes')) > 2 * 128 * 128, 'processes copied their grids');
      assert.ok((await num(page, '#interp-bytes')) < 2048, 'interpreters copied none by message');
      assert.match(await page.textContent('#what-you-saw'), /interpreters each counted to 20,000/);
      assert.match(await page.textContent('#status'), /Interpreters: each interpreter counted 20,000/);
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width: 1280, height: 900 });
        await shot(page, `tvp-13-all-desktop-${colorScheme}`);
        await page.setViewportSize({ width: 390, height: 900 });
        await shot(page, `tvp-14-all-phone-${colorScheme}`);
      }
    });
  });

  test('Stop ends an interpreters run by terminating its workers; the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=interpreters&workers=2&iters=10000000&slow=1`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.querySelector('[data-interp-worker-counter="0"]')?.dataset.value) > 0, null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /interpreter was terminated/);
      await page.fill('input[name="iters"]', '3000');
      await page.uncheck('input[name="slow"]');
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await num(page, '#interp-counter'), 6000);
    });
  });

  test('both side by side, started from the keyboard, with a prediction', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=both&workers=2&iters=20000`, async (page) => {
      await page.check('input[name="predict"][value="all"]');
      await page.focus('input[name="iters"]');
      await page.keyboard.press('Enter');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await num(page, '#shared-counter'), 40_000);
      assert.equal(await num(page, '#iso-counter'), 40_000);
      assert.match(await page.textContent('#predict-feedback'), /W × K/);
      await page.click('details.python summary');
      assert.match(await page.textContent('#python-code'), /multiprocessing\.Process/);
      await shot(page, 'tvp-6-both');
    });
  });

  test('focus stays where the learner is: on Stop while a run goes, back on Run when it ends', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=shared&workers=2&iters=10000000&slow=1`, async (page) => {
      const focused = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
      await page.focus('#run');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'running');
      assert.equal(await focused(), 'stop', 'Run pressed from the keyboard: focus moves to Stop');
      await page.keyboard.press('Enter');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'stopped');
      await page.waitForFunction(() => document.activeElement?.id === 'run');
      assert.equal(await focused(), 'run', 'the run ended: focus is back on Run, not on <body>');
    });
  });

  test('Stop ends a long threaded run at once, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=shared&workers=2&iters=10000000&slow=1`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.getElementById('shared-counter')?.dataset.value) > 2000, null, { timeout: 30_000 });
      const t0 = Date.now();
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      const stopMs = Date.now() - t0;
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /Stopped/);
      const c1 = await page.evaluate(() => Number(document.getElementById('shared-counter')?.dataset.value));
      await page.waitForTimeout(300);
      const c2 = await page.evaluate(() => Number(document.getElementById('shared-counter')?.dataset.value));
      assert.equal(c1, c2, 'no thread writes after Stop');
      assert.ok(c1 < 2 * 10_000_000);
      console.log(`# stop took ${stopMs} ms (click to "stopped" shown, including Playwright overhead)`);
      await shot(page, 'tvp-7-stopped');
      // The runtime is reusable without a reload.
      await page.fill('input[name="iters"]', '5000');
      await page.uncheck('input[name="slow"]');
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await num(page, '#shared-counter'), 10_000);
    });
  });

  test('a coordinator that will not return is terminated and replaced without a reload', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=shared&workers=2&iters=10000000&slow=1`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.getElementById('shared-counter')?.dataset.value) > 2000, null, { timeout: 30_000 });
      await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
      // What the stop watchdog does when a run ignores the stop word (a real deadlock).
      await page.evaluate(() => globalThis.threadlab.shared.terminate());
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /ended and a fresh one started/);
      assert.equal(await page.evaluate(() => globalThis.threadlab.shared.terminations), 1);
      await page.fill('input[name="iters"]', '4000');
      await page.uncheck('input[name="slow"]');
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await num(page, '#shared-counter'), 8000, 'the fresh coordinator runs');
      assert.equal(await page.evaluate(() => globalThis.notReloaded), true, 'same page, no reload');
    });
  });

  test('Stop ends an isolated run by terminating its workers', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=isolated&workers=2&iters=10000000&slow=1`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.querySelector('[data-iso-worker-counter="0"]')?.dataset.value) > 0, null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /terminated/);
      await page.fill('input[name="iters"]', '3000');
      await page.uncheck('input[name="slow"]');
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped']);
      assert.equal(await num(page, '#iso-counter'), 6000);
    });
  });

  const BAD = [
    ['workers=0', /workers must be a whole number from 1 to 16 \(got 0\)/],
    ['workers=17', /workers must be a whole number from 1 to 16/],
    ['iters=1000000000000', /iters must be a whole number from 1 to 10,000,000 \(got 1000000000000\)/],
    ['workers=abc', /workers must be a whole number from 1 to 16 \(got "abc"\)/],
    ['iters=-5', /iters must be a whole number/],
    ['mode=fast', /mode must be one of shared, interpreters, isolated, both, all \(got "fast"\)/],
    ['slow=maybe', /slow must be 1 or 0/],
  ];
  for (const [query, message] of BAD) {
    test(`bad URL value ${query}: a clear message and no run`, async () => {
      await withLab(env.browser, `${env.url}?lab=threads-vs-processes&${query}`, async (page) => {
        await expectRefused(page, message);
        assert.equal(await num(page, '#shared-counter'), 0, 'nothing ran');
        assert.equal(await page.textContent('#status'), 'Ready.');
        if (query === 'workers=0') {
          assert.equal(await page.inputValue('input[name="workers"]'), '0', 'the bad value stays in its field');
          await shot(page, 'tvp-8-bad-param');
        }
      });
    });
  }

  test('an unknown lab names the labs there are and runs nothing', async () => {
    await withLab(env.browser, `${env.url}?lab=nope`, async (page) => {
      const text = await page.textContent('.page-error');
      assert.match(text, /lab must be one of: [a-z, -]*threads-vs-processes[a-z, -]* \(got "nope"\)/);
      assert.equal(await page.locator('#run').count(), 0);
      await shot(page, 'tvp-9-unknown-lab');
    });
  });

  test('fixing a bad value in the form clears the message and updates the URL', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&workers=99`, async (page) => {
      assert.equal(await page.isDisabled('#run'), true);
      await page.fill('input[name="workers"]', '3');
      assert.equal(await page.isVisible('#param-errors'), false);
      assert.equal(await page.isEnabled('#run'), true);
      assert.match(page.url(), /workers=3/);
    });
  });
});

describe('served without COOP/COEP (degraded mode)', () => {
  const env = servedBrowser({ isolated: false });

  test('the page explains which headers are missing, and the process side still runs', async () => {
    const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=threads-vs-processes&workers=2&iters=20000`, {
      reducedMotion: 'reduce',
    });
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    const notice = await page.textContent('#capability');
    assert.match(notice, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(notice, /Cross-Origin-Embedder-Policy: require-corp/);
    assert.equal(await page.isDisabled('input[name="mode"][value="shared"]'), true);
    assert.equal(await page.isChecked('input[name="mode"][value="isolated"]'), true);
    await page.click('#run');
    await waitLabState(page, ['done', 'error', 'stopped']);
    assert.equal(await labState(page), 'done', await page.textContent('#status'));
    assert.equal(await num(page, '#iso-counter'), 40_000);
    await shot(page, 'tvp-10-degraded');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('asking for interpreters there gets a message, not a run', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=interpreters`, async (page) => {
      assert.match(await page.textContent('#param-errors'), /mode=interpreters needs shared memory/);
      assert.equal(await page.isDisabled('#run'), true);
      assert.match(await page.textContent('#interp-unavailable'), /Shared memory is not available/);
    });
  });

  test('asking for threads there gets a message, not a run', async () => {
    await withLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=shared`, async (page) => {
      assert.match(await page.textContent('#param-errors'), /mode=shared needs shared memory/);
      assert.equal(await page.isDisabled('#run'), true);
    });
  });
});
