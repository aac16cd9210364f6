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
