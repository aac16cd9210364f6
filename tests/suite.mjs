// What every lab's browser test does around its checks: one Chromium and one
// served build per `describe`, a page opened until its lab is ready, and the
// lab's run state (`#main[data-state]`: running, done, stopped or error).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, shot } from './browser.mjs';

/**
 * Starts Chromium and the built app (with or without the isolation headers)
 * before the enclosing `describe`'s tests, and closes both after them.
 * @param {{isolated: boolean}} opts
 * @returns {{browser: import('playwright-core').Browser, url: string}} filled in once the tests run
 */
export function servedBrowser({ isolated }) {
  /** @type {any} */
  const env = {};
  let b;
  let server;
  before(async () => {
    b = await launch();
    server = await serve({ isolated });
    env.browser = b.browser;
    env.url = server.url;
  });
  after(async () => {
    await server?.close();
    await b?.close();
  });
  return env;
}

/**
 * Opens `url` in a fresh page and waits until the lab has mounted (or the page
 * has shown why it could not).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {Parameters<typeof openPage>[1]} [opts]
 */
export async function openLab(browser, url, opts) {
  const o = await openPage(browser, opts);
  await o.page.goto(url);
  await o.page.waitForFunction(
    () => ['true', 'error'].includes(document.documentElement.dataset.ready ?? '') || !!document.querySelector('.page-error'),
  );
  return o;
}

/** The lab's run state. */
export const labState = (/** @type {import('playwright-core').Page} */ page) =>
  page.evaluate(() => document.getElementById('main')?.dataset.state ?? '');

/**
 * Waits until the lab's run state is one of `states`.
 * @param {import('playwright-core').Page} page
 * @param {string[]} [states]
 * @param {number} [timeout]
 */
export async function waitLabState(page, states = ['done', 'error', 'stopped'], timeout = 120_000) {
  await page.waitForFunction((s) => s.includes(document.getElementById('main')?.dataset.state ?? ''), states, { timeout });
}

/**
 * A lab opened with a bad URL value: the error box names it (`message`), says
 * nothing ran, Run is disabled, and submitting the form anyway (Enter in a
 * field) starts nothing. The caller then checks its own "nothing ran" sign.
 * @param {import('playwright-core').Page} page
 * @param {RegExp} message
 */
export async function expectRefused(page, message) {
  const box = page.locator('#param-errors');
  assert.equal(await box.isVisible(), true, 'the error box is shown');
  assert.match(await box.textContent(), message);
  assert.match(await box.textContent(), /Nothing ran/);
  assert.equal(await page.isDisabled('#run'), true, 'Run is disabled');
  await page.locator('#controls').evaluate((f) => /** @type {HTMLFormElement} */ (f).requestSubmit());
  await page.waitForTimeout(200);
  assert.notEqual(await labState(page), 'running', 'nothing started');
}

/**
 * Opens a lab, runs `body` on its page, asserts the page logged no error and
 * made no third-party request, and always closes the page's context — also
 * when an assertion fails (a leaked context would keep its workers running
 * into the next test).
 * @template T
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {(page: import('playwright-core').Page, o: Awaited<ReturnType<typeof openPage>>) => Promise<T>} body
 * @param {Parameters<typeof openPage>[1] & {allowErrors?: RegExp}} [opts] `allowErrors`: errors the test expects
 * @returns {Promise<T>}
 */
export async function withLab(browser, url, body, opts = {}) {
  const o = await openLab(browser, url, opts);
  try {
    const out = await body(o.page, o);
    const unexpected = o.errors.filter((e) => !opts.allowErrors?.test(e));
    assert.deepEqual(unexpected, [], 'no page errors, console errors or third-party requests');
    return out;
  } finally {
    await o.context.close();
  }
}

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * @typedef {{rule: string, impact: string, help: string, target: string, html: string, inPanel: boolean}} AxeFinding
 *   one element that breaks one axe rule; `inPanel`: inside the lab's panel (`#main`), not the page chrome.
 */

/**
 * Runs axe-core (node_modules/axe-core, WCAG 2.x A and AA rules and axe's best practices) on the page as it
 * is now and returns every violation, one entry per element.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<AxeFinding[]>}
 */
export async function axeFindings(page) {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // @ts-ignore injected above
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    /** @type {any[]} */
    const out = [];
    for (const v of r.violations) {
      for (const n of v.nodes) {
        const target = n.target.join(' ');
        const node = document.querySelector(String(n.target[0]));
        out.push({
          rule: v.id,
          impact: v.impact ?? '',
          help: v.help,
          target,
          html: n.html.slice(0, 160),
          inPanel: !!node && !!document.getElementById('main')?.contains(node),
        });
      }
    }
    return out;
  });
}

/** One line per finding, for assertion messages and reports. */
export const describeFindings = (/** @type {AxeFinding[]} */ f) => f.map((x) => `${x.rule} (${x.impact}) at ${x.target}: ${x.help}`).join('\n');

/**
 * Asserts that axe-core finds no violation on the page (`only`: 'chrome' or 'panel' to check one part).
 * @param {import('playwright-core').Page} page
 * @param {string} label names the page and state in the message
 * @param {{only?: 'chrome' | 'panel'}} [o]
 */
export async function expectNoAxeViolations(page, label, o = {}) {
  let found = await axeFindings(page);
  if (o.only) found = found.filter((f) => f.inPanel === (o.only === 'panel'));
  assert.deepEqual(found.map((f) => `${f.rule} at ${f.target}`), [], `${label}: axe-core violations\n${describeFindings(found)}`);
}

/** Opens every `<details>` on the page (what a curious learner does before an audit). */
export const openAllDetails = (/** @type {import('playwright-core').Page} */ page) =>
  page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

/**
 * The page's width against the window's at each width, and the widest elements that stick out.
 * @param {import('playwright-core').Page} page
 * @param {number[]} [widths]
 * @returns {Promise<{width: number, scrollWidth: number, culprits: string[]}[]>}
 */
export async function measureOverflow(page, widths = [360, 390, 768]) {
  const out = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    // Let layout (and ResizeObserver-driven views) settle at the new width.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    out.push(
      await page.evaluate((width) => {
        const culprits = [];
        /** Content clipped by a box that scrolls or hides it cannot widen the page. */
        const insideScroller = (/** @type {Element} */ e) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
          }
          return false;
        };
        for (const e of document.querySelectorAll('body *')) {
          const r = e.getBoundingClientRect();
          if (r.width && r.right > innerWidth + 0.5 && !e.closest('[hidden]') && !insideScroller(e)) {
            // Report the outermost element that sticks out, not each of its children.
            const parent = e.parentElement?.getBoundingClientRect();
            if (parent && parent.right > innerWidth + 0.5) continue;
            const id = e.id ? `#${e.id}` : '';
            const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
            culprits.push(`${e.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px)`);
          }
        }
        return { width, scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 6) };
      }, width),
    );
  }
  return out;
}

/**
 * Asserts the page never scrolls sideways at `widths` (phones and a tablet by default); leaves the
 * window at 1280 × 900 again.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 * @param {number[]} [widths]
 */
export async function expectNoOverflow(page, label, widths) {
  const m = await measureOverflow(page, widths);
  await page.setViewportSize({ width: 1280, height: 900 });
  const bad = m.filter((x) => x.scrollWidth > x.width);
  assert.deepEqual(bad.map((x) => x.width), [], `${label} scrolls sideways:\n${bad.map((x) => `${x.width}px wide window, page ${x.scrollWidth}px: ${x.culprits.join(', ')}`).join('\n')}`);
}

/**
 * Every <details> open, axe-core in the light and the dark theme, and no sideways scrolling at
 * phone and tablet widths; then screenshots at 1280 and 390 wide in both themes (`name` prefix).
 * @param {import('playwright-core').Page} page
 * @param {string} label the state, for messages
 * @param {string} [name] screenshot name prefix (none: no screenshots)
 */
export async function expectAccessible(page, label, name) {
  await openAllDetails(page);
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(page, `${label}, ${colorScheme}`);
    await expectNoOverflow(page, `${label}, ${colorScheme}`);
    if (name) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await shot(page, `${name}-${width}-${colorScheme}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}
