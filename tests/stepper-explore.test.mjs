// Browser test of the stepper's searches and Python modes (crate/src/stepper/search/,
// vm/modes.rs; page: www/src/labs/stepper/explore.js, explore.worker.js): the mode's one
// line, old mode names in links, the progress line and Stop, bounded preemptions, the bug
// hunt, and lassos for programs that can run forever. Real Chromium, the production build,
// served with and without COOP/COEP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, labState, servedBrowser, waitLabState, withLab } from './suite.mjs';
import { idle, stepOf, stepperLink } from './stepper-helpers.mjs';

/** The book's race in twenty threads, without time.sleep: read, compute, write. */
const RACE20 = `import threading

counter = 0


def update():
    global counter
    current = counter
    current = current + 1
    counter = current


threads = []
for i in range(20):
    t = threading.Thread(target=update)
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
`;

/** Two threads politely printing forever (the book's spouses print in their loop): no state
 * repeats, so every run is cut at the step limit, wherever the prints fell. */
const PRINTING_FOREVER = `import threading


def talker(name):
    while True:
        for i in range(400):
            pass
        print(name, "after you")


for name in ("a", "b"):
    threading.Thread(target=talker, args=(name,)).start()
`;

/** Waits until the program is loaded (the stepper view shows step 0). */
const ready = (page) => page.waitForFunction(() => document.getElementById('main')?.dataset.step !== undefined, null, { timeout: 30_000 });

/** The histogram's rows. */
const rows = (page) =>
  page.$$eval('#outcomes .outcome-row', (rs) => rs.map((r) => ({
    kind: r.getAttribute('data-kind'),
    globals: JSON.parse(r.getAttribute('data-globals') ?? '{}'),
    loopFrom: r.getAttribute('data-loop-from'),
    first: r.classList.contains('first-other'),
    text: r.textContent ?? '',
  })));

for (const isolated of [true, false]) {
  describe(`stepper searches, served ${isolated ? 'with' : 'without'} COOP/COEP`, () => {
    const env = servedBrowser({ isolated });
    const tag = isolated ? 'iso' : 'noiso';

    test('each mode says which Python it models; old mode names in links read as the new ones', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'race', mode: 'processes' }), async (page) => {
        await ready(page);
        assert.equal(await page.inputValue('select[name="mode"]'), 'fork');
        assert.match(await page.textContent('#mode-models') ?? '', /fork .*copy of its parent's memory/);
        await page.selectOption('select[name="mode"]', 'gil-3.10');
        await idle(page);
        assert.match(await page.textContent('#mode-models') ?? '', /3\.10\+ .*call or a backward jump/);
        await page.waitForFunction(() => new URL(location.href).searchParams.get('mode') === 'gil-3.10');
        // The select is labelled and its line is its description.
        assert.equal(await page.getAttribute('select[name="mode"]', 'aria-describedby'), 'mode-models');
      });
      await withLab(env.browser, stepperLink(env.url, { sample: 'processes' }), async (page) => {
        await ready(page);
        assert.equal(await page.inputValue('select[name="mode"]'), 'forkserver');
        await page.click('#run-seq');
        await idle(page);
        assert.match(await page.textContent('#output') ?? '', /in the parent: counter = 0 shared = 3/);
      });
    });

    test('the polite spouses: a livelock and a starvation lasso, opened with the loop marked', async () => {
      await withLab(env.browser, stepperLink(env.url, { sample: 'spouses' }), async (page) => {
        await ready(page);
        await page.click('#run');
        await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
        const rs = await rows(page);
        const live = rs.find((r) => r.kind === 'livelock');
        assert.ok(live && live.loopFrom !== null, JSON.stringify(rs));
        assert.match(live.text, /Livelock \(runs forever\)/);
        assert.match(live.text, /then the loop ↻/);
        assert.ok(rs.some((r) => r.kind === 'starvation' && /fair scheduler/.test(r.text)));
        assert.ok(rs.some((r) => r.kind === 'finished'));
        await page.click('#outcomes .outcome-row[data-kind="livelock"] .open-witness');
        await idle(page);
        assert.equal(await page.isVisible('#lasso-note'), true);
        const note = await page.textContent('#lasso-note') ?? '';
        assert.match(note, new RegExp(`steps 1–${live.loopFrom} lead into the loop; steps ${Number(live.loopFrom) + 1}–${await stepOf(page)} are the loop`));
        assert.match(await page.getAttribute('#timeline', 'aria-valuetext') ?? '', /the end of the loop/);
        await expectAccessible(page, `stepper lasso (${tag})`, isolated ? 'stepper-explore-lasso' : undefined);
        // Another schedule takes the marks away.
        await page.click('#reset');
        await idle(page);
        assert.equal(await page.isVisible('#lasso-note'), false);
      });
    });

    test('bounded preemptions find the twenty-thread lost update; the progress line and the bound are shown', async () => {
      await withLab(env.browser, stepperLink(env.url, { src: RACE20, search: 'bounded', budget: 30000 }), async (page) => {
        await ready(page);
        await page.click('#run');
        await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
        assert.match(await page.textContent('#explore-line') ?? '', /states · .* states\/s · bound P = \d/);
        const rs = await rows(page);
        const first = rs.find((r) => r.first);
        assert.ok(first, JSON.stringify(rs));
        assert.ok(Number(first.globals.counter) < 20, first.text);
        assert.match(first.text, /needs 1 preemption/);
        assert.match(await page.textContent('#explore-summary') ?? '', /preemption/);
        assert.ok(Number(await page.getAttribute('#explore-view', 'data-first-other')) > 0);
      });
    });

    test('the hunt finds the lost update after N runs, and its schedule replays it', async () => {
      await withLab(env.browser, stepperLink(env.url, { src: RACE20, depth: 2, seed: 3, budget: 2000000 }), async (page) => {
        await ready(page);
        // The hunt button is reachable from the keyboard and says what it does.
        await page.focus('#run');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'hunt');
        await page.keyboard.press('Enter');
        await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
        assert.match(await page.textContent('#explore-summary') ?? '', /Found after \d+ runs?/);
        assert.equal(await page.textContent('#explore-h'), 'Bug hunt');
        const first = (await rows(page)).find((r) => r.first);
        assert.ok(first && Number(first.globals.counter) < 20);
        await page.click('#outcomes .outcome-row.first-other .open-witness');
        await idle(page);
        assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'finished');
        assert.match(await page.textContent('#output') ?? '', new RegExp(`counter = ${first.globals.counter}`));
        await expectAccessible(page, `stepper hunt (${tag})`, isolated ? 'stepper-explore-hunt' : undefined);
      });
    });

    test('a program that prints forever: the runs cut at the step limit are one ending, with a witness', async () => {
      await withLab(env.browser, stepperLink(env.url, { src: PRINTING_FOREVER, budget: 20000 }), async (page) => {
        await ready(page);
        // The exploring worker starts when the pointer comes to Explore (it warms up before the click).
        const explorers = () => page.workers().filter((w) => /explore\.worker/.test(w.url())).length;
        assert.equal(explorers(), 0);
        await page.hover('#run');
        await page.waitForEvent('worker', { predicate: (w) => /explore\.worker/.test(w.url()), timeout: 10_000 }).catch(() => null);
        assert.equal(explorers(), 1);
        await page.click('#run');
        await waitLabState(page, ['done', 'error', 'stopped'], 120_000);
        assert.equal(await labState(page), 'done', await page.textContent('#status') ?? '');
        const rs = await rows(page);
        assert.equal(rs.length, 1, JSON.stringify(rs));
        assert.equal(rs[0].kind, 'budget');
        assert.match(rs[0].text, /[\d,]+ runs cut/);
        assert.match(rs[0].text, /output of the first run cut: .*after you/);
        await page.click('#outcomes .outcome-row .open-witness');
        await idle(page);
        assert.equal(await page.getAttribute('#stepper-view', 'data-outcome'), 'budget');
      });
    });

    test('Stop ends a long exploration and keeps what it found so far', async () => {
      await withLab(env.browser, stepperLink(env.url, { src: RACE20, budget: 5000000 }), async (page) => {
        await ready(page);
        await page.click('#run');
        await page.waitForFunction(() => /states\/s/.test(document.getElementById('explore-line')?.textContent ?? ''), null, { timeout: 60_000 });
        await page.click('#stop');
        await waitLabState(page, ['done', 'error', 'stopped'], 30_000);
        assert.equal(await labState(page), 'stopped');
        assert.match(await page.textContent('#explore-summary') ?? '', /Stopped: these are only the endings found so far/);
        assert.ok((await rows(page)).length >= 1, 'the endings found so far are shown');
        assert.equal(await page.isEnabled('#run'), true);
        assert.equal(await page.isEnabled('#hunt'), true);
      });
    });
  });
}
