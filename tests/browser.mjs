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
 * @param {{reducedMotion?: 'reduce' | 'no-preference', colorScheme?: 'light' | 'dark', width?: number, height?: number}} [opts]
 */
export async function openPage(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    reducedMotion: opts.reducedMotion,
    colorScheme: opts.colorScheme ?? 'light',
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

/** Saves a full-page screenshot into test-output/. */
export async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * A plain static file server (node:http) — no headers beyond the content type
 * unless asked: what a host without header control looks like. Also serves
 * the parent (course) pages of the embed tests.
 * @param {string} dir folder to serve
 * @param {{headers?: Record<string, string>, files?: Record<string, string>}} [opts]
 *   headers: sent with every response; files: path → content, served instead of the disk.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function serveDir(dir, opts = {}) {
  const { createServer } = await import('node:http');
  const { readFile } = await import('node:fs/promises');
  const { extname, normalize } = await import('node:path');
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-store', ...(opts.headers ?? {}) };
    try {
      const body = opts.files?.[path] ?? (await readFile(join(dir, normalize(path).replace(/^(\.\.[/\\])+/, ''))));
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, 'localhost', () => r(undefined)));
  const addr = server.address();
  const url = `http://localhost:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  return { url, close: () => new Promise((r) => server.close(() => r(undefined))) };
}
