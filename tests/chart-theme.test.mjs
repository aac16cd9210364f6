// The uPlot charts' axes in the light and the dark theme (views/plot.js
// `themed`): what the learner reads on the canvas — tick labels, axis titles,
// ticks — must stand at ≥ 4.5:1 against what the chart sits on, whether the
// page opened in that scheme or the system switched while it was open (the
// matchMedia listener redraws). uPlot draws axes on its canvas, so the test
// reads the canvas's pixels: every fully opaque pixel in the axis strips (left
// of and below the plot area) is axis ink, and is measured against the page's
// computed background behind the chart. Screenshots of both charts at 1280 and
// 390 px, light and dark, go to test-output/.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { OUT, shot } from './browser.mjs';
import { contrast } from './colour-vision.mjs';
import { labState, servedBrowser, waitLabState, withLab } from './suite.mjs';

/**
 * The opaque colours drawn in the chart's axis strips, with their counts, and
 * the colour behind the chart (its nearest ancestor with a background).
 * @param {import('playwright-core').Page} page @param {string} box the element uPlot was created in
 */
async function axisPixels(page, box) {
  return page.$eval(box, (root) => {
    const canvas = /** @type {HTMLCanvasElement} */ (root.querySelector('.uplot canvas'));
    const over = /** @type {HTMLElement} */ (root.querySelector('.uplot .u-over'));
    const hex = (/** @type {number[]} */ c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    /** @type {HTMLElement | null} */
    let e = canvas;
    let bg = '';
    for (; e && !bg; e = e.parentElement) {
      const b = getComputedStyle(e).backgroundColor;
      if (!/rgba\(.*, 0\)$|transparent/.test(b)) bg = b;
    }
    const rgb = (bg.match(/\d+/g) ?? ['255', '255', '255']).slice(0, 3).map(Number);
    const dpr = canvas.width / canvas.clientWidth;
    const left = Math.floor(over.offsetLeft * dpr);
    const top = Math.floor(over.offsetTop * dpr);
    const bottom = Math.ceil((over.offsetTop + over.offsetHeight) * dpr);
    const d = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).getImageData(0, 0, canvas.width, canvas.height).data;
    /** @type {Record<string, number>} */
    const counts = {};
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        // The y axis (left of the plot area) and the x axis (below it).
        if (!(x < left - 1 || y > bottom + 1) || y < top - 8) continue;
        const i = 4 * (y * canvas.width + x);
        if (d[i + 3] !== 255) continue;
        const c = hex([d[i], d[i + 1], d[i + 2]]);
        counts[c] = (counts[c] ?? 0) + 1;
      }
    }
    const root2 = getComputedStyle(document.documentElement);
    return { background: hex(rgb), counts, ink: root2.getPropertyValue('--ink').trim().toLowerCase() };
  });
}

/** Asserts the axis strips hold readable text: enough ink, all of it at ≥ 4.5:1 on the background. */
async function expectReadableAxes(page, box, label) {
  const { background, counts, ink } = await axisPixels(page, box);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const weak = Object.entries(counts).filter(([c]) => contrast(c, background) < 4.5);
  const weakCount = weak.reduce((a, [, n]) => a + n, 0);
  assert.ok(total > 150, `${label}: the axes drew ${total} opaque pixels (tick labels expected)`);
  assert.equal(weakCount, 0, `${label}: axis pixels under 4.5:1 on ${background}: ${JSON.stringify(weak.slice(0, 8))}`);
  // The labels are the page's own text colour (--ink), not a fixed one.
  assert.ok((counts[ink] ?? 0) > 100, `${label}: tick labels in --ink ${ink} (${counts[ink] ?? 0} px); drawn: ${JSON.stringify(counts).slice(0, 300)}`);
  return background;
}

/** Waits for the next two frames (a redraw after a scheme change is synchronous, but be safe). */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const CHARTS = [
  { lab: 'amdahl', url: '?lab=amdahl&s=20&threads=4&repeats=1&work=2', box: '#plot', run: false, shot: '#chart' },
  { lab: 'map-reduce', url: '?lab=map-reduce&mode=threads&width=200&height=150&tile=64&workers=2', box: '#mr-amdahl [data-plot]', run: true, shot: '#mr-amdahl' },
];

describe('chart axes follow the colour scheme, at ≥ 4.5:1 (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });
  for (const chart of CHARTS) {
    for (const scheme of /** @type {const} */ (['light', 'dark'])) {
      test(`${chart.lab}: opened in ${scheme}, then switched; axis text readable in both`, async () => {
        await withLab(
          env.browser,
          `${env.url}${chart.url}`,
          async (page) => {
            if (chart.run) {
              await page.click('#run');
              await waitLabState(page);
              assert.equal(await labState(page), 'done', await page.textContent('#status'));
            }
            await page.waitForSelector(`${chart.box} .uplot canvas`);
            const first = await expectReadableAxes(page, chart.box, `${chart.lab}, ${scheme}`);
            const markers = () => page.$$eval(`${chart.box} .u-legend .u-marker`, (ms) => ms.map((m) => getComputedStyle(m).borderTopColor));
            const before = await markers();
            assert.equal(new Set(before).size, before.length, `each series has its own legend colour: ${before}`);
            const other = scheme === 'light' ? 'dark' : 'light';
            await page.emulateMedia({ colorScheme: other });
            await frames(page);
            const second = await expectReadableAxes(page, chart.box, `${chart.lab}, switched to ${other}`);
            assert.notEqual(first, second, 'the background changed with the scheme');
            assert.deepEqual(await markers(), before, 'the legend keeps each series its colour after the switch');
            for (const width of [1280, 390]) {
              await page.setViewportSize({ width, height: 900 });
              await frames(page);
              for (const s of /** @type {const} */ ([other, scheme])) {
                await page.emulateMedia({ colorScheme: s });
                await frames(page);
                if (width === 390) await expectReadableAxes(page, chart.box, `${chart.lab}, ${s}, 390 px`);
                await page.locator(chart.shot).screenshot({ path: join(OUT, `chart-${chart.lab}-${width}-${s}.png`) });
              }
            }
            await shot(page, `chart-${chart.lab}-page-390-${scheme}`);
          },
          { colorScheme: scheme },
        );
      });
    }
  }
});

describe('served without COOP/COEP (degraded mode): the same themed axes', () => {
  const env = servedBrowser({ isolated: false });
  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    test(`amdahl in ${scheme}: axis text at ≥ 4.5:1`, async () => {
      await withLab(
        env.browser,
        `${env.url}${CHARTS[0].url}`,
        async (page) => {
          assert.equal(await page.evaluate(() => crossOriginIsolated), false);
          await page.waitForSelector(`${CHARTS[0].box} .uplot canvas`);
          await expectReadableAxes(page, CHARTS[0].box, `amdahl, not isolated, ${scheme}`);
        },
        { colorScheme: scheme },
      );
    });
  }
});
