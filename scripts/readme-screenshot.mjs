// Makes docs/screenshot.png for the README: both sides of threads-vs-processes
// after a slow-motion run, from the production build. Run after `npm run build`.
import { join } from 'node:path';
import { launch, openPage, serve } from '../tests/browser.mjs';
import { ROOT } from './lib.mjs';

const b = await launch();
const server = await serve({ isolated: true });
try {
  const { page } = await openPage(b.browser);
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${server.url}?lab=threads-vs-processes&mode=both&workers=4&iters=30000&slow=1`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.check('input[name="predict"][value="all"]');
  await page.click('#run');
  await page.waitForFunction(() => ['done', 'error', 'stopped'].includes(document.getElementById('main')?.dataset.state ?? ''), null, { timeout: 120_000 });
  const bottom = await page.evaluate(() => {
    const r = /** @type {HTMLElement} */ (document.querySelector('.views')).getBoundingClientRect();
    return r.bottom + scrollY;
  });
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.ceil(bottom) + 16 } });
  console.log('docs/screenshot.png written');
} finally {
  await server.close();
  await b.close();
}
