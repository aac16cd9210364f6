// Browser test of lab `deadlock` (kernel: crate/src/labs/deadlock/, panel:
// www/src/labs/deadlock/, cycle finder: www/src/labs/deadlock/graph.js).
// Real Chromium, the production build, served with and without the
// cross-origin isolation headers. Each test checks what a learner would see.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shot } from './browser.mjs';
import { expectNoAxeViolations, expectNoOverflow, openAllDetails, labState, servedBrowser, waitLabState, expectRefused, withLab } from './suite.mjs';
import { DeadlockWatch, cycleEdges, findCycle } from '../www/src/labs/deadlock/graph.js';

const ENDED = ['done', 'error', 'stopped', 'deadlock'];

/** Meals per philosopher, as the page shows them. */
const meals = (page) => page.$$eval('[data-meals]', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
/** The wait-for graph's edges marked as on the cycle. */
const cycleEdgesShown = (page) =>
  page.$$eval('#wait-for path[data-cycle="true"]', (els) =>
    els.map((e) => ({ kind: e.getAttribute('data-edge'), from: e.getAttribute('data-from'), to: e.getAttribute('data-to'), cls: e.getAttribute('class') })),
  );

describe('the wait-for graph cycle finder (pure, no browser)', () => {
  test('finds the ring of a full deadlock, in order', () => {
    // P0 holds F0 and waits for F1, held by P1, … P4 waits for F0.
    assert.deepEqual(findCycle([1, 2, 3, 4, 5], [2, 3, 4, 5, 1]), [0, 1, 2, 3, 4]);
    assert.deepEqual(findCycle([1, 2], [2, 1]), [0, 1]);
  });
  test('a chain that ends at a free fork or a philosopher not waiting is no cycle', () => {
    assert.equal(findCycle([1, 2, 3], [2, 3, 0]), null);
    assert.equal(findCycle([1, 0, 3], [2, 3, 1]), null);
    assert.equal(findCycle([0, 0, 0], [0, 0, 0]), null);
    assert.equal(findCycle([9, 9], [7, 1]), null, 'out-of-range values are ignored');
  });
  test('finds a cycle that leaves philosopher 0 out, starting at its lowest member', () => {
    assert.deepEqual(findCycle([0, 2, 3, 0], [2, 3, 2, 3]), [1, 2]);
    assert.deepEqual(findCycle([2, 3, 1], [2, 3, 1]), [0, 2, 1]);
  });
  test('cycle edges alternate waits-for and held-by around the ring', () => {
    assert.deepEqual(cycleEdges([0, 1], [2, 1]), [
      { from: 'P0', to: 'F1', kind: 'waits' },
      { from: 'F1', to: 'P1', kind: 'holds' },
      { from: 'P1', to: 'F0', kind: 'waits' },
      { from: 'F0', to: 'P0', kind: 'holds' },
    ]);
  });
  test('the watch calls it a deadlock only when the same cycle persists with no meal eaten', () => {
    const w = new DeadlockWatch(400);
    const ring = [[1, 2, 3], [2, 3, 1]];
    assert.equal(w.observe(0, ...ring, 7).deadlocked, false);
    assert.equal(w.observe(300, ...ring, 7).deadlocked, false);
    assert.equal(w.observe(399, ...ring, 8).deadlocked, false, 'a meal was eaten: the clock restarts');
    assert.equal(w.observe(700, ...ring, 8).deadlocked, false);
    const hit = w.observe(800, ...ring, 8);
    assert.equal(hit.deadlocked, true);
    assert.deepEqual(hit.cycle, [0, 1, 2]);
    assert.equal(w.observe(900, [1, 0, 3], [2, 3, 1], 8).cycle, null, 'no cycle: forgotten');
    assert.equal(w.observe(1000, ...ring, 8).deadlocked, false, 'a new cycle starts a new clock');
  });
});

describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  test('naive N=5 deadlocks: detected, cycle marked in the graph, recovered; then lock ordering eats every meal on the same page', async () => {
    const M = 8;
    await withLab(env.browser, `${env.url}?lab=deadlock&strategy=naive&n=5&meals=${M}&think=5&eat=5&pause=1`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      await shot(page, 'deadlock-1-start');
      await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
      await page.check('input[name="predict"][value="deadlock"]');
      await page.click('#run');
      await waitLabState(page, ENDED, 60_000);
      assert.equal(await labState(page), 'deadlock', await page.textContent('#status'));
      // The page saw the cycle and called it a deadlock within 1 s of first seeing it.
      const banner = page.locator('#deadlock-banner');
      assert.equal(await banner.isVisible(), true);
      assert.match(await banner.textContent(), /Deadlock detected/);
      assert.match(await banner.textContent(), /P1 waits for F2, held by P2; .*P5 waits for F1, held by P1/);
      assert.match(await banner.textContent(), /fresh one started — no page reload/);
      assert.equal(await banner.getAttribute('data-cycle'), '0,1,2,3,4');
      const detectMs = Number(await banner.getAttribute('data-detect-ms'));
      assert.ok(detectMs >= 400 && detectMs <= 1000, `cycle seen to "deadlock detected": ${detectMs} ms`);
      // The graph marks every edge of the cycle: 5 × "waits for" + 5 × "held by".
      const edges = await cycleEdgesShown(page);
      assert.equal(edges.length, 10, JSON.stringify(edges));
      assert.equal(edges.filter((e) => e.kind === 'waits').length, 5);
      assert.equal(edges.filter((e) => e.kind === 'holds').length, 5);
      for (let p = 0; p < 5; p++) {
        assert.ok(edges.some((e) => e.kind === 'waits' && e.from === `P${p}` && e.to === `F${(p + 1) % 5}`), `P${p} waits for its right fork`);
        assert.ok(edges.some((e) => e.kind === 'holds' && e.from === `F${p}` && e.to === `P${p}`), `F${p} held by P${p}`);
      }
      assert.ok(edges.every((e) => /\bcycle\b/.test(e.cls ?? '')), 'drawn in the cycle style (thick, long dashes)');
      assert.equal(await page.getAttribute('#wait-for', 'data-cycle'), '0,1,2,3,4');
      assert.equal(await page.textContent('#dl-cycle-label'), 'Deadlock cycle', 'labelled in words, not by colour alone');
      // Each fork is held by the philosopher to its right; each philosopher waits.
      const holders = await page.$$eval('[data-fork]', (els) => els.map((e) => e.getAttribute('data-value')));
      assert.deepEqual(holders, ['1', '2', '3', '4', '5']);
      const states = await page.$$eval('[data-phil-state]', (els) => els.map((e) => e.textContent));
      assert.deepEqual(states, ['waiting for F2', 'waiting for F3', 'waiting for F4', 'waiting for F5', 'waiting for F1']);
      assert.ok((await meals(page)).every((m) => m < M), 'nobody finished');
      assert.equal(await page.evaluate(() => globalThis.threadlab.shared.terminations), 1, 'the stuck coordinator was ended');
      assert.match(await page.textContent('#predict-feedback'), /Your prediction fits/);
      await shot(page, 'deadlock-2-deadlock');

      // Same page, no reload: lock ordering on the fresh coordinator.
      await page.check('input[name="strategy"][value="ordered"]');
      assert.match(page.url(), /strategy=ordered/);
      await page.click('#run');
      await waitLabState(page, ENDED, 60_000);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.deepEqual(await meals(page), [M, M, M, M, M], 'every philosopher ate M meals');
      assert.equal(Number(await page.getAttribute('#dl-total', 'data-value')), 5 * M);
      assert.match(await page.textContent('#status'), new RegExp(`all 5 philosophers ate all ${M} meals`));
      assert.equal(await banner.isVisible(), false);
      assert.equal((await cycleEdgesShown(page)).length, 0, 'no cycle in the graph');
      assert.deepEqual(await page.$$eval('[data-fork]', (els) => els.map((e) => e.getAttribute('data-value'))), ['0', '0', '0', '0', '0'], 'every fork put back');
      assert.equal(await page.evaluate(() => globalThis.notReloaded), true, 'same page: no reload');
      assert.equal(await page.evaluate(() => globalThis.threadlab.shared.terminations), 1);
      await shot(page, 'deadlock-3-ordered-done');
    });
  });

  test('naive deadlocks at the smallest and largest table too (N=2, N=8), recovering each time on one page', async () => {
    await withLab(env.browser, `${env.url}?lab=deadlock&strategy=naive&n=2&meals=20&think=0&eat=5&pause=1`, async (page) => {
      let runs = 0;
      for (const n of [2, 8]) {
        await page.fill('input[name="n"]', String(n));
        // Started from the keyboard: Enter in a field submits the form.
        await page.focus('input[name="meals"]');
        await page.keyboard.press('Enter');
        await waitLabState(page, ENDED, 60_000);
        runs++;
        assert.equal(await labState(page), 'deadlock', `n = ${n}: ${await page.textContent('#status')}`);
        const ring = Array.from({ length: n }, (_, p) => p).join(',');
        assert.equal(await page.getAttribute('#deadlock-banner', 'data-cycle'), ring);
        assert.equal((await cycleEdgesShown(page)).length, 2 * n, `n = ${n}: every edge of the cycle marked`);
        assert.equal(await page.evaluate(() => globalThis.threadlab.shared.terminations), runs);
        if (n === 8) await shot(page, 'deadlock-8-naive-n8');
      }
    });
  });

  for (const strategy of ['trylock', 'waiter']) {
    test(`${strategy} completes every meal with no deadlock (N=5, pause on)`, async () => {
      const M = 6;
      await withLab(env.browser, `${env.url}?lab=deadlock&strategy=${strategy}&n=5&meals=${M}&think=5&eat=5&pause=1`, async (page) => {
        await page.click('#run');
        if (strategy === 'waiter') {
          // Live: the waiter never seats more than N − 1.
          await page.waitForFunction(() => /of at most 4/.test(document.getElementById('dl-seated')?.textContent ?? ''), null, { timeout: 30_000 });
          await shot(page, 'deadlock-4-waiter-running');
        }
        await waitLabState(page, ENDED, 60_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status'));
        assert.deepEqual(await meals(page), [M, M, M, M, M]);
        assert.equal(await page.isVisible('#deadlock-banner'), false);
        assert.equal(await page.evaluate(() => globalThis.threadlab.shared.terminations), 0);
        if (strategy === 'trylock') {
          const putBack = await page.$$eval('[data-retries]', (els) => els.map((e) => e.textContent));
          assert.ok(putBack.every((t) => /^\d+$/.test(t ?? '')), `put-backs shown: ${putBack}`);
        }
        await shot(page, `deadlock-4-${strategy}-done`);
      });
    });
  }

  test('Stop ends a running fix run cooperatively, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=deadlock&strategy=ordered&n=4&meals=1000&think=5&eat=20&pause=1`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.getElementById('dl-total')?.dataset.value) >= 3, null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, ENDED, 10_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /Stopped: every philosopher saw the stop word/);
      const m1 = await meals(page);
      assert.ok(m1.every((m) => m < 1000));
      await page.waitForTimeout(300);
      assert.deepEqual(await meals(page), m1, 'nobody eats after Stop');
      assert.equal(await page.evaluate(() => globalThis.threadlab.shared.terminations), 0, 'no termination needed');
      await shot(page, 'deadlock-5-stopped');
      await page.fill('input[name="meals"]', '3');
      await page.fill('input[name="eat"]', '1');
      await page.click('#run');
      await waitLabState(page, ENDED, 60_000);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.deepEqual(await meals(page), [3, 3, 3, 3]);
    });
  });

  test('Stop on a naive run ends it even when its threads are stuck in lock(), and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=deadlock&strategy=naive&n=3&meals=50&think=0&eat=5&pause=1`, async (page) => {
      await page.click('#run');
      // Stop as soon as a philosopher holds a fork.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-fork]')].some((e) => Number(e.getAttribute('data-value')) > 0), null, { timeout: 30_000 });
      await page.click('#stop');
      await waitLabState(page, ENDED, 10_000);
      // Stop pressed first: the page does not also call it a deadlock; the run ends stopped.
      assert.equal(await labState(page), 'stopped', await page.textContent('#status'));
      assert.match(await page.textContent('#status'), /^Stopped/);
      await page.check('input[name="strategy"][value="waiter"]');
      await page.fill('input[name="meals"]', '3');
      await page.click('#run');
      await waitLabState(page, ENDED, 60_000);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.deepEqual(await meals(page), [3, 3, 3]);
    });
  });

  const BAD = [
    ['n=1', /n must be a whole number from 2 to 8 \(got 1\)/],
    ['n=9', /n must be a whole number from 2 to 8 \(got 9\)/],
    ['strategy=foo', /strategy must be one of naive, ordered, trylock, waiter \(got "foo"\)/],
    ['meals=0', /meals must be a whole number from 1 to 1,000 \(got 0\)/],
    ['think=500', /think must be a whole number from 0 to 200 \(got 500\)/],
    ['pause=maybe', /pause must be 1 or 0/],
  ];
  for (const [query, message] of BAD) {
    test(`bad URL value ${query}: a clear message and no run`, async () => {
      await withLab(env.browser, `${env.url}?lab=deadlock&${query}`, async (page) => {
        await expectRefused(page, message);
        assert.equal(await labState(page), '', 'no run started');
        assert.equal(await page.textContent('#status'), 'Ready.');
        assert.equal(await page.evaluate(() => globalThis.threadlab.shared.worker), null, 'no coordinator was even started');
        if (query === 'n=9') await shot(page, 'deadlock-6-bad-param');
      });
    });
  }

  test('on every screen: axe-clean with every <details> open, no sideways scrolling, graph labels ≥ 12 px, focus on Stop/Run, what you saw', async () => {
    await withLab(env.browser, `${env.url}?lab=deadlock&strategy=naive&n=8&meals=20&think=0&eat=5&pause=1`, async (page) => {
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'deadlock, ready', { only: 'panel' });
      await expectNoOverflow(page, 'deadlock, ready');
      const focused = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
      await page.focus('#run');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'running');
      assert.equal(await focused(), 'stop', 'Run pressed from the keyboard: focus moves to Stop');
      await waitLabState(page, ENDED, 60_000);
      assert.equal(await labState(page), 'deadlock', await page.textContent('#status'));
      await page.waitForFunction(() => document.activeElement?.id === 'run');
      // What you saw: the learner's own cycle, in words.
      assert.equal(await page.isVisible('#what-you-saw'), true);
      assert.match(await page.textContent('#what-you-saw'), /8 philosophers each held one fork .*P1 → P2 → .* → P8 → P1\. .*ms with no meal eaten/);
      await openAllDetails(page);
      await expectNoAxeViolations(page, 'deadlock, after a deadlock', { only: 'panel' });
      await expectNoOverflow(page, 'deadlock, after a deadlock');
      // Every label of the graph (and its cycle words) at least 12 CSS px tall, at 768 px and on phones.
      for (const width of [1280, 768, 390, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForFunction(
          (w) => Number(document.getElementById('wait-for')?.style.getPropertyValue('--u')) > 0 && document.documentElement.clientWidth === w,
          width,
        );
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const sizes = await page.$$eval('#wait-for text', (texts) =>
          texts.map((t) => {
            const svg = /** @type {SVGSVGElement} */ (t.ownerSVGElement);
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, tall: t.getBoundingClientRect().height };
          }),
        );
        assert.ok(sizes.length >= 2 * 8 + 2, `width ${width}: every node and the cycle labelled (${sizes.length})`);
        const small = sizes.filter((s) => s.px < 12 || s.tall < 12);
        assert.deepEqual(small, [], `width ${width}: labels under 12 px`);
        if (width === 768) assert.equal(await page.getAttribute('#wait-for', 'data-compact'), 'false', 'at 768 px the state words fit beside the ring');
        for (const scheme of /** @type {const} */ (['light', 'dark'])) {
          if (width !== 1280 && width !== 390) continue;
          await page.emulateMedia({ colorScheme: scheme });
          await shot(page, `deadlock-9-${width}-${scheme}`);
        }
        await page.emulateMedia({ colorScheme: 'light' });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });

  test('the stepper link and the Python twin are there', async () => {
    await withLab(env.browser, `${env.url}?lab=deadlock`, async (page) => {
      assert.equal(await page.getAttribute('text=Step through it slowly', 'href'), '?lab=stepper&sample=deadlock');
      await page.click('details.python summary');
      assert.match(await page.textContent('#python-code'), /acquire\(timeout=/);
      assert.match(await page.textContent('.lab'), /Processes do not share forks/);
    });
  });
});

describe('served without COOP/COEP (degraded mode)', () => {
  const env = servedBrowser({ isolated: false });

  test('the page says threads cannot run here, runs nothing, and still shows what a deadlock looks like', async () => {
    await withLab(env.browser, `${env.url}?lab=deadlock`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.match(await page.textContent('#capability'), /Cross-Origin-Opener-Policy: same-origin/);
      assert.match(await page.textContent('#dl-unavailable'), /cannot run here/);
      assert.equal(await page.isDisabled('#run'), true);
      await page.fill('input[name="meals"]', '4');
      assert.equal(await page.isDisabled('#run'), true, 'editing the form does not enable Run');
      assert.match(await page.textContent('#graph-caption'), /Example picture \(not a live run\)/);
      assert.equal((await cycleEdgesShown(page)).length, 10, 'the example marks its cycle');
      await shot(page, 'deadlock-7-degraded');
    }, { reducedMotion: 'reduce' });
  });
});
