// Hostile input for lab `stepper` (issue 17): programs and links that cost
// the interpreter seconds, gigabytes or forever. The interpreter runs in a
// worker (www/src/labs/stepper/step.worker.js), so the page must keep
// answering throughout — measured here by an in-page timer that records the
// longest gap between its ticks — and after each failure the stepper must work
// again without a reload. Real Chromium, the production build.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, shot } from './browser.mjs';
import { servedBrowser } from './suite.mjs';
import { stepperLink } from './stepper-link.mjs';

/** The longest the page's main thread may go without answering. */
const MAX_GAP_MS = 200;

/** Installs, before any page script, a 10 ms ticker that records the longest gap between two ticks. */
const MONITOR = () => {
  let last = performance.now();
  Object.assign(globalThis, { __maxGap: 0 });
  setInterval(() => {
    const now = performance.now();
    const g = /** @type {any} */ (globalThis);
    g.__maxGap = Math.max(g.__maxGap, now - last);
    last = now;
  }, 10);
};
const resetGap = (page) => page.evaluate(() => Object.assign(globalThis, { __maxGap: 0 }));
const maxGap = (page) => page.evaluate(() => /** @type {any} */ (globalThis).__maxGap);

/** Opens `url` with the gap monitor installed. */
async function open(env, url) {
  const o = await openPage(env.browser);
  await o.page.addInitScript(MONITOR);
  await o.page.goto(url);
  await o.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return o;
}

const idle = (page, timeout = 60_000) =>
  page.waitForFunction(() => (document.getElementById('main')?.dataset.pending ?? '0') === '0', null, { timeout });
const step = async (page) => {
  await idle(page);
  return page.evaluate(() => Number(document.getElementById('main')?.dataset.step ?? -1));
};
const ready = (page) => page.waitForFunction(() => {
  const m = document.getElementById('main');
  return !!m && (m.dataset.step !== undefined || m.dataset.compile === 'error');
}, null, { timeout: 60_000 });

/** After a failure: a sample loads and runs to its end, without a reload. */
async function stillWorks(page) {
  await page.selectOption('#sample-select', 'race');
  await page.click('#load-sample');
  await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'ok' && !document.getElementById('stepper-view')?.hidden);
  assert.equal(await step(page), 0);
  await page.click('button[data-step="0"]');
  assert.equal(await step(page), 1);
  await page.click('#run-seq');
  await idle(page);
  assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'finished', await page.textContent('#status'));
}

const MEMORY_HOG = 'a = []\nwhile True:\n    a.append("a" * 1000000)\n';
const HUGE_REPEAT = 'x = [] * 4294967295\nprint(len(x))\n';
const HUGE_LOOP = 'while True:\n    x = [] * 4294967295\n';

describe('stepper: hostile input never freezes or breaks the page', () => {
  const env = servedBrowser({ isolated: true });

  test('a program that allocates without end: the page answers, the run ends with a message, the next run works', async () => {
    const { page, errors, context } = await open(env, stepperLink(env.url, { src: MEMORY_HOG }));
    try {
      await ready(page);
      await resetGap(page);
      await page.click('#run-random');
      // The run ends one way or another: the core's MemoryError, or the worker's failure (then a fresh one).
      await page.waitForFunction(() => {
        const m = document.getElementById('main');
        return m?.dataset.pending === '0' && (!!m.dataset.recoveries || document.getElementById('stepper-view')?.dataset.outcome === 'error');
      }, null, { timeout: 120_000 });
      const gap = await maxGap(page);
      const said = `${await page.textContent('#status')} ${await page.textContent('#outcome')}`;
      assert.match(said, /MemoryError|failed|ended|stopped/i, said);
      await shot(page, 'stepper-hostile-memory');
      assert.ok(gap < MAX_GAP_MS, `the page went ${gap.toFixed(0)} ms without answering`);
      await stillWorks(page);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('one costly step ([] * 4294967295): the page answers while it runs, and Stop ends it', async () => {
    const { page, errors, context } = await open(env, stepperLink(env.url, { src: HUGE_REPEAT }));
    try {
      await ready(page);
      await resetGap(page);
      // Run the first line; while it works, the page shows it is busy and answers.
      await page.click('button[data-line-step="0"]');
      const busy = await page.waitForSelector('#step-busy:not([hidden])', { timeout: 5_000 }).then(() => true, () => false);
      if (busy) {
        await page.click('#step-stop');
        await idle(page);
        assert.match(await page.textContent('#status'), /was stopped.*fresh interpreter/, 'Stop says what it did');
        assert.equal(await step(page), 0, 'back at the last step the page showed');
      } else {
        // The core refused the size before doing the work (its limits): a message, no freeze.
        await idle(page);
      }
      const gap = await maxGap(page);
      assert.ok(gap < MAX_GAP_MS, `the page went ${gap.toFixed(0)} ms without answering`);
      await shot(page, 'stepper-hostile-huge-repeat');
      await stillWorks(page);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a link whose schedule replays 240 costly steps opens without freezing; the program is left at step 0', async () => {
    const { page, errors, context } = await open(env, stepperLink(env.url, { src: HUGE_LOOP, schedule: '0'.repeat(240) }));
    try {
      await resetGap(page);
      // Either the core refuses a step (an error state) or the watchdog ends the replay; both leave a working page.
      await page.waitForFunction(() => {
        const m = document.getElementById('main');
        return m?.dataset.pending === '0' && m.dataset.step !== undefined;
      }, null, { timeout: 90_000 });
      const gap = await maxGap(page);
      assert.ok(gap < MAX_GAP_MS, `the page went ${gap.toFixed(0)} ms without answering`);
      const said = await page.textContent('#status');
      assert.match(said ?? '', /Replayed|could not be replayed/, said ?? '');
      await shot(page, 'stepper-hostile-long-replay');
      await stillWorks(page);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
