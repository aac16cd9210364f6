// A link to lab `stepper` with a program, as the page writes one: parameters
// in the query, the program (base64url of its UTF-8 text) in the fragment.

/**
 * @param {string} base the app's URL (ending in /)
 * @param {{src?: string, [param: string]: string | number | undefined}} o the program's text and query parameters
 */
export function stepperLink(base, { src, ...params }) {
  const q = new URLSearchParams({ lab: 'stepper' });
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const hash = src === undefined ? '' : `#src=${Buffer.from(src, 'utf8').toString('base64url')}`;
  return `${base}?${q}${hash}`;
}

/**
 * A fresh page like browser.mjs `openPage` (uncaught errors, console errors and third-party requests
 * recorded), with a colour scheme and a viewport of choice.
 * @param {import('playwright-core').Browser} browser
 * @param {{colorScheme?: 'light' | 'dark', width?: number, height?: number, reducedMotion?: 'reduce' | 'no-preference'}} [opts]
 */
export async function openStepperPage(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: opts.reducedMotion,
  });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['localhost', '127.0.0.1'].includes(u.hostname) && !u.protocol.startsWith('data') && !u.protocol.startsWith('blob')) {
      errors.push(`third-party request: ${r.url()}`);
    }
  });
  return { page, errors, context };
}

/** Waits until every stepping request the page sent has been answered and drawn. */
export const idle = (/** @type {import('playwright-core').Page} */ page, timeout = 60_000) =>
  page.waitForFunction(() => (document.getElementById('main')?.dataset.pending ?? '0') === '0' && !document.getElementById('main')?.dataset.urlPending, null, { timeout });

/** The step on screen, once the page is idle. */
export const stepOf = async (/** @type {import('playwright-core').Page} */ page) => {
  await idle(page);
  return page.evaluate(() => Number(document.getElementById('main')?.dataset.step ?? -1));
};

/** Replaces the program in the editor (the editor's host element takes `value` as a textarea does). */
export const setProgram = (/** @type {import('playwright-core').Page} */ page, /** @type {string} */ text) =>
  page.$eval('#program', (e, t) => {
    /** @type {HTMLTextAreaElement} */ (e).value = t;
  }, text);
