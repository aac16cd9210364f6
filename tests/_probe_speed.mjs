import { launch, serve } from './browser.mjs';
import { openLab, waitLabState } from './suite.mjs';
const b = await launch(); const s = await serve({ isolated: true });
for (const q of ['lab=gil&threads=2&work=12000&repeats=3', 'lab=amdahl&s=0&threads=2&repeats=3&work=24', 'lab=amdahl&s=50&threads=2&repeats=3&work=24']) {
  const { page, context } = await openLab(b.browser, `${s.url}?${q}`);
  await page.click('#run'); await waitLabState(page);
  console.log(q, '\n', (await page.textContent('#status')).trim());
  const t = await page.$$eval('table', (ts) => ts.map((t) => t.innerText).join('\n---\n'));
  console.log(t.slice(0, 1500));
  await context.close();
}
await s.close(); await b.close();
