// Browser test of the Pool.map sample (crate/src/stepper/samples/poolmap.py): exploring every
// interleaving on the page, the workers are processes whose prints come in different orders,
// while the results always come back in input order and the parent's global stays unchanged.
// Real Chromium, the production build, served with and without COOP/COEP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, labState, servedBrowser, waitLabState, withLab } from './suite.mjs';
import { stepperLink } from './stepper-helpers.mjs';

const ready = (page) => page.waitForFunction(() => document.getElementById('main')?.dataset.step !== undefined, null, { timeout: 30_000 });

for (const isolated of [true, false]) {
  describe(`stepper Pool.map sample, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });
    const tag = isolated ? 'iso' : 'noiso';

    test('every schedule gives squares = [1, 4] and leaves done = [] in the parent', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'poolmap' }), async (page) => {
        await ready(page);
        assert.equal(await page.inputValue('select[name="mode"]'), 'fork');
        await page.click('#run');
        await waitLabState(page, ['done', 'error', 'stopped'], 240_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
        const rs = await page.$$eval('#outcomes .outcome-row', (xs) => xs.map((r) => ({
          kind: r.getAttribute('data-kind'),
          globals: JSON.parse(r.getAttribute('data-globals') ?? '{}'),
        })));
        assert.ok(rs.length >= 1, 'at least one ending');
        for (const r of rs) {
          assert.equal(r.kind, 'finished', JSON.stringify(r));
          assert.equal(r.globals.squares, '[1, 4]', JSON.stringify(r));
          assert.equal(r.globals.done, '[]', JSON.stringify(r));
        }
        await expectAccessible(page, `stepper Pool.map explored (${tag})`, isolated ? 'stepper-poolmap' : undefined);
      });
    });
  });
}
