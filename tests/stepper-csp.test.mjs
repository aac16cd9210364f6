// Lab `stepper` under a strict Content-Security-Policy (issue 17) and axe-core
// (issue 16): the built app served with
//   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'
// (and the isolation headers), driven through everything the stepper draws —
// stepping, every panel, exploring, a witness, the processes sample, a compile
// error in the editor — with zero `securitypolicyviolation` events, the thread
// colours still painted, and zero axe violations.
import assert from 'node:assert/strict';
import { DARK_WRITERS, LIGHT_WRITERS } from '../www/src/views/palette.js';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, openPage, serveDir, shot } from './browser.mjs';
import { idle, setProgram } from './stepper-helpers.mjs';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const HEADERS = {
  'Content-Security-Policy': STRICT_CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Records every CSP violation the page (or its frames) reports. */
const RECORD_VIOLATIONS = () => {
  const list = /** @type {object[]} */ ([]);
  Object.assign(globalThis, { __violations: list });
  document.addEventListener('securitypolicyviolation', (e) => {
    list.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` });
  });
};
const violations = (page) => page.evaluate(() => /** @type {any} */ (globalThis).__violations);


const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * Runs axe-core on the page; returns its violations, each with the selectors it names. axe is served
 * by the test server beside the app (`/axe.min.js`): the strict CSP refuses an inline script, rightly.
 */
async function axe(page) {
  await page.addScriptTag({ url: '/axe.min.js' });
  const r = await page.evaluate(async () => {
    // @ts-ignore — axe is the global the script defines
    const res = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return r;
}

describe('stepper under a strict CSP, and axe-core', () => {
  /** @type {{browser: import('playwright-core').Browser, close(): Promise<void>}} */
  let b;
  /** @type {{url: string, close(): Promise<void>}} */
  let server;
  before(async () => {
    b = await launch();
    server = await serveDir(join(ROOT, process.env.THREADLAB_DIST ?? 'dist'), { headers: HEADERS, files: { '/axe.min.js': readFileSync(AXE, 'utf8') } });
  });
  after(async () => {
    await server?.close();
    await b?.close();
  });

  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    test(`every part of the stepper, ${colorScheme}: zero CSP violations, colours painted, zero axe violations`, async () => {
      const { page, errors, context } = await openPage(b.browser, { colorScheme });
      try {
        await page.addInitScript(RECORD_VIOLATIONS);
        // The CSP header really is on the page (a test that passes because it is missing proves nothing).
        const res = await page.goto(`${server.url}?lab=stepper&sample=race`);
        assert.equal(res?.headers()['content-security-policy'], STRICT_CSP);
        await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'ok', null, { timeout: 30_000 });
        await idle(page);
        // Step both threads into the race, so badges, written cells and thread cards are drawn.
        for (const t of ['0', '0', '0', '0', '0', '0', '0', '0']) await page.click(`button[data-step="${t}"]:enabled`).catch(() => {});
        await page.click('#run-random');
        await idle(page);
        const hex = (colorScheme === 'dark' ? DARK_WRITERS : LIGHT_WRITERS)[0];
        const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
        const painted = await page.$eval('.tbadge[data-thread="0"]', (e) => getComputedStyle(e).backgroundColor);
        assert.equal(painted, rgb, `thread 0 badge in its palette colour (${hex})`);
        const card = await page.$eval('.thread-card[data-thread="0"]', (e) => getComputedStyle(e).borderLeftColor);
        assert.equal(card, rgb, 'thread card edge in its colour');
        const cell = await page.$eval('.memory td.val.written', (e) => getComputedStyle(e).backgroundColor);
        assert.notEqual(cell, 'rgba(0, 0, 0, 0)', 'a written cell takes its writer colour');
        // Explore: the histogram bars have their widths.
        await page.click('#run');
        await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'done', null, { timeout: 60_000 });
        const widths = await page.$$eval('.hbar span', (ss) => ss.map((s) => s.getBoundingClientRect().width));
        assert.ok(widths.length >= 2 && widths.every((w) => w > 0), `bars drawn: ${widths}`);
        await page.click('#outcomes .outcome-row[data-index="0"] .open-witness');
        await idle(page);
        // Everything open, for axe and the screenshot.
        await page.$$eval('details', (ds) => ds.forEach((d) => { /** @type {HTMLDetailsElement} */ (d).open = true; }));
        await shot(page, `stepper-csp-race-${colorScheme}`);
        const axeRace = await axe(page);
        assert.deepEqual(axeRace, [], JSON.stringify(axeRace, null, 1));

        // The processes sample: one memory panel per process.
        await page.selectOption('#sample-select', 'processes');
        await page.click('#load-sample');
        await page.waitForFunction(() => document.getElementById('main')?.dataset.step === '0');
        await page.click('#run-seq');
        await idle(page);
        assert.ok((await page.locator('.memory').count()) >= 2);
        // A compile error, marked in the editor.
        await setProgram(page, 'x = (1,\nprint(x)\n');
        await page.click('#compile');
        await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'error');
        await shot(page, `stepper-csp-compile-error-${colorScheme}`);
        const axeError = await axe(page);
        assert.deepEqual(axeError, [], JSON.stringify(axeError, null, 1));

        assert.deepEqual(await violations(page), [], 'no CSP violations');
        // Control: the policy and the recorder do catch a style= attribute (what the stepper used to write),
        // while the CSSOM (`style.setProperty`, which paints the thread colours above) is allowed.
        await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
        await page.waitForFunction(() => /** @type {any} */ (globalThis).__violations.some((v) => v.directive.startsWith('style-src')));
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).outlineStyle), 'none', 'the style= attribute was blocked');
        // Only the control's own style= attribute was refused.
        assert.deepEqual(errors.filter((e) => !/Applying inline style violates/.test(e)), []);
      } finally {
        await context.close();
      }
    });
  }
});
