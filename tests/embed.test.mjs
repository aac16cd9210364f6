// Embedding and hosting (README "Embed it" and "Host it"): ThreadLab's embed
// view inside course pages on another origin, with and without cross-origin
// isolation; the postMessage protocol (www/src/embed/protocol.js) and the
// course page's auto-size script (www/public/threadlab-embed.js); and the
// opt-in service worker (www/public/coi-sw.js) under a server that sends no
// headers at all. Real Chromium against the production build.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, launch, openPage, serve, serveDir, shot } from './browser.mjs';

const DIST = resolve(ROOT, 'www', process.env.THREADLAB_DIST ?? '../dist');
const LAB = 'threads-vs-processes';
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * A course page on its own origin that embeds one ThreadLab frame, includes
 * the auto-size script, and records every ThreadLab message it receives.
 * @param {string} app the ThreadLab origin + folder (ends with '/')
 * @param {string} query the frame's query string
 * @param {string} [iframeAttrs]
 */
function coursePage(app, query, iframeAttrs = '') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course page</title><link rel="icon" href="data:,"></head>
<body>
  <h1>Week 3: threads and processes</h1>
  <p>Predict, then run.</p>
  <iframe id="lab" src="${app}embed.html?${query}" allow="cross-origin-isolated" ${iframeAttrs}
          title="ThreadLab" style="width:100%;height:240px;border:1px solid #999"></iframe>
  <script>
    window.received = [];
    window.domEvents = [];
    addEventListener('message', (e) => {
      if (e.data && e.data.source === 'threadlab') window.received.push({ origin: e.origin, data: e.data });
    });
    document.getElementById('lab').addEventListener('threadlab', (e) => window.domEvents.push(e.detail.type));
  </script>
  <script src="${app}threadlab-embed.js" defer></script>
</body></html>`;
}

/** Asserts one message has the documented shape (README "Embed it"). */
function assertShape(m) {
  assert.equal(m.source, 'threadlab');
  assert.equal(m.version, 1);
  assert.equal(m.lab, LAB);
  const params = (p) => {
    assert.equal(typeof p, 'object');
    for (const k of ['mode', 'workers', 'iters', 'slow']) assert.ok(k in p, `params.${k} in ${m.type}`);
  };
  switch (m.type) {
    case 'threadlab:ready':
      assert.equal(typeof m.crossOriginIsolated, 'boolean');
      assert.equal(typeof m.threads, 'boolean');
      params(m.params);
      break;
    case 'threadlab:resize':
      assert.ok(Number.isInteger(m.height) && m.height > 0, `height ${m.height}`);
      break;
    case 'threadlab:run-started':
      assert.ok(Number.isInteger(m.run) && m.run >= 1);
      params(m.params);
      break;
    case 'threadlab:run-finished':
      assert.ok(Number.isInteger(m.run) && m.run >= 1);
      assert.ok(['done', 'stopped', 'error'].includes(m.outcome), m.outcome);
      params(m.params);
      assert.equal(typeof m.summary, 'string');
      assert.equal(typeof m.results, 'object');
      break;
    case 'threadlab:predict':
      assert.equal(typeof m.question, 'string');
      assert.equal(typeof m.choice, 'string');
      assert.equal(typeof m.answer, 'string');
      break;
    default:
      assert.fail(`undocumented message type ${m.type}`);
  }
}

const received = (page) => page.evaluate(() => /** @type {any} */ (window).received);
const ofType = async (page, type) => (await received(page)).filter((r) => r.data.type === type);

async function waitMessage(page, type, count = 1, timeout = 60_000) {
  await page.waitForFunction(
    ([t, n]) => /** @type {any} */ (window).received.filter((r) => r.data.type === t).length >= n,
    [type, count],
    { timeout },
  );
}

/** The ThreadLab frame of a course page, once its lab has mounted. */
async function labFrame(page) {
  await page.waitForFunction(() => document.getElementById('lab'), null, { timeout: 30_000 });
  const handle = await page.$('#lab');
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
  return frame;
}

describe('embedded in a course page on another origin', () => {
  let b, app, tmp, isolatedParent, plainParent;
  before(async () => {
    b = await launch();
    app = await serve({ isolated: true });
    tmp = mkdtempSync(join(tmpdir(), 'threadlab-parents-'));
    const files = {
      '/runs.html': coursePage(app.url, `lab=${LAB}&mode=shared&workers=2&iters=20000`),
      // mode=both: what a course page would ask for; the frame falls back to processes.
      '/iso.html': coursePage(app.url, `lab=${LAB}&mode=both&workers=2&iters=20000`),
      '/noref.html': coursePage(app.url, `lab=${LAB}&mode=isolated&workers=2&iters=1000`, 'referrerpolicy="no-referrer"'),
      '/bad-origin.html': coursePage(app.url, `lab=${LAB}&mode=isolated&parentOrigin=javascript:alert(1)`),
    };
    isolatedParent = await serveDir(tmp, { headers: ISOLATION, files });
    plainParent = await serveDir(tmp, { files });
  });
  after(async () => {
    await isolatedParent?.close();
    await plainParent?.close();
    await app?.close();
    await b?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('inside an isolated parent the frame runs real threads and reports the run', async () => {
    const { page, errors, context } = await openPage(b.browser);
    await page.goto(`${isolatedParent.url}runs.html`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the course page is isolated');
    const frame = await labFrame(page);
    assert.equal(await frame.evaluate(() => crossOriginIsolated), true, 'the frame is isolated');
    assert.equal(await frame.isHidden('#capability'), true, 'no degraded-mode notice in the frame');
    assert.equal(await frame.isHidden('header.site'), true, 'no site chrome');

    await waitMessage(page, 'threadlab:ready');
    const [ready] = await ofType(page, 'threadlab:ready');
    assert.equal(ready.origin, new URL(app.url).origin);
    assert.equal(ready.data.crossOriginIsolated, true);
    assert.equal(ready.data.threads, true);
    assert.deepEqual(ready.data.params, { mode: 'shared', workers: 2, iters: 20000, slow: false });

    // Predict, then run the threads.
    await frame.check('input[name="predict"][value="all"]');
    await waitMessage(page, 'threadlab:predict');
    const [predict] = await ofType(page, 'threadlab:predict');
    assert.equal(predict.data.choice, 'all');
    assert.match(predict.data.answer, /W × K/);

    await frame.click('#run');
    await waitMessage(page, 'threadlab:run-finished', 1, 120_000);
    const [started] = await ofType(page, 'threadlab:run-started');
    const [finished] = await ofType(page, 'threadlab:run-finished');
    assert.equal(started.data.run, 1);
    assert.equal(finished.data.run, 1);
    assert.equal(finished.data.outcome, 'done', finished.data.summary);
    assert.equal(finished.data.results.shared.counter, 40_000, 'W × K, read from shared memory');
    assert.equal(finished.data.results.shared.expected, 40_000);
    assert.ok(finished.data.results.shared.elapsedMs > 0);
    assert.equal(Number(await frame.getAttribute('#shared-counter', 'data-value')), 40_000, 'what the frame shows');
    assert.match(finished.data.summary, /no increment lost/);

    // Auto-size: the iframe's height follows the frame's last resize message.
    await page.waitForFunction(() => {
      const rs = /** @type {any} */ (window).received.filter((r) => r.data.type === 'threadlab:resize');
      const last = rs[rs.length - 1];
      return last && document.getElementById('lab').clientHeight === last.data.height;
    }, null, { timeout: 30_000 });
    const height = await page.evaluate(() => document.getElementById('lab').clientHeight);
    assert.ok(height > 600, `the frame grew to its content (${height}px)`);
    // The frame's document fits without a scrollbar.
    assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1));

    const all = await received(page);
    for (const r of all) {
      assert.equal(r.origin, new URL(app.url).origin);
      assertShape(r.data);
    }
    const dom = await page.evaluate(() => /** @type {any} */ (window).domEvents);
    assert.ok(dom.includes('threadlab:run-finished'), 'the auto-size script re-fires messages as DOM events');
    await shot(page, 'embed-1-isolated-parent');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('inside a parent that is not isolated the frame explains, runs processes and offers a new tab', async () => {
    const { page, errors, context } = await openPage(b.browser);
    await page.goto(`${plainParent.url}iso.html`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    const frame = await labFrame(page);
    assert.equal(await frame.evaluate(() => crossOriginIsolated), false);
    const notice = await frame.textContent('#capability');
    assert.match(notice, /embedded in a page that is not cross-origin isolated/);
    assert.equal(await frame.isDisabled('input[name="mode"][value="shared"]'), true, 'threads are off');

    await waitMessage(page, 'threadlab:ready');
    const [ready] = await ofType(page, 'threadlab:ready');
    assert.equal(ready.data.threads, false);
    assert.equal(ready.data.crossOriginIsolated, false);
    assert.equal(ready.data.params.mode, 'isolated', 'mode=both falls back to the process side');
    assert.equal(await frame.isHidden('#param-errors'), true, 'no error for the course page’s mode');

    // The process side works in the frame.
    await frame.click('#run');
    await waitMessage(page, 'threadlab:run-finished', 1, 120_000);
    const [finished] = await ofType(page, 'threadlab:run-finished');
    assert.equal(finished.data.outcome, 'done', finished.data.summary);
    assert.equal(finished.data.results.isolated.counter, 40_000);
    assert.ok(finished.data.results.isolated.messages >= 2);
    assert.ok(finished.data.results.isolated.bytes > 0);
    assert.equal(finished.data.results.shared, undefined);
    for (const r of await received(page)) assertShape(r.data);
    await page.waitForTimeout(300); // let the last resize land before the picture
    await shot(page, 'embed-2-plain-parent');

    // "Open in a new tab" opens the full app with the same lab and parameters,
    // which is isolated there (this server sends the headers), so threads run.
    const link = frame.locator('#open-new-tab');
    const href = await link.getAttribute('href');
    assert.equal(new URL(href).origin, new URL(app.url).origin);
    assert.equal(new URL(href).searchParams.get('lab'), LAB);
    assert.equal(new URL(href).searchParams.get('mode'), 'both', 'the new tab runs what the course page asked for');
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await popup.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
    assert.equal(await popup.evaluate(() => crossOriginIsolated), true);
    assert.equal(await popup.isEnabled('input[name="mode"][value="shared"]'), true);
    assert.equal(await popup.isVisible('header.site'), true, 'the full app, with its chrome');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('parent messages: the allowed origin is answered, malformed ones are ignored', async () => {
    const { page, errors, context } = await openPage(b.browser);
    await page.goto(`${plainParent.url}iso.html`);
    await labFrame(page);
    await waitMessage(page, 'threadlab:resize');
    const target = new URL(app.url).origin;
    const before = (await ofType(page, 'threadlab:resize')).length;
    // Junk first, then one good request: messages are handled in order, so when
    // the answer to the good one arrives, the junk has been seen — and ignored.
    await page.evaluate((origin) => {
      const w = /** @type {HTMLIFrameElement} */ (document.getElementById('lab')).contentWindow;
      for (const junk of [null, 'threadlab:request-height', [1, 2], { type: 'threadlab:request-height' },
        { source: 'threadlab', type: 'threadlab:request-height' }, { source: 'threadlab-host', type: 'threadlab:run' },
        { source: 'threadlab-host', type: { toString: 1 } }, { source: 'threadlab-host' }]) w.postMessage(junk, origin);
      w.postMessage({ source: 'threadlab-host', type: 'threadlab:request-height' }, origin);
    }, target);
    await waitMessage(page, 'threadlab:resize', before + 1);
    await page.waitForTimeout(500);
    assert.equal((await ofType(page, 'threadlab:resize')).length, before + 1, 'exactly one answer');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('with no known parent origin the frame still reports, but answers nothing', async () => {
    const { page, errors, context } = await openPage(b.browser);
    await page.goto(`${plainParent.url}noref.html`);
    await labFrame(page);
    await waitMessage(page, 'threadlab:resize');
    await page.waitForTimeout(500);
    const before = (await ofType(page, 'threadlab:resize')).length;
    await page.evaluate((origin) => {
      const w = /** @type {HTMLIFrameElement} */ (document.getElementById('lab')).contentWindow;
      w.postMessage({ source: 'threadlab-host', type: 'threadlab:request-height' }, origin);
    }, new URL(app.url).origin);
    await page.waitForTimeout(1500);
    assert.equal((await ofType(page, 'threadlab:resize')).length, before, 'a request from an unverified origin is not answered');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a bad parentOrigin is named in the frame; only ready and the height reach the page, no run events', async () => {
    const { page, errors, context } = await openPage(b.browser);
    await page.goto(`${plainParent.url}bad-origin.html`);
    const frame = await labFrame(page);
    assert.match(await frame.textContent('main [role="alert"]'), /parentOrigin must be an origin.*only its height/s);
    await page.waitForFunction(() => /** @type {any} */ (window).received?.some((m) => m.data.type === 'threadlab:resize'));
    await frame.click('#run');
    await frame.waitForFunction(() => ['done', 'error', 'stopped'].includes(document.getElementById('main')?.dataset.state ?? ''));
    const types = [...new Set((await received(page)).map((m) => m.data.type))].sort();
    assert.deepEqual(types, ['threadlab:ready', 'threadlab:resize'], 'auto-sizing keeps working; what the learner did is not sent');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the full app offers the embed code and a plain link', async () => {
    const { page, errors, context } = await openPage(b.browser);
    await page.goto(`${app.url}?lab=${LAB}&mode=isolated&workers=3`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const code = await page.inputValue('#embed-code');
    assert.match(code, /<iframe src="[^"]*\/embed\.html\?lab=threads-vs-processes&amp;mode=isolated&amp;workers=3"/);
    assert.match(code, /allow="cross-origin-isolated"/);
    assert.match(code, /threadlab-embed\.js/);
    assert.equal(await page.inputValue('#embed-link'), `${app.url}?lab=${LAB}&mode=isolated&workers=3`);
    // Changing a parameter changes the snippet.
    await page.fill('input[name="workers"]', '5');
    assert.match(await page.inputValue('#embed-code'), /workers=5/);
    // The embed box is a disclosure, closed until an instructor opens it.
    assert.equal(await page.isVisible('#copy-embed'), false, 'closed at first');
    await page.click('#share summary');
    await page.click('#copy-embed');
    await page.waitForFunction(() => document.getElementById('copy-status')?.textContent !== '');
    await page.locator('#share').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-output', 'embed-3-share.png') });
    // ?embed=1 turns the app page itself into the embed view: no chrome, no share box.
    await page.goto(`${app.url}?lab=${LAB}&mode=isolated&embed=1`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    assert.equal(await page.isHidden('header.site'), true);
    assert.equal(await page.isHidden('footer.site'), true);
    assert.equal(await page.isHidden('#share'), true);
    assert.equal(await page.isVisible('#run'), true);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('served with no headers at all, with the opt-in service worker', () => {
  let b, tmp, optedIn, noopSw;
  before(async () => {
    b = await launch();
    // The built site, as a host would upload it after adding the opt-in <meta>.
    tmp = mkdtempSync(join(tmpdir(), 'threadlab-coi-'));
    cpSync(DIST, tmp, { recursive: true });
    const index = readFileSync(join(tmp, 'index.html'), 'utf8');
    assert.ok(index.includes('<head>'));
    writeFileSync(join(tmp, 'index.html'), index.replace('<head>', '<head><meta name="threadlab-coi" content="serviceworker">'));
    optedIn = await serveDir(tmp);
    // The same site where the service worker adds nothing: isolation cannot
    // happen, and the page must give up after its one reload.
    noopSw = await serveDir(tmp, {
      files: {
        '/coi-sw.js': `self.addEventListener('install', () => self.skipWaiting());
          self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
          self.addEventListener('fetch', () => {});`,
      },
    });
  });
  after(async () => {
    await optedIn?.close();
    await noopSw?.close();
    await b?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens `url` and counts the top-level document loads. */
  async function openCounting(url) {
    const o = await openPage(b.browser);
    let loads = 0;
    o.page.on('framenavigated', (f) => {
      if (f === o.page.mainFrame()) loads++;
    });
    await o.page.goto(url);
    return { ...o, loads: () => loads };
  }

  test('becomes cross-origin isolated within one reload, runs threads, and does not loop', async () => {
    const { page, errors, context, loads } = await openCounting(`${optedIn.url}?lab=${LAB}&mode=shared&workers=2&iters=20000`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.isHidden('#capability'), true);
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'stopped', 'error'].includes(document.getElementById('main')?.dataset.state ?? ''), null, { timeout: 120_000 });
    assert.equal(Number(await page.getAttribute('#shared-counter', 'data-value')), 40_000);
    await page.waitForTimeout(2000); // a loop would show up as more loads by now
    assert.ok(loads() <= 2, `${loads()} loads: at most the first and one reload`);
    await shot(page, 'embed-4-coi-isolated');

    // The next visit in this browser is isolated at once: no reload.
    const second = await context.newPage();
    let secondLoads = 0;
    second.on('framenavigated', (f) => {
      if (f === second.mainFrame()) secondLoads++;
    });
    await second.goto(`${optedIn.url}?lab=${LAB}`);
    await second.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
    assert.equal(await second.evaluate(() => crossOriginIsolated), true);
    await second.waitForTimeout(1000);
    assert.equal(secondLoads, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('?coi=1 opts in on a build without the <meta> (Vite preview, headers stripped)', async () => {
    const server = await serve({ isolated: false });
    try {
      const { page, errors, context, loads } = await openCounting(`${server.url}?lab=${LAB}&coi=1`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      await page.waitForTimeout(1500);
      assert.ok(loads() <= 2, `${loads()} loads`);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await server.close();
    }
  });

  test('without opting in nothing is registered and nothing reloads', async () => {
    const server = await serve({ isolated: false });
    try {
      const { page, errors, context, loads } = await openCounting(`${server.url}?lab=${LAB}`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.match(await page.textContent('#capability'), /not cross-origin isolated/);
      await page.waitForTimeout(1000);
      assert.equal(loads(), 1);
      assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await server.close();
    }
  });

  test('when the service worker cannot isolate, the page reloads once, then gives up and explains', async () => {
    const { page, errors, context, loads } = await openCounting(`${noopSw.url}?lab=${LAB}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
    await page.waitForTimeout(3000); // a loop would show up as more loads by now
    assert.equal(loads(), 2, 'the first load and exactly one reload');
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    assert.match(await page.textContent('#capability'), /after one reload the page is still not isolated/);
    // The process side still works.
    await page.click('#run');
    await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'done', null, { timeout: 120_000 });
    await shot(page, 'embed-5-coi-gave-up');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
