// Browser test of the stepper's functions and generators (crate/src/stepper/vm/funcs.rs,
// gens.rs, prelude.py): a program with a closure counter shared by threads, a generator and
// map() steps in the page; a prelude function's frame shows as `map()` at the program line that
// called it, and the source marks that line; exploring finds the closure counter's lost update.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, labState, openLab, servedBrowser, waitLabState } from './suite.mjs';

const b64url = (/** @type {string} */ s) => Buffer.from(s, 'utf8').toString('base64url');
const idle = (page) => page.waitForFunction(() => (document.getElementById('main')?.dataset.pending ?? '0') === '0' && !document.getElementById('main')?.dataset.urlPending, null, { timeout: 60_000 });

const PROGRAM = `import threading


def make_counter():
    count = 0

    def increment():
        nonlocal count
        count += 1

    def value():
        return count

    return increment, value


def squares(n):
    for i in range(n):
        yield i * i


increment, value = make_counter()
threads = [threading.Thread(target=increment) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
doubled = list(map(lambda x: x * 2, squares(3)))
counter = value()
print(doubled, counter)
`;

for (const isolated of [true, false]) {
  describe(`stepper functions, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });
    const tag = isolated ? 'iso' : 'noiso';

    test('closures, a generator and map(): prelude frames show at the calling line; the lost update is found', async () => {
      const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=stepper#src=${b64url(PROGRAM)}`);
      await page.waitForFunction(() => document.getElementById('main')?.dataset.step !== undefined, null, { timeout: 30_000 });
      // The prelude is not listed with the program's code.
      const codes = await page.$$eval('table.dis caption', (cs) => cs.map((c) => c.textContent));
      assert.ok(codes.includes('def increment()') && codes.includes('def squares()'), JSON.stringify(codes));
      assert.ok(!codes.some((c) => /map|_thread_run|_sorted/.test(c ?? '')), JSON.stringify(codes));
      // Step the main thread (the threads run in between) until map()'s frame is on its card.
      const mapLine = PROGRAM.split('\n').findIndex((l) => l.startsWith('doubled')) + 1;
      let seen = false;
      for (let i = 0; i < 400 && !seen; i++) {
        const runnable = await page.$$eval('button[data-step]:not([disabled])', (bs) => bs.map((b) => b.getAttribute('data-step')));
        if (!runnable.length) break;
        await page.click(`button[data-step="${runnable.includes('0') ? '0' : runnable[0]}"]`);
        await idle(page);
        const heads = await page.$$eval('.thread-card[data-thread="0"] .frame-h', (hs) => hs.map((h) => h.textContent ?? ''));
        if (heads.some((h) => h.startsWith('map()'))) {
          seen = true;
          assert.ok(heads.some((h) => h === `map() line ${mapLine}`), JSON.stringify(heads));
          // The thread's line is the program's line that called map() (or the lambda's/generator's).
          const at = await page.textContent('.thread-card[data-thread="0"] .at');
          assert.match(at ?? '', /line \d+/);
          assert.equal(await page.locator('#src-lines li.cur .tbadge[data-thread="0"]').count(), 1, 'main thread marked on a source line');
          await expectAccessible(page, 'stepper inside map()', `stepper-funcs-map-${tag}`);
          // The thread card alone, to look at closely, in both themes.
          for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
            await page.emulateMedia({ colorScheme });
            await page.locator('.thread-card[data-thread="0"]').screenshot({ path: `test-output/stepper-funcs-card-${tag}-${colorScheme}.png` });
          }
          await page.emulateMedia({ colorScheme: 'light' });
        }
      }
      assert.ok(seen, 'a map() frame appeared');
      // Explore: the closure's count is shared memory, so an update can be lost.
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const counters = await page.$$eval('#outcomes .outcome-row', (rows) => rows.map((r) => JSON.parse(r.getAttribute('data-globals') ?? '{}').counter));
      assert.deepEqual([...new Set(counters)].sort(), ['1', '2']);
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
