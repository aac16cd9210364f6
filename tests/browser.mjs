// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core (test tools cannot download a browser here), and the built
// app served by Vite's preview server — with the cross-origin isolation
// headers, and once without them.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

export const ROOT = new URL('..', import.meta.url).pathname;
export const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium with a fresh profile and no background traffic. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'threadlab-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ].filter((a) => !a.startsWith('--user-data-dir')),
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Serves dist/ (built by `npm test` before the tests run).
 * @param {{isolated: boolean}} opts
 */
export async function serve({ isolated }) {
  const server = await preview({
    configFile: join(ROOT, 'www', 'vite.config.js'),
    logLevel: 'silent',
    preview: { port: 0, strictPort: false, headers: isolated ? undefined : {}, open: false },
  });
  if (!isolated) {
    // Vite merges `preview.headers` with the config's; strip the two here instead.
    server.httpServer.prependListener('request', (_req, res) => {
      const set = res.setHeader.bind(res);
      res.setHeader = (name, value) =>
        /^cross-origin-(opener|embedder)-policy$/i.test(name) ? res : set(name, value);
    });
  }
  const addr = server.httpServer.address();
  const url = `http://localhost:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  return { url, close: () => new Promise((r) => server.httpServer.close(r)) };
}

/**
 * A fresh page that records uncaught errors and console errors.
 * @param {import('playwright-core').Browser} browser
 * @param {{reducedMotion?: 'reduce' | 'no-preference'}} [opts]
 */
export async function openPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: opts.reducedMotion });
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

/** Saves a full-page screenshot into test-output/. */
export async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}
