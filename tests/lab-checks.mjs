// Accessibility and small-screen checks for a lab's browser test (issue 16):
// axe-core on the page as it is, every <details> open, and no sideways
// scrolling at phone and tablet widths. (Same names as the course branch's
// helpers in suite.mjs, so the tests can switch to those when both are merged.)
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const AXE = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', 'axe-core', 'axe.min.js');

/** Opens every `<details>` on the page (what a curious learner does before an audit). */
export const openAllDetails = (/** @type {import('playwright-core').Page} */ page) =>
  page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

/**
 * Asserts that axe-core (WCAG 2 A/AA and best practices) finds no violation in the lab's panel (`#main`)
 * as it is now. (The page chrome around it — menu, capability notice — is the course's to check.)
 * @param {import('playwright-core').Page} page
 * @param {string} label names the page and state in the message
 */
export async function expectNoAxeViolations(page, label) {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    // @ts-ignore injected above
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    const main = document.getElementById('main');
    const inPanel = (/** @type {any} */ n) => {
      const e = document.querySelector(String(n.target[0]));
      return !!e && !!main?.contains(e);
    };
    return r.violations.flatMap((/** @type {any} */ v) =>
      v.nodes.filter(inPanel).map((/** @type {any} */ n) => `${v.id} at ${n.target.join(' ')}: ${v.help}`),
    );
  });
  assert.deepEqual(found, [], `${label}: axe-core violations`);
}

/**
 * Asserts that the page does not scroll sideways at any of `widths` (elements
 * inside a box that scrolls on its own are fine); restores 1280 × 900 after.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 * @param {number[]} [widths]
 */
export async function expectNoOverflow(page, label, widths = [360, 390, 768]) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const { scrollWidth, culprits } = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const insideScroller = (/** @type {Element} */ e) => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
      };
      const culprits = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > w + 0.5 && !insideScroller(e))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''}`);
      return { scrollWidth: document.documentElement.scrollWidth, culprits };
    });
    assert.ok(scrollWidth <= width, `${label} at ${width} px: the page is ${scrollWidth} px wide (${culprits.join(', ')})`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
