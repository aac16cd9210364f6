// Browser test of lab `stepper` (core: crate/src/stepper/, panel: www/src/labs/stepper/,
// its workers: stepper/step.worker.js and stepper/explore.worker.js). Real Chromium, the production
// build, served with and without the cross-origin isolation headers: stepping needs
// no shared memory, so everything here must work both ways.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { labState, openLab, servedBrowser, waitLabState } from './suite.mjs';

/** Base64url of UTF-8 text, as the page's `#src=` takes it. */
const b64url = (/** @type {string} */ s) => Buffer.from(s, 'utf8').toString('base64url');

/** Waits until every stepping request the page sent has been answered and drawn. */
const idle = (page) => page.waitForFunction(() => (document.getElementById('main')?.dataset.pending ?? '0') === '0' && !document.getElementById('main')?.dataset.urlPending, null, { timeout: 60_000 });
/** The step on screen, once the page is idle. */
const step = async (page) => {
  await idle(page);
  return page.evaluate(() => Number(document.getElementById('main')?.dataset.step ?? -1));
};
/** Replaces the program in the editor. */
const setProgram = (page, text) => page.$eval('#program', (e, t) => { /** @type {HTMLTextAreaElement} */ (e).value = t; }, text);
/** The program in the editor. */
const programText = (page) => page.$eval('#program', (e) => /** @type {HTMLTextAreaElement} */ (e).value);

/** The value of global `name` in process `p`'s memory panel. */
const globalOf = async (page, name, p = 0) =>
  (await idle(page), page).$eval(`.memory[data-process="${p}"] tr[data-global="${name}"] td.val`, (td) => td.textContent?.trim() ?? '').catch(() => null);

/** Waits until the stepper view shows (the program compiled) or an error is on the page. */
async function ready(page) {
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    return !!m && (m.dataset.step !== undefined || m.dataset.compile === 'error' || m.dataset.state === 'error' ||
      !document.getElementById('param-errors')?.hidden);
  }, null, { timeout: 30_000 });
}

/** Explores and waits for the histogram. */
async function explore(page) {
  await page.click('#run');
  await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
  assert.equal(await labState(page), 'done', await page.textContent('#status'));
}

const outcomes = (page) =>
  page.$$eval('#outcomes .outcome-row', (rows) =>
    rows.map((r) => ({ kind: r.getAttribute('data-kind'), globals: JSON.parse(r.getAttribute('data-globals') ?? '{}'),
      witness: r.querySelector('.open-witness')?.getAttribute('data-witness') ?? '' })));

const INFINITE = `import threading

x = 0


def spin():
    global x
    while True:
        x = x + 1


t = threading.Thread(target=spin)
t.start()
t.join()
`;

/** Three threads that each count a while: far more interleavings than a small budget. */
const BIG = `import threading

counter = 0


def worker():
    global counter
    for i in range(40):
        counter += 1


ts = []
for k in range(3):
    ts.append(threading.Thread(target=worker))
for t in ts:
    t.start()
for t in ts:
    t.join()
print(counter)
`;

for (const isolated of [true, false]) {
  describe(`stepper, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });
    const tag = isolated ? 'iso' : 'noiso';

    test('race by URL: the bytecode of counter += 1 is a load, an add and a store; step by keys and clicks; undo', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&sample=race`);
      await ready(page);
      assert.equal(await page.evaluate(() => crossOriginIsolated), isolated);
      assert.equal(await step(page), 0);
      assert.match(await programText(page), /counter \+= 1/);
      // counter += 1 compiles to load counter … add … store counter, in that order, on one line.
      const ops = await page.$$eval('table.dis tr[data-op]', (rows) => rows.map((r) => ({ op: r.getAttribute('data-op') ?? '', line: r.getAttribute('data-line'), text: r.textContent ?? '' })));
      // A store of counter whose line first loads counter, then adds: `counter += 1`.
      const isAdd = (o) => /ADD|BINARY_OP|INPLACE/.test(o.op + o.text);
      const found = ops.some((o, s) => {
        if (!/STORE/.test(o.op) || !/counter/.test(o.text)) return false;
        const line = ops.slice(0, s).filter((x) => x.line === o.line);
        const load = line.findIndex((x) => /LOAD/.test(x.op) && /counter/.test(x.text));
        return load >= 0 && line.slice(load + 1).some(isAdd);
      });
      assert.ok(found, `load, add, store of counter on one line: ${JSON.stringify(ops.map((o) => o.text))}`);
      await shot(page, `stepper-1-race-start-${tag}`);

      // By keyboard: 0 steps the main thread; the source and bytecode show where it is.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('0');
      assert.equal(await step(page), 1);
      assert.match(await page.textContent('#step-live'), /Step 1: T0 ran/);
      assert.equal(await page.locator('#src-lines li.cur .tbadge[data-thread="0"]').count(), 1, 'main thread marked on its line');
      assert.equal(await page.locator('table.dis tr.cur .tbadge[data-thread="0"]').count(), 1, 'main thread marked on its instruction');
      // Shift+0: to its next line.
      await page.keyboard.press('Shift+Digit0');
      assert.ok((await step(page)) >= 2);
      // By click.
      const before = await step(page);
      await page.click('button[data-step="0"]');
      assert.equal(await step(page), before + 1);
      // Enter on a focused step button steps, and the focus stays on that thread's button.
      await page.focus('button[data-step="0"]');
      await page.keyboard.press('Enter');
      assert.equal(await step(page), before + 2);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-step')), '0');
      await page.keyboard.press('u');
      assert.equal(await step(page), before + 1);
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      // Undo (u) goes back one; Backspace too.
      await page.keyboard.press('u');
      assert.equal(await step(page), before);
      await page.keyboard.press('Backspace');
      assert.equal(await step(page), before - 1);
      // Not at 800 px wide either: no sideways scrolling.
      await page.setViewportSize({ width: 800, height: 900 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no horizontal scroll at 800 px');
      await page.setViewportSize({ width: 1280, height: 900 });
      assert.match(new URL(page.url()).searchParams.get('schedule') ?? '', /^0+$/, 'the schedule is in the URL');
      await shot(page, `stepper-2-race-stepped-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('a schedule in the URL replays exactly: the racy one ends with counter = 1; undo to any step', async () => {
      // Find a racy schedule by exploring, then open it by URL in a fresh page.
      const a = await openLab(env.browser, `${env.url}?lab=stepper&sample=race`);
      await ready(a.page);
      await explore(a.page);
      const outs = await outcomes(a.page);
      const racy = outs.find((o) => o.globals.counter === '1');
      assert.ok(racy, `an outcome with counter 1: ${JSON.stringify(outs)}`);
      await a.context.close();

      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&sample=race&mode=threads&schedule=${racy.witness}`);
      await ready(page);
      assert.equal(await step(page), racy.witness.length);
      assert.equal(await globalOf(page, 'counter'), '1');
      assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'finished');
      // The writer of counter is named by number, not colour alone.
      assert.match(await page.textContent('.memory[data-process="0"] tr[data-global="counter"] td.who'), /^T\d$/);
      await shot(page, `stepper-3-race-replayed-${tag}`);
      // Undo to step 2 with the timeline, then forward again to the end.
      await page.fill('#timeline', '2');
      assert.equal(await step(page), 2);
      await page.fill('#timeline', String(racy.witness.length));
      assert.equal(await globalOf(page, 'counter'), '1');
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('exploring race finds 1 and 2, each witness reaches its value; lock explores to 2 only', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&sample=race`);
      await ready(page);
      await page.check('input[name="predict"][value="yes"]');
      await explore(page);
      const outs = await outcomes(page);
      const values = [...new Set(outs.filter((o) => o.kind === 'finished').map((o) => o.globals.counter))].sort();
      assert.deepEqual(values, ['1', '2']);
      assert.match(await page.textContent('#predict-feedback'), /fits/);
      await shot(page, `stepper-4-race-explored-${tag}`);
      for (const want of ['1', '2']) {
        const i = outs.findIndex((o) => o.globals.counter === want);
        await page.click(`#outcomes .outcome-row[data-index="${i}"] .open-witness`);
        assert.equal(await step(page), outs[i].witness.length);
        assert.equal(await globalOf(page, 'counter'), want, `witness for ${want}`);
      }
      assert.deepEqual(errors, []);

      await page.selectOption('#sample-select', 'lock');
      await page.click('#load-sample');
      await ready(page);
      await idle(page);
      assert.equal(new URL(page.url()).searchParams.get('sample'), 'lock');
      await explore(page);
      const lock = await outcomes(page);
      assert.deepEqual([...new Set(lock.map((o) => o.globals.counter))], ['2'], JSON.stringify(lock));
      assert.ok(lock.every((o) => o.kind === 'finished'));
      await shot(page, `stepper-5-lock-explored-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('deadlock: an outcome whose witness ends with every thread blocked, each naming its wait', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&sample=deadlock`);
      await ready(page);
      await explore(page);
      const outs = await outcomes(page);
      const i = outs.findIndex((o) => o.kind === 'deadlock');
      assert.ok(i >= 0, JSON.stringify(outs));
      await page.click(`#outcomes .outcome-row[data-index="${i}"] .open-witness`);
      await idle(page);
      assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'deadlock');
      const blocked = await page.$$eval('.thread-card[data-status="blocked"]', (cards) => cards.map((c) => c.querySelector('.waiting-for')?.textContent ?? ''));
      assert.ok(blocked.length >= 2, `blocked threads: ${blocked.length}`);
      assert.ok(blocked.every((w) => w.length > 0), `each names what it waits for: ${JSON.stringify(blocked)}`);
      assert.equal(await page.locator('.thread-ctl button.step-btn:enabled').count(), 0, 'nothing can step');
      assert.match(await page.textContent('#step-live'), /Deadlock|waits for/);
      await shot(page, `stepper-6-deadlock-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test("processes: the child's writes stay in its own panel; the parent's copy is unchanged", async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&sample=processes`);
      await ready(page);
      await page.click('#run-seq');
      await idle(page);
      assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'finished');
      const panels = await page.$$eval('.memory', (ms) => ms.map((m) => ({ p: m.getAttribute('data-process'),
        g: Object.fromEntries([...m.querySelectorAll('tr[data-global]')].map((r) => [r.getAttribute('data-global'), r.querySelector('td.val')?.textContent?.trim()])) })));
      assert.ok(panels.length >= 2, `one panel per process: ${JSON.stringify(panels)}`);
      const parent = panels.find((x) => x.p === '0');
      const child = panels.find((x) => x.p !== '0');
      const changed = Object.keys(child?.g ?? {}).filter((k) => k in (parent?.g ?? {}) && child?.g[k] !== parent?.g[k]);
      assert.ok(changed.length >= 1, `the child's copy differs from the parent's: ${JSON.stringify(panels)}`);
      await shot(page, `stepper-7-processes-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('bad input: a compile error names line and column and marks it; a bad schedule and a bad sample say so; nothing runs', async () => {
      // A module the stepper refuses for good (it needs the outside world); lambda runs now.
      const src = 'import threading\n\nimport socket\n';
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper#src=${b64url(src)}`);
      await ready(page);
      assert.equal(await page.isHidden('#stepper-view'), true, 'no stepping view');
      const msg = await page.textContent('#compile-error');
      assert.match(msg ?? '', /line 3, column \d+/);
      assert.match(msg ?? '', /socket/);
      assert.equal(await page.getAttribute('#compile-error .bad-line', 'data-line'), '3');
      await shot(page, `stepper-8-compile-error-${tag}`);
      // Fix it in the editor and compile: it runs, and the URL carries the new program.
      const fixed = 'x = 1\nprint(x + 1)\n';
      await setProgram(page, fixed);
      await page.click('#compile');
      await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'ok');
      await idle(page);
      assert.equal(await page.isHidden('#compile-error'), true);
      // In the fragment (never sent to a server), not the query.
      assert.equal(new URL(page.url()).searchParams.get('src'), null);
      assert.equal(Buffer.from(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('src') ?? '', 'base64url').toString('utf8'), fixed);
      await page.click('#run-seq');
      await idle(page);
      assert.match(await page.textContent('#output'), /2/);
      assert.deepEqual(errors, []);
      await context.close();

      for (const [q, re] of [
        ['sample=race&schedule=00x1', /schedule must be one thread number per step.*position 3 is "x"/],
        ['sample=nope', /sample must be one of race, lock/],
        ['#src=%%%', /src must be base64url/],
        ['#src=abcde', /src is not a program in base64url/],
        ['src=abcde', /src is not a program in base64url/],
        ['sample=race&mode=gil&k=0', /k must be a whole number from 1 to 1,000/],
      ]) {
        const o = await openLab(env.browser, `${env.url}?lab=stepper${q.startsWith('#') ? '' : '&'}${q}`);
        await ready(o.page);
        assert.match(await o.page.textContent('#param-errors'), re, q);
        assert.equal(await o.page.isHidden('#stepper-view'), true, `${q}: nothing ran`);
        assert.equal(await o.page.isDisabled('#run'), true);
        if (q.startsWith('sample=race&schedule')) {
          await shot(o.page, `stepper-9-bad-schedule-${tag}`);
          // Loading a sample starts afresh: the bad schedule is dropped.
          await o.page.click('#load-sample');
          await o.page.waitForSelector('#stepper-view', { state: 'visible' });
          assert.equal(await o.page.isHidden('#param-errors'), true);
          assert.equal(await step(o.page), 0);
        }
        if (q.includes('k=0')) {
          // Fixing the field starts the program.
          await o.page.fill('input[name="k"]', '3');
          await o.page.waitForSelector('#stepper-view', { state: 'visible' });
          assert.equal(await o.page.isEnabled('#run'), true);
          assert.equal(new URL(o.page.url()).searchParams.get('k'), '3');
        }
        assert.deepEqual(o.errors, []);
        await o.context.close();
      }
      // A schedule that names a thread that cannot run: a message, and back at step 0.
      const o = await openLab(env.browser, `${env.url}?lab=stepper&sample=race&schedule=05`);
      await ready(o.page);
      assert.equal(await step(o.page), 0);
      assert.match(await o.page.textContent('#schedule-error'), /cannot be replayed/);
      assert.deepEqual(o.errors, []);
      await o.context.close();
    });

    test('links: the program travels in the fragment; an old ?src= link opens and moves there; a program too long for a link is refused consistently', async () => {
      const prog = 'x = 1\nprint(x)\n';
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&src=${b64url(prog)}&mode=gil`);
      try {
        await ready(page);
        assert.equal(await programText(page), prog);
        await page.waitForFunction(() => !new URL(location.href).searchParams.has('src'));
        const url = new URL(page.url());
        // The other parameters stay in the query (an old mode name as it was, or as the name it now reads as).
        assert.ok(['gil', 'gil-3.9'].includes(url.searchParams.get('mode') ?? ''), url.search);
        assert.equal(await page.inputValue('select[name="mode"]'), 'gil-3.9', 'mode=gil reads as gil-3.9');
        assert.equal(new URLSearchParams(url.hash.slice(1)).get('src'), b64url(prog), 'the program moved to the fragment');
        // Stepping rewrites the query (the schedule); the fragment stays.
        await page.click('button[data-step="0"]');
        assert.equal(await step(page), 1);
        assert.equal(new URL(page.url()).searchParams.get('schedule'), '0');
        assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('src'), b64url(prog));
        assert.match(await page.textContent('.link-note'), /45,000 bytes/);

        // Too long for a link: refused, and the page says nothing is loaded (no old program under a new text).
        const long = `${'x = 1\n'.repeat(8000)}`;
        await setProgram(page, long);
        await page.click('#compile');
        await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'error');
        assert.match(await page.textContent('#compile-error'), /too long for a link: 48,000 bytes, at most 45,000/);
        assert.match(await page.textContent('#status'), /Not compiled.*Nothing is loaded/);
        assert.doesNotMatch(await page.textContent('#status'), /Compiled\./);
        assert.equal(await page.isHidden('#stepper-view'), true, 'the old program is not shown');
        assert.equal(await page.isDisabled('#run'), true, 'nothing to explore');
        await idle(page);
        assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('src'), null, 'the link no longer names the old program');
        // A compile error after it: the same, with the line marked; a good program then runs.
        await setProgram(page, 'x = (\n');
        await page.click('#compile');
        await page.waitForFunction(() => !!document.getElementById('compile-error')?.dataset.line);
        assert.match(await page.textContent('#status'), /Compile error at line/);
        assert.equal(await page.isHidden('#stepper-view'), true);
        await setProgram(page, prog);
        await page.click('#compile');
        await page.waitForFunction(() => document.getElementById('main')?.dataset.compile === 'ok');
        assert.equal(await step(page), 0);
        assert.match(await page.textContent('#status'), /Compiled/);

        // A link pasted over this one (only the fragment changes): its program loads.
        const other = 'y = 2\nprint(y * 3)\n';
        await page.evaluate((h) => { location.hash = h; }, `src=${b64url(other)}`);
        await page.waitForFunction((p) => /** @type {HTMLTextAreaElement} */ (document.getElementById('program')).value === p, other);
        await page.click('#run-seq');
        await idle(page);
        assert.match(await page.textContent('#output'), /6/);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    test('an infinite loop stops at the step budget with a message', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper#src=${b64url(INFINITE)}`);
      await ready(page);
      await page.click('#run-random');
      await page.waitForFunction(() => document.getElementById('stepper-view')?.dataset.outcome === 'budget', null, { timeout: 60_000 });
      assert.match(await page.textContent('#outcome'), /budget/i);
      await shot(page, `stepper-10-budget-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('exploration runs in a worker, shows it is busy, and Stop ends it; the stepper still works', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&budget=5000000#src=${b64url(BIG)}`, { reducedMotion: 'reduce' });
      await ready(page);
      await page.click('#run');
      await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'running');
      assert.equal(await page.isVisible('#explore-busy'), true);
      assert.match(await page.textContent('#explore-elapsed'), /Exploring/);
      assert.equal(await page.isHidden('#explore-progress'), true, 'no moving progress bar under reduced motion');
      // The tab is not frozen: the learner can step while the worker explores.
      await page.keyboard.press('0');
      assert.equal(await step(page), 1);
      assert.equal(await labState(page), 'running');
      await shot(page, `stepper-11-exploring-${tag}`);
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 10_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /Stopped/);
      await page.keyboard.press('0');
      assert.equal(await step(page), 2);
      // And a fresh exploration (a new worker) still works after Stop.
      await page.fill('input[name="budget"]', '50');
      await explore(page);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('a state budget that is too small is reported', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&budget=50#src=${b64url(BIG)}`);
      await ready(page);
      await explore(page);
      assert.equal(await page.getAttribute('#explore-view', 'data-budget-hit'), 'true');
      assert.match(await page.textContent('#explore-summary'), /budget of 50 hit/);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('every sample opens by URL (?lab=stepper&sample=<id>) in its own mode and runs to its end', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper`);
      await ready(page);
      const samples = await page.$$eval('#sample-select option', (os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
      assert.deepEqual([...samples].sort(), ['async_timeout', 'asyncio', 'bank', 'deadlock', 'exceptions', 'gil', 'gil310', 'lock', 'pool', 'poolmap', 'processes', 'prodcons', 'race', 'spouses', 'starvation']);
      /** The mode each sample opens in (the Python it models). */
      const own = { gil: 'gil-3.9', gil310: 'gil-3.10', pool: 'gil-3.10', asyncio: 'asyncio', processes: 'forkserver', async_timeout: 'asyncio', poolmap: 'fork' };
      await context.close();
      for (const id of samples) {
        const o = await openLab(env.browser, `${env.url}?lab=stepper&sample=${id}`);
        await ready(o.page);
        assert.equal(await step(o.page), 0, id);
        const mode = await o.page.inputValue('select[name="mode"]');
        assert.equal(mode, own[id] ?? 'free-threaded', `${id} opens in its mode`);
        await o.page.click('#run-seq');
        await idle(o.page);
        assert.equal(await o.page.getAttribute('#stepper-view', 'data-outcome'), 'finished', `${id}: ${await o.page.textContent('#status')}`);
        assert.ok((await o.page.textContent('#output'))?.trim().length, `${id} printed something`);
        if (id === 'gil' || id === 'asyncio') await shot(o.page, `stepper-13-${id}-${tag}`);
        assert.deepEqual(o.errors, [], id);
        await o.context.close();
      }
    });

    test('GIL mode: a ready thread that may not run is told why', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&sample=gil&k=5`);
      await ready(page);
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      for (let i = 0; i < 200 && !(await page.locator('button[data-step="1"]').count()); i++) {
        await page.keyboard.press('0');
        await idle(page);
      }
      await page.keyboard.press('1');
      await idle(page);
      assert.equal(await page.isVisible('#mode-note'), true);
      assert.match(await page.textContent('#mode-note'), /GIL: only T1 may run now; T0 waits for the GIL.*k = 5/);
      assert.equal(await page.isDisabled('button[data-step="0"]'), true);
      await shot(page, `stepper-14-gil-note-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('virtual clock: sleeping threads wake in order, the page shows the clock, random follows the Seed', async () => {
      const src = [
        'import random', 'import threading', 'import time', '',
        'def work(name, secs):', '    time.sleep(secs)', '    print(name, "after", secs, "s rolls", random.randint(1, 1000))', '',
        'ts = [threading.Thread(target=work, args=a) for a in [("slow", 2), ("fast", 1)]]',
        'for t in ts:', '    t.start()', 'for t in ts:', '    t.join()', '',
      ].join('\n');
      const run = async (seed) => {
        const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper&seed=${seed}#src=${b64url(src)}`);
        await ready(page);
        assert.match(await page.textContent('#virtual-time'), /virtual time 0\.000 s/);
        // Main starts both threads and waits in join; each thread goes to sleep: the clock jumps to 1 s.
        for (let i = 0; i < 40 && !(await page.isDisabled('button[data-line-step="0"]')); i++) {
          await page.click('button[data-line-step="0"]');
          await idle(page);
        }
        for (const t of [1, 2]) {
          await page.click(`button[data-line-step="${t}"]`);
          await idle(page);
        }
        assert.match(await page.textContent('#virtual-time'), /virtual time 1\.000 s/);
        assert.match(await page.textContent('.thread-card[data-thread="1"] .waiting-for'), /virtual time 2\.000 s \(asleep\)/);
        if (seed === 5) {
          for (const [width, scheme] of [[1280, 'light'], [390, 'dark']]) {
            await page.setViewportSize({ width, height: 900 });
            await page.emulateMedia({ colorScheme: scheme });
            await shot(page, `stepper-15-virtual-clock-${width}-${scheme}-${tag}`);
          }
          await page.emulateMedia({ colorScheme: 'light' });
        }
        await page.click('#run-seq');
        await idle(page);
        const out = await page.textContent('#output');
        assert.match(out, /fast after 1 s rolls \d+[^]*slow after 2 s rolls \d+/);
        assert.match(await page.textContent('#virtual-time'), /virtual time 2\.000 s/);
        assert.deepEqual(errors, []);
        await context.close();
        return out;
      };
      const five = await run(5);
      assert.equal(await run(5), five, 'the same seed replays the same numbers');
      assert.notEqual(await run(6), five, 'another seed, other numbers');
    });

    test('embedded (embed.html) and at 800 px wide: it steps, and nothing scrolls sideways', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}embed.html?lab=stepper&sample=race&schedule=00`);
      await ready(page);
      assert.equal(await step(page), 2);
      await page.setViewportSize({ width: 800, height: 900 });
      await page.keyboard.press('0');
      assert.equal(await step(page), 3);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(wide <= 0, `horizontal overflow: ${wide}px`);
      await shot(page, `stepper-12-embed-800-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
