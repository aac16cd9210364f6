// Lab `stepper`: the program editor (CodeMirror 6 in a shadow root,
// www/src/labs/stepper/editor.js) as a learner uses it — line numbers, syntax
// colours, the compile error marked at its line and column, each thread's line
// marked while stepping, Tab that indents and Escape-then-Tab that leaves, keys
// typed in it that never step a thread — and loaded only with the stepper.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, shot } from './browser.mjs';
import { servedBrowser } from './suite.mjs';
import { idle, setProgram, stepOf } from './stepper-helpers.mjs';

const programText = (page) => page.$eval('#program', (e) => /** @type {HTMLTextAreaElement} */ (e).value);
const compiled = (page, state = 'ok') => page.waitForFunction((s) => document.getElementById('main')?.dataset.compile === s, state);

describe('stepper: the program editor', () => {
  const env = servedBrowser({ isolated: true });

  test('line numbers, colours, the compile error at its line and column, thread lines while stepping', async () => {
    const { page, errors, context } = await openPage(env.browser);
    try {
      await page.goto(`${env.url}?lab=stepper&sample=race`);
      await compiled(page);
      // Line numbers, one per line of the program.
      const lines = (await programText(page)).replace(/\n$/, '').split('\n').length;
      assert.equal(await page.locator('#program .cm-lineNumbers .cm-gutterElement:not([style*="visibility"])').count() >= lines, true);
      // Syntax colours: `def` is a keyword, coloured apart from a plain name.
      const kw = await page.$eval('#program .cm-content', (c) => {
        const spans = [...c.querySelectorAll('span')];
        const def = spans.find((s) => s.textContent === 'def');
        return def ? getComputedStyle(def).color : null;
      });
      const plain = await page.$eval('#program .cm-content', (c) => getComputedStyle(c).color);
      assert.ok(kw && kw !== plain, `keyword colour ${kw} vs text ${plain}`);

      // Stepping marks each live thread's line in the editor with its badge.
      for (let i = 0; i < 40 && !(await page.locator('button[data-step="1"]:enabled').count()); i++) {
        await page.click('button[data-step="0"]');
        await idle(page);
      }
      await page.click('button[data-step="1"]');
      await idle(page);
      const marked = await page.$$eval('#program .cm-thread-line', (ls) => ls.map((l) => l.textContent));
      assert.ok(marked.length >= 1, 'a thread line is marked');
      assert.ok(await page.locator('#program .cm-thread-line .tbadge[data-thread="1"]').count() === 1, 'T1 badge on its line');
      assert.match(marked.join('\n'), /counter/, `T1 is inside worker(): ${marked}`);
      await shot(page, 'stepper-editor-stepping');

      // A compile error: marked at its line (tinted, with the message as title) and its column.
      await setProgram(page, 'x = 1\ny = (x +\nprint(y)\n');
      await page.click('#compile');
      await compiled(page, 'error');
      const line = Number(await page.getAttribute('#compile-error', 'data-line'));
      const col = Number(await page.getAttribute('#compile-error', 'data-col'));
      const errLine = await page.$$eval('#program .cm-line', (ls) => ls.findIndex((l) => l.classList.contains('cm-error-line')) + 1);
      assert.equal(errLine, line, 'the error line is marked in the editor');
      const at = await page.$eval('#program .cm-error-line', (l) => {
        const mark = l.querySelector('.cm-error-at');
        if (!mark) return { col: (l.textContent ?? '').replace('◂ here', '').length + 1, caret: !!l.querySelector('.cm-error-caret') };
        const before = document.createRange();
        before.setStart(l, 0);
        before.setEndBefore(mark);
        return { col: before.toString().length + 1, caret: false };
      });
      assert.equal(at.col, col, `the column is marked: ${JSON.stringify(at)}`);
      assert.equal(await page.locator('#program .cm-thread-line').count(), 0, 'no thread marks on a program that did not compile');
      await shot(page, 'stepper-editor-compile-error');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard: Tab indents, Escape then Tab leaves, digits typed never step, Ctrl+Enter compiles', async () => {
    const { page, errors, context } = await openPage(env.browser);
    try {
      await page.goto(`${env.url}?lab=stepper&sample=race`);
      await compiled(page);
      await setProgram(page, 'def f():\nx = 1\n');
      await page.click('#program .cm-line >> nth=1');
      await page.keyboard.press('Home');
      await page.keyboard.press('Tab');
      assert.equal(await programText(page), 'def f():\n    x = 1\n', 'Tab indents by four spaces');
      // Digits typed in the editor are text, not steps.
      const before = await stepOf(page);
      await page.keyboard.press('End');
      await page.keyboard.type('0');
      assert.equal(await programText(page), 'def f():\n    x = 10\n');
      assert.equal(await stepOf(page), before, 'typing 0 did not step thread 0');
      // Escape, then Tab: the focus leaves the editor for the next control.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      assert.notEqual(focused, 'program', 'focus left the editor');
      assert.equal(await page.evaluate(() => document.getElementById('program')?.contains(document.activeElement) || document.activeElement?.id === 'program'), false);
      // Ctrl+Enter compiles what is in the editor.
      await setProgram(page, 'print(6 * 7)\n');
      await page.click('#program .cm-content');
      await page.keyboard.press('Control+Enter');
      // The compiled program is what the page shows as "the same in Python".
      await page.waitForFunction(() => document.getElementById('python-code')?.textContent === 'print(6 * 7)\n');
      assert.equal(await stepOf(page), 0);
      await page.click('#run-seq');
      await idle(page);
      assert.match(await page.textContent('#output'), /42/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the editor loads only with the stepper: the first lab fetches none of it', async () => {
    const { page, errors, context } = await openPage(env.browser);
    try {
      /** @type {string[]} */
      const scripts = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      await page.goto(env.url);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
      await page.waitForLoadState('networkidle');
      assert.equal(scripts.filter((p) => /editor|codemirror/i.test(p)).length, 0, `first lab scripts: ${scripts}`);
      await page.goto(`${env.url}?lab=stepper`);
      await compiled(page);
      assert.ok(scripts.some((p) => /editor/.test(p)), `the stepper fetched its editor: ${scripts}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
