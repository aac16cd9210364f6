// Browser test of the stepper's numbers and text (crate/src/stepper/number.rs, format.rs,
// vm/float.rs, vm/text.rs, vm/sys.rs; panel www/src/labs/stepper/render.js): a program with
// floats, format specs and a stderr line runs to python3's output, and the stderr line is
// marked with a class and a visible "stderr" label (not colour alone).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, openLab, servedBrowser } from './suite.mjs';

const b64url = (/** @type {string} */ s) => Buffer.from(s, 'utf8').toString('base64url');
const idle = (page) => page.waitForFunction(() => (document.getElementById('main')?.dataset.pending ?? '0') === '0' && !document.getElementById('main')?.dataset.urlPending, null, { timeout: 60_000 });

const PROGRAM = `import sys
import threading


def report(i):
    rate = (i + 1) / 3
    print(f"worker {i}: {rate:>8.3f} {rate:.1%}")
    if i == 1:
        print("worker 1: disk slow", file=sys.stderr)


ts = [threading.Thread(target=report, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("total", 0.1 + 0.2, 10 / 4, "%5.2f" % 3.14159, "abcdef"[::-2])
`;

// What python3 prints for PROGRAM (stdout and stderr in order: this schedule is sequential).
const EXPECTED = [
  'worker 0:    0.333 33.3%',
  'worker 1:    0.667 66.7%',
  'worker 1: disk slow',
  'worker 2:    1.000 100.0%',
  'total 0.30000000000000004 2.5  3.14 fdb',
];

for (const isolated of [true, false]) {
  describe(`stepper numbers, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });

    test('floats and format specs print as python3 prints them; the stderr line is labelled', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper#src=${b64url(PROGRAM)}`);
      await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'ok', null, { timeout: 30_000 });
      await idle(page);
      await page.click('#run-seq');
      await idle(page);
      const lines = await page.$$eval('#output > div', (ds) => ds.map((d) => ({
        err: d.classList.contains('err'),
        label: d.querySelector('.stream')?.textContent ?? '',
        text: d.textContent ?? '',
      })));
      assert.equal(lines.length, EXPECTED.length, JSON.stringify(lines));
      EXPECTED.forEach((want, k) => assert.ok(lines[k].text.endsWith(want), `line ${k}: ${lines[k].text} should end with ${want}`));
      assert.deepEqual(lines.map((l) => l.err), [false, false, true, false, false]);
      assert.equal(lines[2].label, 'stderr');
      if (isolated) {
        await expectAccessible(page, 'stepper numbers output', 'stepper-numbers');
        // A close-up of the output panel in both themes, for review.
        for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
          await page.emulateMedia({ colorScheme });
          await page.locator('#output').screenshot({ path: `test-output/stepper-numbers-output-${colorScheme}.png` });
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
