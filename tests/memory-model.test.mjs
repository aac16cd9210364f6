// Tests of lab `memory-model` (www/src/labs/memory-model/): the stepper's
// exploration of each litmus test against the tables' SC column, the Python
// twin with python3, and the lab in real Chromium served with and without the
// cross-origin isolation headers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, shot } from './browser.mjs';
import { expectNoAxeViolations, expectNoOverflow, expectRefused, labState, openAllDetails, servedBrowser, waitLabState, withLab } from './suite.mjs';

const LAB = join(ROOT, 'www/src/labs/memory-model');
const { TESTS, python } = await import(join(LAB, 'litmus.js'));

// --- the stepper: every interleaving, i.e. sequential consistency -----------------

describe('the stepper explores each litmus test (plain build, no browser)', () => {
  /** @type {any} */
  let wasm;
  before(async () => {
    wasm = await import(join(ROOT, 'www/pkg/plain/threadlab.js'));
    await wasm.default({ module_or_path: readFileSync(join(ROOT, 'www/pkg/plain/threadlab_bg.wasm')) });
  });
  for (const t of TESTS) {
    test(`${t.id}: the outcomes the stepper reaches are exactly the table's SC-allowed ones`, () => {
      const r = JSON.parse(new wasm.Stepper(python(t), 'threads', 1).explore(2_000_000));
      assert.equal(r.complete, true, `exploration finished (${r.states} states)`);
      // A spin-wait (Dekker's, Peterson's) can loop for ever under an unfair scheduler: the explorer reports that
      // loop as a starvation lasso that a weakly fair scheduler rules out. Every other ending is a normal one.
      for (const o of r.outcomes) {
        if (o.kind === 'starvation') assert.match(o.message, /a weakly fair scheduler .* rules this loop out/, JSON.stringify(o));
        else assert.equal(o.kind, 'finished', `every ending is a normal one: ${JSON.stringify(o)}`);
      }
      const finished = r.outcomes.filter((/** @type {any} */ o) => o.kind === 'finished');
      const reached = new Set(finished.map((/** @type {any} */ o) => t.cols.map((c) => o.globals[c]).join(' ')));
      const allowed = new Set(t.outcomes.filter((/** @type {any} */ o) => o.verdict.sc).map((/** @type {any} */ o) => o.vals.join(' ')));
      assert.deepEqual([...reached].sort(), [...allowed].sort());
    });
  }
});

/**
 * Every outcome of a straight-line test on the x86-TSO abstract machine (Owens, Sarkar, Sewell 2009): each
 * thread's stores go into its own FIFO store buffer; a load reads the thread's newest buffered store to that
 * location, else memory; at any moment a buffer's oldest store may drain to memory. Explored exhaustively.
 * @param {any} t a litmus.js test with `ops`
 */
function tsoOutcomes(t) {
  const n = t.ops.length;
  const seen = new Set();
  const outcomes = new Set();
  /** @param {{pc: number[], buf: [string, number][][], mem: Record<string, number>, regs: Record<string, number>}} s */
  const visit = (s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return;
    seen.add(key);
    let moved = false;
    for (let i = 0; i < n; i++) {
      const op = t.ops[i][s.pc[i]];
      if (op) {
        moved = true;
        const next = structuredClone(s);
        next.pc[i]++;
        if (op.w) next.buf[i].push([op.v, op.val]);
        else next.regs[op.reg] = [...s.buf[i]].reverse().find(([v]) => v === op.v)?.[1] ?? s.mem[op.v];
        visit(next);
      }
      if (s.buf[i].length) {
        moved = true;
        const next = structuredClone(s);
        const [v, val] = /** @type {[string, number]} */ (next.buf[i].shift());
        next.mem[v] = val;
        visit(next);
      }
    }
    if (!moved) outcomes.add(t.cols.map((c) => (t.finals.includes(c) ? s.mem[c] : s.regs[c])).join(' '));
  };
  visit({ pc: Array(n).fill(0), buf: Array.from({ length: n }, () => []), mem: Object.fromEntries(t.vars.map((v) => [v, 0])), regs: {} });
  return outcomes;
}

for (const t of TESTS.filter((/** @type {any} */ x) => x.ops)) {
  test(`${t.id}: the outcomes an x86-TSO machine reaches are exactly the table's TSO-allowed ones`, () => {
    const allowed = t.outcomes.filter((/** @type {any} */ o) => o.verdict.tso).map((/** @type {any} */ o) => o.vals.join(' '));
    assert.deepEqual([...tsoOutcomes(t)].sort(), allowed.sort());
  });
}

test('the Python twin: SB never gives r1 = r2 = 0 on Python threads, and Peterson holds', () => {
  const out = execFileSync('python3', [join(LAB, 'memory-model.py'), '500'], { encoding: 'utf8', timeout: 120_000 });
  assert.match(out, /r1 = r2 = 0 \(no interleaving allows it\): 0\n/);
  assert.match(out, /counter = 1000 of 1000/);
  assert.match(out, /behaved as interleavings/);
});

// --- the lab in the browser -------------------------------------------------------------

const num = async (page, sel) => Number(await page.getAttribute(sel, 'data-value'));

/** Runs the lab at `query` to the end; returns iterations, forbidden outcomes seen and the rate. */
async function runToEnd(page, timeout = 900_000) {
  await page.click('#run');
  await waitLabState(page, ['done', 'error', 'stopped'], timeout);
  assert.equal(await labState(page), 'done', await page.textContent('#status'));
  return { done: await num(page, '#mm-done'), forbidden: await num(page, '#mm-forbidden'), rate: await num(page, '#mm-rate') };
}

/** The histogram's counts by outcome ("00", "01", …). */
const histogram = (page) =>
  page.$$eval('#mm-hist tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [/** @type {HTMLElement} */ (r).dataset.outcome, Number(r.querySelector('[data-count]')?.getAttribute('data-count'))])),
  );

describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  test('SB with plain accesses: r1 = r2 = 0, which no interleaving allows, shows up in 10⁶ iterations', async () => {
    await withLab(env.browser, `${env.url}?lab=memory-model&test=sb&access=plain&iters=1000000`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      await page.check('input[name="predict"][value="never"]');
      const r = await runToEnd(page);
      const h = await histogram(page);
      assert.equal(r.done, 1_000_000);
      assert.equal(Object.values(h).reduce((a, b) => a + b, 0), 1_000_000, `the histogram counts every iteration: ${JSON.stringify(h)}`);
      assert.ok(h['00'] >= 1, `r1 = r2 = 0 seen at least once: ${JSON.stringify(h)}`);
      assert.equal(r.forbidden, h['00']);
      assert.equal(await page.getAttribute('tr[data-outcome="00"]', 'data-seen'), 'true');
      assert.match(await page.textContent('#predict-feedback'), /Not what the models say/);
      assert.match(await page.textContent('#what-you-saw'), /happened [\d,]+ times/);
      console.log(`# litmus SB plain: ${r.done} iterations, r1=r2=0 ${h['00']} times, ${r.rate} iterations/s`);
      await shot(page, 'mm-1-sb-plain');
      await page.setViewportSize({ width: 390, height: 900 });
      await shot(page, 'mm-2-sb-plain-390');
    });
  });

  for (const access of ['atomics', 'fence']) {
    test(`SB with ${access}: r1 = r2 = 0 never, in 10⁶ iterations`, async () => {
      await withLab(env.browser, `${env.url}?lab=memory-model&test=sb&access=${access}&iters=1000000`, async (page) => {
        const r = await runToEnd(page);
        const h = await histogram(page);
        assert.equal(r.done, 1_000_000);
        assert.equal(h['00'], 0, JSON.stringify(h));
        assert.ok(h['01'] + h['10'] + h['11'] === 1_000_000);
        assert.match(await page.textContent('#what-you-saw'), /never happened/);
        console.log(`# litmus SB ${access}: ${r.rate} iterations/s`);
      });
    });
  }

  test('Peterson with plain accesses loses mutual exclusion (counter below expected); with atomics never', async () => {
    await withLab(env.browser, `${env.url}?lab=memory-model&test=peterson&access=plain&iters=200000`, async (page) => {
      const r = await runToEnd(page);
      const total = Number(await page.getAttribute('#mm-lock-total', 'data-counter'));
      const expected = Number(await page.getAttribute('#mm-lock-total', 'data-expected'));
      assert.equal(expected, 2 * 200_000);
      assert.ok(total < expected, `the counter lost updates: ${total} of ${expected}`);
      assert.equal(expected - total, r.forbidden, 'each lost update is one iteration with both threads inside');
      await shot(page, 'mm-3-peterson-plain');
      await page.check('input[name="access"][value="atomics"]');
      const a = await runToEnd(page);
      assert.equal(a.forbidden, 0);
      assert.equal(Number(await page.getAttribute('#mm-lock-total', 'data-counter')), 2 * 200_000, 'with atomics the lock holds');
    });
  });

  test('Dekker with plain accesses loses updates too; the code and the tables follow the form', async () => {
    await withLab(env.browser, `${env.url}?lab=memory-model&test=dekker&access=plain&iters=200000`, async (page) => {
      assert.match(await page.textContent('#mm-threads'), /while \(flag1 === 1\)/);
      const r = await runToEnd(page);
      assert.ok(r.forbidden >= 1, `both inside at least once: ${r.forbidden}`);
      await page.selectOption('select[name="test"]', 'mp');
      assert.equal(await page.locator('#mm-hist tbody tr').count(), 4);
      assert.match(await page.textContent('#mm-threads'), /y = 1/);
      await page.check('input[name="access"][value="atomics"]');
      assert.match(await page.textContent('#mm-threads'), /Atomics\.store\(y, 1\)/);
      assert.match(page.url(), /test=mp/);
      assert.match(page.url(), /access=atomics/);
    });
  });

  test('MP, LB, IRIW and 2+2W run; on x86 their ARM-only outcomes never show', async () => {
    const family = await withLab(env.browser, `${env.url}?lab=memory-model`, async (page) => {
      await page.waitForFunction(() => document.getElementById('mm-cpu')?.dataset.family !== undefined);
      return page.getAttribute('#mm-cpu', 'data-family');
    });
    for (const [id, iters] of [['mp', 50_000], ['lb', 50_000], ['22w', 50_000], ['iriw', 5_000]]) {
      await withLab(env.browser, `${env.url}?lab=memory-model&test=${id}&access=plain&iters=${iters}`, async (page) => {
        const r = await runToEnd(page);
        const h = await histogram(page);
        assert.equal(Object.values(h).reduce((a, b) => a + b, 0), iters, `${id}: ${JSON.stringify(h)}`);
        if (family === 'x86') assert.equal(r.forbidden, 0, `${id} on x86: ${JSON.stringify(h)}`);
        if (id === 'iriw') await shot(page, 'mm-4-iriw');
      });
    }
  });

  test('Stop ends a long run at once, the counts stay, and the next run works', async () => {
    await withLab(env.browser, `${env.url}?lab=memory-model&test=sb&iters=100000000`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => Number(document.getElementById('mm-done')?.dataset.value) > 0, null, { timeout: 120_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /Stopped: the workers were terminated after [\d,]+ of 100,000,000/);
      const d1 = await num(page, '#mm-done');
      await page.waitForTimeout(300);
      assert.equal(await num(page, '#mm-done'), d1, 'nothing counts after Stop');
      assert.ok(d1 < 100_000_000);
      await shot(page, 'mm-5-stopped');
      await page.fill('input[name="iters"]', '2000');
      const r = await runToEnd(page);
      assert.equal(r.done, 2000);
    });
  });

  const BAD = [
    ['test=xyz', /test must be one of sb, mp, lb, iriw, 22w, dekker, peterson \(got "xyz"\)/],
    ['access=relaxed', /access must be one of plain, atomics, fence \(got "relaxed"\)/],
    ['iters=0', /iters must be a whole number from 1,000 to 100,000,000 \(got 0\)/],
    ['iters=lots', /iters must be a whole number from 1,000 to 100,000,000 \(got "lots"\)/],
  ];
  for (const [query, message] of BAD) {
    test(`bad URL value ${query}: a clear message and no run`, async () => {
      await withLab(env.browser, `${env.url}?lab=memory-model&${query}`, async (page) => {
        await expectRefused(page, message);
        assert.equal(await num(page, '#mm-done'), 0, 'nothing ran');
        assert.equal(await page.textContent('#status'), 'Ready.');
        if (query === 'iters=0') await shot(page, 'mm-6-bad-param');
      });
    });
  }

  test('the stepper link opens the same program, whose exploration never reaches r1 = r2 = 0', async () => {
    await withLab(env.browser, `${env.url}?lab=memory-model&test=sb`, async (page) => {
      const href = await page.getAttribute('#mm-stepper', 'href');
      const src = new URL(href ?? '', env.url).searchParams.get('src') ?? '';
      const program = Buffer.from(src, 'base64url').toString('utf8');
      const sb = TESTS.find((/** @type {any} */ t) => t.id === 'sb');
      assert.equal(program, python(sb));
      await page.click('#mm-stepper');
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      // The stepper compiles the program from the link and lists its source.
      await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('r1 = y'), null, { timeout: 30_000 });
    });
  });

  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    test(`axe-clean and no sideways scrolling (${scheme}), before and after a run`, async () => {
      await withLab(
        env.browser,
        `${env.url}?lab=memory-model&test=sb&iters=20000`,
        async (page) => {
          await openAllDetails(page);
          await expectNoAxeViolations(page, `memory-model ready (${scheme})`);
          await runToEnd(page);
          await openAllDetails(page);
          await expectNoAxeViolations(page, `memory-model after a run (${scheme})`);
          await expectNoOverflow(page, `memory-model (${scheme})`);
          await page.setViewportSize({ width: 1280, height: 900 });
          await shot(page, `mm-7-${scheme}-1280`);
          await page.setViewportSize({ width: 390, height: 900 });
          await shot(page, `mm-8-${scheme}-390`);
        },
        { colorScheme: scheme },
      );
    });
  }
});

describe('served without COOP/COEP', () => {
  const env = servedBrowser({ isolated: false });

  test('the lab says why it cannot run, and runs nothing; the tables and the stepper link remain', async () => {
    await withLab(env.browser, `${env.url}?lab=memory-model&test=sb`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.equal(await page.isVisible('#mm-unavailable'), true);
      assert.match(await page.textContent('#mm-unavailable'), /Cross-Origin-Embedder-Policy: require-corp/);
      assert.equal(await page.isDisabled('#run'), true);
      await page.locator('#controls').evaluate((f) => /** @type {HTMLFormElement} */ (f).requestSubmit());
      await page.waitForTimeout(200);
      assert.notEqual(await labState(page), 'running');
      assert.equal(await page.textContent('#status'), 'Ready.');
      assert.equal(await page.locator('#mm-hist tbody tr').count(), 4);
      assert.match((await page.getAttribute('#mm-stepper', 'href')) ?? '', /lab=stepper&mode=threads&src=/);
      await expectNoAxeViolations(page, 'memory-model without isolation');
      await shot(page, 'mm-9-not-isolated');
    });
  });
});

