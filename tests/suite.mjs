// What every lab's browser test does around its checks: one Chromium and one
// served build per `describe`, a page opened until its lab is ready, and the
// lab's run state (`#main[data-state]`: running, done, stopped or error).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { launch, openPage, serve } from './browser.mjs';

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
