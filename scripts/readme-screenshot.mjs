// Makes docs/screenshot.png for the README: the home page (what ThreadLab is,
// its picture and the first chapters of the course), from the production
// build, light theme, 1200 px wide. Run after `npm run build`.
import { join } from 'node:path';
import { launch, openPage, serve } from '../tests/browser.mjs';
import { ROOT } from './lib.mjs';

const b = await launch();
const server = await serve({ isolated: true });
try {
  const { page } = await openPage(b.browser, { colorScheme: 'light' });
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  // Down to the end of chapter 3: the hero and enough of the course to see its shape.
  const bottom = await page.evaluate(() => {
    const r = /** @type {HTMLElement} */ (document.getElementById('ch-3')).getBoundingClientRect();
    return r.bottom + scrollY;
  });
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png'), clip: { x: 0, y: 0, width: 1200, height: Math.ceil(bottom) + 16 }, fullPage: true });
  console.log('docs/screenshot.png written');
} finally {
  await server.close();
  await b.close();
}
