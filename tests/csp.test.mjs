// Every lab under a strict Content-Security-Policy (the one README "Host it"
// recommends): no inline style or script is needed anywhere, so a host can
// send it and the app still runs, with zero violations reported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { ROOT, launch, openPage, serveDir } from './browser.mjs';

// Every lab in the registry (which finds labs with Vite's import.meta.glob: teach node the same first).
register('./vite-glob.mjs', import.meta.url);
const { LABS } = await import('../www/src/labs/registry.js');

/** README "Host it": the recommended policy, as www/public/_headers sends it. */
const CSP = readFileSync(join(ROOT, 'www', 'public', '_headers'), 'utf8').match(/Content-Security-Policy: (.*)/)?.[1] ?? '';

/** Small settings for labs whose defaults take long: every run is quick. */
const RUNS = /** @type {Record<string, string>} */ ({
  'threads-vs-processes': 'mode=all&workers=2&iters=20000',
  race: 'mode=both&threads=2&iters=20000&runs=2',
  amdahl: '',
  gil: '',
  deadlock: '',
  starvation: '',
  stepper: 'sample=race',
  'memory-model': 'test=sb&iters=2000',
  'lock-free': 'test=aba&threads=2&ops=2000',
  bench: '',
  'map-reduce': 'mode=all&width=200&height=150&tile=64&workers=2',
  io: 'part=ways&n=4&latency=20&cpu=1&workers=2',
});

describe('served with a strict Content-Security-Policy', () => {
  /** @type {Awaited<ReturnType<typeof launch>>} */
  let b;
  /** @type {Awaited<ReturnType<typeof serveDir>>} */
  let server;
  before(async () => {
    assert.match(CSP, /style-src 'self'(;|$)/, '_headers sends the strict policy');
    b = await launch();
    server = await serveDir(join(ROOT, 'dist'), {
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Content-Security-Policy': CSP,
      },
    });
  });
  after(async () => {
    await server?.close();
    await b?.close();
  });

  for (const { id: lab } of LABS) {
    const query = RUNS[lab] ?? '';
    test(`${lab}: loads and runs with zero violations`, async () => {
      const { page, errors, context } = await openPage(b.browser);
      try {
        await page.addInitScript(() => {
          /** @type {string[]} */
          const seen = [];
          Object.assign(window, { cspViolations: seen });
          document.addEventListener('securitypolicyviolation', (e) =>
            seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
          );
        });
        await page.goto(`${server.url}?lab=${lab}${query ? `&${query}` : ''}`);
        await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30_000 });
        assert.equal(await page.evaluate(() => crossOriginIsolated), true);
        const run = page.locator('#run');
        if ((await run.count()) && (await run.isEnabled())) {
          await run.click();
          // Stop whatever is still going after a few seconds: the point is what a run draws, not how it ends.
          await page
            .waitForFunction(() => ['done', 'error', 'stopped', 'deadlock'].includes(document.getElementById('main')?.dataset.state ?? ''), null, { timeout: 8_000 })
            // Checked and clicked in one page task: a run that ends between a separate isEnabled() and click()
            // leaves Stop disabled and the click waiting 30 s for it (CI, 2026-12-03, the bench lab).
            .catch(() =>
              page.evaluate(() => {
                const stop = /** @type {HTMLButtonElement | null} */ (document.getElementById('stop'));
                if (stop && !stop.disabled) stop.click();
              }),
            );
        }
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        await page.waitForTimeout(300);
        const violations = await page.evaluate(() => /** @type {any} */ (window).cspViolations);
        assert.deepEqual(violations, [], `CSP violations on ${lab}`);
        assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
      } finally {
        await context.close();
      }
    });
  }
});
