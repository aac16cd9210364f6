// Browser test of the stepper's asyncio (crate/src/stepper/vm/aio*.rs, asyncio.rs; sample
// samples/async_timeout.py): exploring "asyncio with sleeps and a timeout" finds the dishes
// starting in every order but finishing in the order of their sleeps, with the soup cancelled by
// wait_for's timeout in every one — what a learner must see; a witness replays with the virtual
// clock past the deadline. Real Chromium, the production build, with and without COOP/COEP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, labState, servedBrowser, waitLabState, withLab } from './suite.mjs';
import { idle, stepperLink } from './stepper-helpers.mjs';

/** Waits until the program is loaded (the stepper view shows step 0). */
const ready = (page) => page.waitForFunction(() => document.getElementById('main')?.dataset.step !== undefined, null, { timeout: 30_000 });

/** The histogram's rows: kind, globals and the output line. */
const rows = (page) =>
  page.$$eval('#outcomes .outcome-row', (rs) => rs.map((r) => ({
    kind: r.getAttribute('data-kind'),
    globals: JSON.parse(r.getAttribute('data-globals') ?? '{}'),
    out: r.querySelector('.out code')?.textContent ?? '',
  })));

for (const isolated of [true, false]) {
  describe(`stepper asyncio, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });
    const tag = isolated ? 'iso' : 'noiso';

    test('sleeps decide the finishing order and the timeout cancels the soup, in every interleaving', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'async_timeout' }), async (page) => {
        await ready(page);
        assert.equal(await page.inputValue('select[name="mode"]'), 'asyncio');
        // The sequential run prints what python3 prints.
        await page.click('#run-seq');
        await idle(page);
        const seq = await page.textContent('#output') ?? '';
        for (const line of ['start soup', 'start salad', 'start pie', 'soup cancelled', 'soup took too long', "finished ['salad', 'pie'] salad True pie True"]) {
          assert.ok(seq.includes(line), `${line} in ${seq}`);
        }
        // Explore every interleaving.
        await page.click('#run');
        await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
        const rs = await rows(page);
        // Six start orders (3!), and nothing else varies.
        assert.equal(rs.length, 6, JSON.stringify(rs));
        const starts = new Set(rs.map((r) => r.out.split(' ⏎ ').slice(0, 3).join(',')));
        assert.equal(starts.size, 6, [...starts].join('\n'));
        for (const r of rs) {
          assert.equal(r.kind, 'finished');
          assert.equal(r.globals.finished, "['salad', 'pie']");
          assert.match(r.out, /soup cancelled ⏎ soup took too long ⏎ finished \['salad', 'pie'\] salad True pie True$/);
        }
        // A witness replays: the run ends with the clock past the 2.5-minute deadline.
        await page.click('#outcomes .outcome-row:last-child .open-witness');
        await idle(page);
        assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'finished');
        assert.match(await page.textContent('#output') ?? '', /soup took too long/);
        await expectAccessible(page, `stepper asyncio timeout (${tag})`, isolated ? 'stepper-asyncio' : undefined);
      });
    });
  });
}
