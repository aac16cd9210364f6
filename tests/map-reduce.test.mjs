// Browser test of lab `map-reduce` (kernel: crate/src/labs/map_reduce/, page:
// www/src/labs/map-reduce/). Real Chromium, the production build, served with
// and without the cross-origin isolation headers; and its Python twin.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { shot, ROOT } from './browser.mjs';
import { labState, servedBrowser, waitLabState, withLab, expectRefused, expectNoAxeViolations, expectNoOverflow, openAllDetails } from './suite.mjs';

const num = async (page, sel) => Number(await page.getAttribute(sel, 'data-value'));
const LAB = '?lab=map-reduce';

/** Every way's readouts: identical pixels, same histogram, bytes copied and transferred. */
async function wayNumbers(page, way) {
  const box = `#way-${way}`;
  return {
    identical: await num(page, `${box} [data-identical]`),
    histSame: await num(page, `${box} [data-hist-same]`),
    copied: await num(page, `${box} [data-bytes]`),
    transferred: await num(page, `${box} [data-transferred]`),
    total: await num(page, `${box} [data-total]`),
    speedup: await num(page, `${box} [data-speedup]`),
    workers: await page.locator(`${box} tbody tr`).count(),
  };
}

/**
 * Drops a generated image file of `w × h` (a PNG made by the page's own
 * canvas) or raw `bytes` on the drop zone, as a learner dragging a file does.
 */
async function dropFile(page, { w, h, bytes, name, type }) {
  await page.evaluate(
    async ({ w, h, bytes, name, type }) => {
      let blob;
      if (bytes) blob = new Blob([new Uint8Array(bytes)], { type });
      else {
        const c = new OffscreenCanvas(w, h);
        const g = c.getContext('2d');
        g.fillStyle = '#3080c0';
        g.fillRect(0, 0, w, h);
        g.fillStyle = '#f0e040';
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        blob = await c.convertToBlob({ type: 'image/png' });
      }
      const dt = new DataTransfer();
      dt.items.add(new File([blob], name, { type: blob.type }));
      document.getElementById('mr-drop')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { w, h, bytes, name, type },
  );
}

describe('served with COOP/COEP (cross-origin isolated)', () => {
  const env = servedBrowser({ isolated: true });

  for (const [filter, more] of [
    ['gaussian', ''],
    ['threshold', '&uneven=1&schedule=static'],
  ]) {
    test(`${filter}${more}: the three ways produce the same pixels and histogram as one worker; tree and one combiner agree`, async () => {
      await withLab(env.browser, `${env.url}${LAB}&mode=all&filter=${filter}&width=400&height=300&tile=64&workers=3&radius=3${more}`, async (page) => {
        await page.check('input[name="predict"][value="most"]');
        await page.click('#run');
        await waitLabState(page);
        assert.equal(await labState(page), 'done', await page.textContent('#status'));
        for (const way of ['threads', 'interpreters', 'processes']) {
          const n = await wayNumbers(page, way);
          assert.equal(n.identical, 1, `${way}: every byte equals one worker's result`);
          assert.equal(n.histSame, 1, `${way}: the reduced histogram equals the whole image's`);
          assert.equal(n.workers, 3, `${way}: a row per worker`);
          assert.ok(n.total > 0 && n.speedup > 0, `${way}: timed`);
        }
        const threads = await wayNumbers(page, 'threads');
        const interps = await wayNumbers(page, 'interpreters');
        const procs = await wayNumbers(page, 'processes');
        assert.equal(threads.copied, 0, 'threads copy no pixel by message');
        assert.equal(interps.copied, 0, 'interpreters copy no pixel by message');
        // Processes: every window out (tile + halo) and every tile back: more than twice the image.
        assert.ok(procs.copied >= 2 * 400 * 300 * 4, `processes copied ${procs.copied} bytes`);
        assert.equal(procs.transferred, 0);
        assert.equal(await num(page, '#reduction [data-agree]'), 1, 'tree and one combiner agree');
        assert.equal(await num(page, '#reduction [data-rounds]'), 2, 'log₂ 3 rounded up');
        assert.equal(await page.locator('#reduction [data-tree] li').count(), 3, 'workers + two rounds drawn');
        // The reduction as played: every tree node and every one-combiner step lit, and both done.
        const fig = '#reduction [data-reduce-fig]';
        assert.equal(await page.getAttribute(fig, 'data-tree-done'), '1');
        assert.equal(await page.getAttribute(fig, 'data-chain-done'), '1');
        assert.equal(await page.locator(`${fig} svg[data-tree-svg] .node[data-done="1"]`).count(), 6, '3 workers, 2 nodes in round 1 (one passes up), the root');
        assert.equal(await page.locator(`${fig} svg[data-tree-svg] .node[data-done="0"]`).count(), 0);
        assert.equal(await page.locator(`${fig} svg[data-chain-svg] .node[data-done="1"]`).count(), 2, 'one combiner: W − 1 additions');
        // Amdahl's law for each way, from its own serial part, with its measured point at W = 3.
        assert.equal(await page.isVisible('#mr-amdahl'), true);
        const series = JSON.parse((await page.getAttribute('#mr-amdahl [data-amdahl]', 'data-series')) ?? '{}');
        assert.deepEqual(Object.keys(series).sort(), ['interpreters', 'processes', 'threads']);
        for (const [way, sr] of Object.entries(series)) {
          assert.ok(sr.serial >= 0 && sr.serial <= 1, `${way}: serial share ${sr.serial}`);
          assert.ok(sr.predicted.length >= 4 && sr.predicted.every((v) => v > 0), `${way}: a predicted curve`);
          assert.equal(sr.measured.length, 1);
          assert.equal(sr.measured[0][0], 3);
          assert.ok(Math.abs(sr.measured[0][1] - (await num(page, `#way-${way} [data-speedup]`))) < 1e-9, `${way}: the point is the speedup shown`);
          const shown = await num(page, `#way-${way} [data-serial]`);
          assert.ok(Math.abs(shown - sr.serial) < 1e-3, `${way}: the readout shows the chart's serial share`);
          // Amdahl's law holds on the curve: S(n) ∝ 1 / (s + (1 − s) / n).
          const [s1, s2] = sr.predicted;
          const a = (n) => 1 / (sr.serial + (1 - sr.serial) / n);
          assert.ok(Math.abs(s2 / s1 - a(2) / a(1)) < 1e-3, `${way}: the curve is Amdahl's (${s1}, ${s2}, s = ${sr.serial})`);
        }
        assert.equal(await page.locator('#mr-amdahl [data-amdahl-table] tbody tr').count(), 3);
        assert.match(await page.textContent('#predict-feedback'), /copying/);
        assert.equal(await page.isVisible('#what-you-saw'), true);
        // Load balance is reported (logged, not asserted: timings are noisy here).
        console.log(`# ${filter}${more}: balance ${await page.textContent('#way-threads [data-balance]')} (threads), ${await page.textContent('#way-processes [data-balance]')} (processes)`);
        await shot(page, `mr-1-all-${filter}`);
      });
    });
  }

  test('the reduction is drawn while it happens: the tree finishes before the one combiner', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=isolated&filter=grayscale&width=256&height=256&tile=32&workers=8`, async (page) => {
      await page.click('#run');
      const fig = '#reduction [data-reduce-fig]';
      /** @type {Set<string>} */
      const states = new Set();
      while ((await labState(page)) === 'running') {
        const st = await page.evaluate((f) => {
          const e = /** @type {HTMLElement | null} */ (document.querySelector(f));
          return e?.dataset.step === undefined ? '' : `${e.dataset.step}:${e.dataset.treeDone}${e.dataset.chainDone}`;
        }, fig);
        if (st) states.add(st);
        if (st === '3:10') await shot(page, 'mr-6-tree-done-combiner-not');
        await page.waitForTimeout(40);
      }
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      // 8 workers: the tree needs 3 rounds, one combiner 7 additions; seen step by step.
      assert.ok(states.has('3:10') || states.has('4:10') || states.has('5:10'), `the tree done, the combiner not yet: ${[...states].join(' ')}`);
      assert.ok([...states].some((x) => /^[12]:00$/.test(x)), `an early step with neither done: ${[...states].join(' ')}`);
      assert.equal(await page.getAttribute(fig, 'data-step'), '7');
      assert.equal(await num(page, '#reduction [data-agree]'), 1);
    });
  });

  test('Stop while the reduction plays: the run ends stopped, the next run works', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=isolated&filter=grayscale&width=256&height=256&tile=32&workers=16`, async (page) => {
      await page.click('#run');
      await page.waitForFunction(() => /^Reducing/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
      await page.click('#stop');
      await waitLabState(page, ['stopped', 'done', 'error'], 5_000);
      assert.equal(await labState(page), 'stopped');
      assert.match(await page.textContent('#status'), /reduce step/);
      assert.equal(await page.getAttribute('#reduction [data-reduce-fig]', 'data-chain-done'), '0', 'the combiner did not finish');
      await page.fill('input[name="workers"]', '2');
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      assert.equal(await num(page, '#reduction [data-agree]'), 1);
    });
  });

  test('reduced motion: the reduction is drawn done at once, and agrees', async () => {
    await withLab(
      env.browser,
      `${env.url}${LAB}&mode=isolated&filter=grayscale&width=128&height=128&tile=32&workers=8`,
      async (page) => {
        await page.click('#run');
        await waitLabState(page);
        assert.equal(await labState(page), 'done', await page.textContent('#status'));
        const fig = '#reduction [data-reduce-fig]';
        assert.equal(await page.getAttribute(fig, 'data-chain-done'), '1');
        assert.equal(await page.locator(`${fig} .node[data-done="0"]`).count(), 0);
        assert.equal(await num(page, '#reduction [data-agree]'), 1);
      },
      { reducedMotion: 'reduce' },
    );
  });

  test('measure at fewer workers too: each way gets a point at W = 1 and at W = 2 beside its curve', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=all&filter=box&radius=2&width=320&height=240&tile=64&workers=2&sweep=1`, async (page) => {
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const series = JSON.parse((await page.getAttribute('#mr-amdahl [data-amdahl]', 'data-series')) ?? '{}');
      for (const way of ['threads', 'interpreters', 'processes']) {
        assert.deepEqual(series[way].measured.map(([n]) => n), [1, 2], `${way}: measured at W = 1 and 2`);
        assert.ok(series[way].measured.every(([, sp]) => sp > 0));
        assert.equal((await wayNumbers(page, way)).identical, 1, `${way}: the W = 2 run's pixels`);
      }
      console.log(`# sweep (noisy, shared machine): ${JSON.stringify(Object.fromEntries(Object.entries(series).map(([w, v]) => [w, { s: v.serial, measured: v.measured }])))}`);
      await shot(page, 'mr-7-sweep');
    });
  });

  test('processes with transfer: bytes are moved, none copied; same pixels', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=isolated&filter=box&width=300&height=200&tile=50&workers=2&transfer=1`, async (page) => {
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const n = await wayNumbers(page, 'processes');
      assert.equal(n.copied, 0, 'nothing copied');
      assert.ok(n.transferred >= 2 * 300 * 200 * 4, `transferred ${n.transferred}`);
      assert.equal(n.identical, 1);
    });
  });

  test('your own image by drag and drop: filtered the same three ways', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=all&filter=grayscale&tile=32&workers=2`, async (page) => {
      await dropFile(page, { w: 120, h: 90, name: 'mine.png' });
      await page.waitForFunction(() => /mine\.png, 120 × 90/.test(document.getElementById('mr-source')?.textContent ?? ''));
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      for (const way of ['threads', 'interpreters', 'processes']) assert.equal((await wayNumbers(page, way)).identical, 1, way);
      assert.equal(await page.evaluate(() => document.querySelector('#way-threads canvas')?.getAttribute('width')), '120');
    });
  });

  test('a huge image is refused with the limit stated, and nothing runs', async () => {
    await withLab(env.browser, `${env.url}${LAB}`, async (page) => {
      await dropFile(page, { w: 5000, h: 8, name: 'wide.png' });
      await page.waitForFunction(() => !document.getElementById('param-errors')?.hidden);
      await expectRefused(page, /wide\.png” is 5000 × 8 pixels; the limit is 4096 × 4096/);
      await shot(page, 'mr-2-huge-refused');
      await page.click('#mr-generated');
      assert.equal(await page.isEnabled('#run'), true, 'the generated image can run again');
    });
  });

  test('a file that is not an image is refused, and nothing runs', async () => {
    await withLab(env.browser, `${env.url}${LAB}`, async (page) => {
      await page.setInputFiles('#mr-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await page.waitForFunction(() => !document.getElementById('param-errors')?.hidden);
      await expectRefused(page, /notes\.txt” is not an image/);
      await page.setInputFiles('#mr-file', { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a png at all') });
      await page.waitForFunction(() => /could not be decoded/.test(document.getElementById('param-errors')?.textContent ?? ''));
      await expectRefused(page, /broken\.png” could not be decoded/);
    });
  });

  for (const mode of ['threads', 'interpreters', 'isolated']) {
    test(`Stop mid-image (${mode}): the run ends, part of the image is done, the next run works`, async () => {
      await withLab(env.browser, `${env.url}${LAB}&mode=${mode}&filter=gaussian&radius=8&width=2048&height=2048&tile=64&workers=2&slow=1`, async (page) => {
        await page.click('#run');
        const way = mode === 'isolated' ? 'processes' : mode;
        // Wait until the way itself runs (the baseline comes first).
        await page.waitForFunction((w) => new RegExp(`^${w}`, 'i').test(document.getElementById('status')?.textContent ?? ''), way, { timeout: 60_000 });
        // Stop while it runs: no fixed pause (on a loaded machine one can outlast a short way).
        await page.click('#stop', { timeout: 5_000 });
        await waitLabState(page, ['stopped', 'done', 'error'], 10_000);
        assert.equal(await labState(page), 'stopped', await page.textContent('#status'));
        assert.match(await page.textContent('#status'), /Stopped mid-image/);
        await page.selectOption('select[name="filter"]', 'grayscale');
        await page.fill('input[name="width"]', '200');
        await page.fill('input[name="height"]', '100');
        await page.uncheck('input[name="slow"]');
        await page.click('#run');
        await waitLabState(page);
        assert.equal(await labState(page), 'done', await page.textContent('#status'));
        assert.equal((await wayNumbers(page, way)).identical, 1);
      });
    });
  }

  test('bench figures on a large blur (logged, never asserted: the machine is shared)', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=all&filter=gaussian&radius=4&width=2048&height=2048&tile=128`, async (page) => {
      await page.click('#run');
      await waitLabState(page, ['done', 'error', 'stopped'], 300_000);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const results = await page.evaluate(() => document.getElementById('status')?.textContent);
      console.log(`# bench (wasm, ${await page.evaluate(() => navigator.hardwareConcurrency)} cores): ${results}`);
      for (const way of ['threads', 'interpreters', 'processes']) assert.equal((await wayNumbers(page, way)).identical, 1, way);
    });
  });

  test('axe-clean after a run, light and dark; no sideways scrolling on phones and tablets', async () => {
    for (const colorScheme of ['light', 'dark']) {
      await withLab(
        env.browser,
        `${env.url}${LAB}&mode=all&width=640&height=480&tile=64&workers=2`,
        async (page) => {
          await page.click('#run');
          await waitLabState(page);
          await openAllDetails(page);
          await expectNoAxeViolations(page, `map-reduce ${colorScheme}`);
          await expectNoOverflow(page, `map-reduce ${colorScheme}`);
          await page.setViewportSize({ width: 1280, height: 900 });
          await shot(page, `mr-3-desktop-${colorScheme}`);
          await page.setViewportSize({ width: 390, height: 900 });
          await shot(page, `mr-4-phone-${colorScheme}`);
        },
        { colorScheme },
      );
    }
  });
});

describe('served without COOP/COEP (degraded mode)', () => {
  const env = servedBrowser({ isolated: false });

  test('processes still run, same pixels; the shared ways say why they cannot', async () => {
    await withLab(env.browser, `${env.url}${LAB}&width=300&height=200&tile=64&workers=2`, async (page) => {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      assert.equal(await page.isChecked('input[name="mode"][value="isolated"]'), true);
      assert.equal(await page.isDisabled('input[name="mode"][value="threads"]'), true);
      assert.match(await page.textContent('#way-threads [data-unavailable]'), /Shared memory is not available/);
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const n = await wayNumbers(page, 'processes');
      assert.equal(n.identical, 1);
      assert.ok(n.copied > 0);
      await shot(page, 'mr-5-degraded');
    });
  });

  test('a tiny image on the coarse clock: every speedup is a number or "too short to measure", never 0.00×, NaN or Infinity', async () => {
    // Without isolation performance.now() ticks in 0.1 ms: a 16 × 16 image on one worker takes about that long.
    await withLab(env.browser, `${env.url}${LAB}&width=16&height=16&tile=16&workers=2&sweep=1`, async (page) => {
      await page.click('#run');
      await waitLabState(page);
      assert.equal(await labState(page), 'done', await page.textContent('#status'));
      const shown = await page.textContent('#way-processes [data-speedup]');
      const value = await page.getAttribute('#way-processes [data-speedup]', 'data-value');
      assert.ok(/^too short to measure$/.test(shown) ? value === '' : /^\d+\.?\d*×$/.test(shown) && Number(value) > 0, `shown ${shown}, value ${value}`);
      const text = `${await page.textContent('#main')} ${await page.textContent('#status')}`;
      assert.doesNotMatch(text, /(?<![\d.])0\.00×|NaN|Infinity/, 'no speedup rounds to zero or divides by zero');
      const series = JSON.parse((await page.getAttribute('#mr-amdahl [data-amdahl]', 'data-series')) ?? '{}');
      for (const [, sp] of series.processes?.measured ?? []) assert.ok(Number.isFinite(sp) && sp > 0, `plotted point ${sp}`);
      if (value === '') assert.match(await page.textContent('#mr-amdahl [data-amdahl-key]'), /too short to measure with this browser’s clock, so there is no speedup to plot/);
      console.log(`# 16 × 16, coarse clock: processes speedup shown as “${shown}”`);
      await page.locator('#way-processes').screenshot({ path: `${ROOT}/test-output/mr-9-tiny-way.png` });
      await page.locator('#mr-amdahl').screenshot({ path: `${ROOT}/test-output/mr-9-tiny-amdahl.png` });
    });
  });

  test('asking for interpreters there gets a message, not a run', async () => {
    await withLab(env.browser, `${env.url}${LAB}&mode=interpreters`, async (page) => {
      assert.match(await page.textContent('#param-errors'), /mode=interpreters needs shared memory/);
      assert.equal(await page.isDisabled('#run'), true);
    });
  });
});

test('the Python twin runs: same pixels, tree equals one combiner', async () => {
  const { stdout } = await promisify(execFile)('python3', [`${ROOT}/www/src/labs/map-reduce/map-reduce.py`], { timeout: 60_000 });
  assert.match(stdout, /processes: \d+ tiles on 4 workers; same pixels as one worker: True/);
  assert.match(stdout, /tree: 2 rounds; same as one combiner: True; same as the whole image: True/);
  assert.match(stdout, /interpreters: (same pixels as one worker: True|InterpreterPoolExecutor needs Python 3\.14)/);
});
