// The course: the home page at `/`, old links, the menu, the learner's
// progress (kept in localStorage, forgotten on request), the way on under a
// lab, and reduced motion in the live views. The course data itself is
// checked in node first.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { register } from 'node:module';
import { openPage, shot } from './browser.mjs';
import { expectNoOverflow, openLab, servedBrowser, waitLabState } from './suite.mjs';

// The registry finds labs with Vite's import.meta.glob: teach node the same first.
register('./vite-glob.mjs', import.meta.url);
const { LABS } = await import('../www/src/labs/registry.js');
const { CHAPTERS, PLANNED, SAMPLES, SINCE, courseOrder, nextLab } = await import('../www/src/course/chapters.js');

const IDS = LABS.map((l) => l.id);

describe('the course data (www/src/course/chapters.js)', () => {
  test('the book’s 19 chapters, in order, each with its idea in a line', () => {
    assert.deepEqual(CHAPTERS.map((c) => c.n), Array.from({ length: 19 }, (_, i) => i + 1));
    for (const c of CHAPTERS) {
      assert.ok(c.title && c.concept.length > 20 && c.concept.length < 160, `chapter ${c.n}: ${c.concept}`);
      assert.ok(c.labs.length + c.samples.length + c.coming.length > 0, `chapter ${c.n} points somewhere`);
    }
    assert.deepEqual(SINCE.map((s) => s.key), ['free-threading', 'subinterpreters', 'taskgroup', 'start-methods']);
  });

  test('every lab named exists; every lab not built yet is a planned one', () => {
    for (const c of [...CHAPTERS, ...SINCE]) {
      for (const l of c.labs) assert.ok(IDS.includes(l.lab), `${c.title}: lab ${l.lab} is in the registry`);
      for (const k of c.coming) assert.ok(k.lab in PLANNED || IDS.includes(k.lab), `${c.title}: ${k.lab} is planned`);
    }
    assert.deepEqual(Object.keys(PLANNED).filter((id) => IDS.includes(id)), [], 'a built lab is no longer "planned" — move it to `labs`');
  });

  test('stepper samples are the ones the core ships', () => {
    const shipped = readdirSync(new URL('../crate/src/stepper/samples/', import.meta.url)).filter((f) => f.endsWith('.py')).map((f) => f.slice(0, -3));
    assert.deepEqual([...SAMPLES].sort(), shipped.sort());
    for (const c of [...CHAPTERS, ...SINCE]) for (const s of c.samples) assert.ok(SAMPLES.includes(s.sample), s.sample);
  });

  test('course order holds every lab once; nextLab walks the course labs in order and ends', () => {
    const order = courseOrder();
    assert.deepEqual([...order].sort(), [...IDS].sort());
    assert.equal(order[0], 'threads-vs-processes');
    const walked = ['threads-vs-processes'];
    for (let n = nextLab(walked[0]); n; n = nextLab(n.id)) {
      walked.push(n.id);
      assert.ok(walked.length < 20, 'the walk ends');
      assert.equal(n.href, `?lab=${n.id}`);
      assert.equal(n.title, LABS.find((l) => l.id === n.id)?.title);
      assert.ok(CHAPTERS.find((c) => c.n === n.chapter)?.labs.some((l) => l.lab === n.id));
    }
    // The walk visits every lab some chapter teaches, in the order the chapters first use them.
    assert.deepEqual(walked, courseOrder().filter((id) => CHAPTERS.some((c) => c.labs.some((l) => l.lab === id))));
    assert.ok(walked.includes('stepper') && walked.length >= 7, walked.join(' → '));
    assert.equal(nextLab('stepper'), null, 'the last lab has no next');
    assert.equal(nextLab('bench'), null, 'a lab outside the course has no next');
    assert.equal(nextLab('no-such-lab'), null);
  });
});

describe('the home page and the course in the browser', () => {
  const env = servedBrowser({ isolated: true });

  test('`/` is the home page: what ThreadLab is, a picture, the chapters, what is coming, since the book', async () => {
    for (const scheme of /** @type {const} */ (['light', 'dark'])) {
      const { page, errors, context } = await openLab(env.browser, env.url, { colorScheme: scheme });
      try {
        assert.match(await page.textContent('h1'), /ThreadLab/);
        assert.match(await page.textContent('.hero .lede'), /real threads/);
        assert.equal(await page.getAttribute('.home-picture', 'role'), 'img');
        assert.match(await page.textContent('.home-picture title'), /shared memory/);
        assert.equal(await page.locator('.chapters > li[id^="ch-"]').count(), 19);
        assert.match(await page.textContent('#ch-14'), /Race conditions/);
        // A chapter lists its labs and stepper samples, as links that work.
        const ch12 = page.locator('#ch-12');
        assert.equal(await ch12.locator('a[href="?lab=deadlock"]').count(), 1);
        assert.equal(await ch12.locator('a[href="?lab=stepper&sample=deadlock"]').count(), 1);
        // A lab that is not built is named (by its planned title), marked coming, and not a link.
        for (const [id, title] of Object.entries(PLANNED)) {
          const coming = page.locator(`li.coming[data-coming="${id}"]`).first();
          assert.match(await coming.textContent(), new RegExp(`Coming.*${title.split(' ')[0]}`));
          assert.equal(await coming.locator('a').count(), 0);
          assert.ok((await page.locator(`li.coming[data-coming="${id}"]`).count()) > 0, `${id} listed as coming`);
          assert.equal(await page.locator(`a[href^="?lab=${id}"]`).count(), 0, `${id} not linked`);
        }
        // A built lab is linked from its chapters, no longer coming.
        for (const ch of ['#ch-7', '#ch-8']) assert.equal(await page.locator(`${ch} a[href^="?lab=map-reduce"]`).count(), 1, `${ch} links map-reduce`);
        assert.equal(await page.locator('li.coming[data-coming="map-reduce"]').count(), 0);
        // Every link to a lab names one that exists.
        const hrefs = await page.$$eval('main a[href^="?lab="]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
        for (const h of hrefs) assert.ok(IDS.includes(new URLSearchParams(h).get('lab') ?? ''), h);
        const since = await page.textContent('.since');
        for (const words of [/3\.13t/, /3\.14t/, /Subinterpreters \(3\.14\)/, /TaskGroup/, /start methods/, /forkserver/]) assert.match(since, words);
        // The menu: the course first (current), then every lab in course order.
        assert.equal(await page.getAttribute('#lab-nav a[href="./"]', 'aria-current'), 'page');
        assert.deepEqual(await page.$$eval('#lab-nav a[data-lab]', (as) => as.map((a) => a.getAttribute('data-lab'))), courseOrder());
        assert.equal(await page.isHidden('#share'), true, 'no embed box on the home page');
        await shot(page, `home-${scheme}-1280`);
        await expectNoOverflow(page, `home (${scheme})`);
        for (const w of [768, 390, 360]) {
          await page.setViewportSize({ width: w, height: 900 });
          await shot(page, `home-${scheme}-${w}`);
        }
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });

  test('old links keep working: the first lab’s parameters without `lab` open that lab', async () => {
    const { page, errors, context } = await openLab(env.browser, `${env.url}?mode=isolated&workers=3`);
    try {
      assert.equal(await page.textContent('h1'), 'Threads vs processes');
      assert.equal(await page.inputValue('input[name="workers"]'), '3');
      assert.equal(await page.isChecked('input[name="mode"][value="isolated"]'), true);
      for (const [query, home] of /** @type {const} */ ([['?slow=1', false], ['?iters=500', false], ['?unknown=1', true], ['?coi=0', true], ['?lab=race', false]])) {
        await page.goto(`${env.url}${query}`);
        await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
        assert.equal(await page.locator('.home').count(), home ? 1 : 0, `${query} opens ${home ? 'the home page' : 'a lab'}`);
      }
      assert.match(await page.textContent('h1'), /Race/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('progress: a run and a prediction show on the home page and in the menu, survive a reload, and are forgotten on request', async () => {
    const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=threads-vs-processes&mode=isolated&workers=2&iters=1000`);
    try {
      // The way on, under the lab.
      assert.equal(await page.getAttribute('#course-next', 'href'), `?lab=${nextLab('threads-vs-processes')?.id}`);
      assert.match(await page.textContent('.course-way'), /chapters 1, 3, 6/);
      assert.equal(await page.locator('#lab-nav a[data-ran]').count(), 0);
      await page.check('input[name="predict"][value="zero"]');
      await page.click('#run');
      await waitLabState(page, ['done']);
      // The menu marks the lab at once: a ✓ for the eye, words for a screen reader.
      const mark = page.locator('#lab-nav a[data-lab="threads-vs-processes"]');
      await mark.locator('.visually-hidden').waitFor({ state: 'attached' });
      assert.equal(await mark.getAttribute('data-ran'), 'true');
      assert.match(await mark.textContent(), /✓ \(you ran this lab\)/);
      assert.equal(await mark.locator('[aria-hidden="true"]').textContent(), ' ✓');

      const home = async () => {
        await page.goto(env.url);
        await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      };
      const check = async () => {
        const lab = page.locator('#ch-1 li[data-lab="threads-vs-processes"]');
        assert.equal(await lab.getAttribute('data-runs'), '1');
        assert.match(await lab.textContent(), /✓ ran once ✓ answered its predict question/);
        // Chapter 1 is done when every lab it names was run (and it names no sample), else started.
        const ch1 = CHAPTERS[0];
        const ch1Done = ch1.labs.every((l) => l.lab === 'threads-vs-processes') && !ch1.samples.length;
        assert.equal(await page.getAttribute('#ch-1', 'data-state'), ch1Done ? 'done' : 'started', 'chapter 1 after its first lab ran');
        assert.equal(await page.getAttribute('#ch-3', 'data-state'), 'started', 'chapter 3: the lab, not yet its samples');
        assert.equal(await page.getAttribute('#ch-2', 'data-state'), 'new');
        const courseLabs = courseOrder().filter((id) => CHAPTERS.some((c) => c.labs.some((l) => l.lab === id))).length;
        assert.match(await page.textContent('#progress-said'), new RegExp(`run 1 of the course’s ${courseLabs} labs, explored`));
        assert.match(await page.textContent('#progress-said'), /explored 0 stepper samples and answered 1 predict question\. It is kept in this browser only/);
        // "Continue" leads to the first course lab not yet run: the one after threads-vs-processes.
        assert.ok((await page.textContent('.start'))?.includes(`Continue: ${nextLab('threads-vs-processes')?.title}`), await page.textContent('.start') ?? '');
      };
      await home();
      await check();
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await check();
      await shot(page, 'home-progress');

      await page.click('#forget-progress');
      assert.equal(await page.textContent('#forget-status'), 'Your progress is forgotten.');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'forget-progress', 'focus stays on the button');
      assert.equal(await page.getAttribute('#ch-1 li[data-lab="threads-vs-processes"]', 'data-runs'), '0');
      assert.equal(await page.locator('#lab-nav a[data-ran]').count(), 0, 'the menu forgets too');
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      assert.equal(await page.getAttribute('#ch-1', 'data-state'), 'new');
      assert.match(await page.textContent('#progress-said'), /once you run a lab/);
      assert.equal(await page.evaluate(() => localStorage.getItem('threadlab:progress')), null);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('progress without storage: the page works and says progress lasts only this visit', async () => {
    const { page, errors, context } = await openPage(env.browser);
    try {
      // Site data blocked: every use of localStorage throws, as Chrome does then.
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
      });
      await page.goto(`${env.url}?lab=threads-vs-processes&mode=isolated&workers=2&iters=500`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await page.click('#run');
      await waitLabState(page, ['done']);
      assert.equal(await page.getAttribute('#lab-nav a[data-lab="threads-vs-processes"]', 'data-ran'), 'true', 'kept for this page');
      await page.click('#lab-nav a[href="./"]');
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      assert.match(await page.textContent('#progress-said'), /does not let the page store it/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('reduced motion: the live view shows no intermediate frame, says so, and "Show live" turns it back on', async () => {
    const url = `${env.url}?lab=threads-vs-processes&mode=shared&workers=2&iters=40000&slow=1`;
    const { page, errors, context } = await openLab(env.browser, url, { reducedMotion: 'reduce' });
    try {
      assert.equal(await page.isVisible('#motion-note'), true);
      assert.match(await page.textContent('#motion-note'), /reduced motion.*final state/);
      assert.equal(await page.getAttribute('#show-live', 'aria-pressed'), 'false');
      /** Runs once and returns every counter value the page showed while the run went, and the last one. */
      const watch = async () => {
        await page.click('#run');
        const seen = await page.evaluate(
          () =>
            new Promise((resolve) => {
              const values = new Set();
              const main = /** @type {HTMLElement} */ (document.getElementById('main'));
              const look = () => {
                if (main.dataset.state === 'running') {
                  values.add(document.getElementById('shared-counter')?.textContent);
                  requestAnimationFrame(look);
                } else resolve([...values]);
              };
              look();
            }),
        );
        await waitLabState(page, ['done']);
        return { seen, last: await page.textContent('#shared-counter') };
      };
      const still = await watch();
      assert.equal(still.last, '80,000', 'the final state is drawn');
      assert.deepEqual(still.seen, ['0'], 'nothing between 0 and the end was drawn');
      await page.click('#show-live');
      assert.equal(await page.getAttribute('#show-live', 'aria-pressed'), 'true');
      assert.match(await page.textContent('#motion-note'), /“Show live” is on/);
      const live = await watch();
      assert.equal(live.last, '80,000');
      assert.ok(live.seen.some((v) => v !== '0' && v !== '80,000'), `intermediate values drawn: ${live.seen.join(' ')}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('without reduced motion there is no motion note', async () => {
    const { page, errors, context } = await openLab(env.browser, `${env.url}?lab=race`);
    try {
      assert.equal(await page.isVisible('#motion-note'), false);
      assert.equal(await page.isVisible('.notices'), false, 'the empty notices box is not drawn');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the home page without cross-origin isolation', () => {
  const env = servedBrowser({ isolated: false });

  test('still the home page, with the note that threads are off, and links that work there', async () => {
    const { page, errors, context } = await openLab(env.browser, env.url);
    try {
      assert.equal(await page.locator('.home').count(), 1);
      assert.equal(await page.isVisible('#capability'), true);
      assert.match(await page.textContent('#capability'), /Threads are off/);
      // No link on the home page asks for threads by URL (that would open a lab on an error here).
      assert.equal(await page.locator('main a[href*="mode=shared"]').count(), 0);
      await page.click('#ch-6 a[href="?lab=threads-vs-processes&mode=isolated"]');
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      assert.equal(await page.isChecked('input[name="mode"][value="isolated"]'), true);
      assert.equal(await page.isHidden('#param-errors'), true, 'no error');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
