// Accessibility of every page: axe-core (WCAG 2 A/AA and best practices) on
// the home page and on every lab in the registry, in the light and the dark
// theme, with every <details> open, when ready and after a short run; and no
// sideways scrolling at phone and tablet widths (360, 390, 768 px).
//
// The page chrome (header, menu, notes, the embed box, the way on, footer),
// the home page and every lab's own panel (#main) must be clean: any finding
// fails the suite. Findings are also written to test-output/a11y.json.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'node:module';
import { after, describe, test } from 'node:test';
import { OUT } from './browser.mjs';
import { axeFindings, describeFindings, measureOverflow, openAllDetails, openLab, servedBrowser, waitLabState } from './suite.mjs';

// The registry finds labs with Vite's import.meta.glob: teach node the same first.
register('./vite-glob.mjs', import.meta.url);
const { LABS } = await import('../www/src/labs/registry.js');

/** Short runs, so that the "after a run" state exists in reasonable time (labs absent here: checked when ready only). */
const QUICK_RUN = {
  'threads-vs-processes': 'mode=all&workers=2&iters=20000',
  race: 'mode=both&threads=2&iters=20000&runs=2',
  gil: 'threads=2&work=200&repeats=1',
  deadlock: 'strategy=naive&n=5&meals=5', // ends in a detected deadlock: the state with the banner and the cycle
  starvation: 'readers=2&writers=1&duration=300',
  amdahl: 'threads=2&repeats=1&work=1',
  stepper: 'sample=race', // Run = explore every interleaving
  'memory-model': 'test=sb&iters=2000',
  'map-reduce': 'mode=all&width=200&height=150&tile=64&workers=2',
  io: 'part=ways&n=4&latency=20&cpu=1&workers=2',
  'lock-free': 'test=aba&threads=2&ops=2000',
};

/** After the run, what else makes a lab's finished state (the stepper: a whole run, its thread cards finished). */
const AFTER_RUN = /** @type {Record<string, (page: import('playwright-core').Page) => Promise<void>>} */ ({
  stepper: async (page) => {
    if (!(await page.isVisible('#run-seq'))) await page.click('.open-witness');
    await page.click('#run-seq');
    await page.waitForFunction(() => !!document.querySelector('.outcome[data-kind]'));
  },
});

/** @type {Record<string, any>} */
const report = {};
after(() => writeFileSync(join(OUT, 'a11y.json'), JSON.stringify(report, null, 2)));

describe('accessibility', () => {
  const env = servedBrowser({ isolated: true });

  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    test(`home page, ${scheme}: no axe-core violations, no sideways scrolling`, async () => {
      const { page, errors, context } = await openLab(env.browser, env.url, { colorScheme: scheme });
      try {
        await openAllDetails(page);
        const found = await axeFindings(page);
        report[`home/${scheme}`] = found;
        assert.deepEqual(found.map((f) => `${f.rule} at ${f.target}`), [], describeFindings(found));
        const overflow = await measureOverflow(page);
        report[`home/${scheme}/overflow`] = overflow;
        assert.deepEqual(overflow.filter((o) => o.scrollWidth > o.width), []);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  for (const { id } of LABS) {
    for (const scheme of /** @type {const} */ (['light', 'dark'])) {
      test(`${id}, ${scheme}`, async (t) => {
        const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=${id}${QUICK_RUN[id] ? `&${QUICK_RUN[id]}` : ''}`, { colorScheme: scheme });
        try {
          /** @type {{state: string, found: import('./suite.mjs').AxeFinding[]}[]} */
          const states = [];
          await openAllDetails(page);
          states.push({ state: 'ready', found: await axeFindings(page) });
          if (QUICK_RUN[id]) {
            await page.click('#run');
            await waitLabState(page, ['done', 'error', 'stopped', 'deadlock']);
            await AFTER_RUN[id]?.(page);
            await openAllDetails(page);
            states.push({ state: 'after a run', found: await axeFindings(page) });
          }
          report[`${id}/${scheme}`] = states;
          for (const { state, found } of states) {
            await t.test(`${state}: the page chrome has no axe-core violations`, () => {
              const mine = found.filter((f) => !f.inPanel);
              assert.deepEqual(mine.map((f) => `${f.rule} at ${f.target}`), [], describeFindings(mine));
            });
            await t.test(`${state}: the lab panel has no axe-core violations`, () => {
              const theirs = found.filter((f) => f.inPanel);
              assert.deepEqual(theirs.map((f) => `${f.rule} at ${f.target}`), [], describeFindings(theirs));
            });
          }
          const overflow = await measureOverflow(page);
          report[`${id}/${scheme}/overflow`] = overflow;
          await t.test('no sideways scrolling at 360, 390 and 768 px', () => {
            const bad = overflow.filter((o) => o.scrollWidth > o.width);
            assert.deepEqual(bad.map((o) => o.width), [], bad.map((o) => `${o.width}px: page ${o.scrollWidth}px wide; ${o.culprits.join(', ')}`).join('\n'));
          });
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
