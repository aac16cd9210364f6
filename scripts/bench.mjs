// `npm run bench`: measures the real engine against its targets, in one run,
// in headless Chromium, and prints one table (and writes bench-output/bench.json
// and bench-output/bench.md).
//
//   1. set-up (as `npm test`), release wasm builds + wasm-opt, Vite build into
//      bench-output/dist (THREADLAB_DIST; dist/ is left alone)
//   2. P2's native figure: `cargo run --release --example bench_kernel`
//   3. the built app served with COOP/COEP (Vite preview), Chromium opens
//      `?lab=bench`, clicks Run — the very code a learner runs — and reads the
//      results the page keeps in `threadlabBench.last`
//   4. P6: the first lab loaded cold a few times: bytes (gzip, as a static host
//      would send them), time to interactive, then bytes until its first run
//   5. S: the stepper's explorer on every sample, states per second natively
//      (`--example stepper_bench`) and in the page's exploring worker, and the
//      states it visits against naive enumeration of every interleaving
//
// Options: --quick (small sizes, for a smoke run), --no-build (reuse the build),
// and any bench parameter as name=value (n, repeats, threads, mib, rounds, paintms).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, run } from './lib.mjs';
import { stats } from '../www/src/stats.js';

const args = process.argv.slice(2);
const OUT = join(ROOT, 'bench-output');
process.env.THREADLAB_DIST ??= join(OUT, 'dist');
const DIST = process.env.THREADLAB_DIST;
mkdirSync(OUT, { recursive: true });

const QUICK = { n: 4_000_000, repeats: 3, mib: 16, rounds: 1024, paintms: 1000 };
/** @type {Record<string, number>} */
const params = { repeats: 7, ...(args.includes('--quick') ? QUICK : {}) };
for (const a of args) {
  const m = a.match(/^(\w+)=(\d+)$/);
  if (m) params[m[1]] = Number(m[2]);
}
const LOADS = args.includes('--quick') ? 2 : 5;

const log = (/** @type {string} */ s) => console.log(`[bench] ${s}`);

// 1. Set-up and release build.
if (!args.includes('--no-build')) {
  const { setup } = await import('./setup.mjs');
  setup({ browser: true, wasm: false });
  run('node', ['scripts/build-wasm.mjs', '--release']);
  run(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'www/vite.config.js', '--logLevel', 'warn']);
}

// 2. Native twin (P2). Same n and repeats as the page.
const { launch, openPage, serve, shot } = await import('../tests/browser.mjs');
const b = await launch();
const server = await serve({ isolated: true });
let results;
try {
  const { page, errors, context } = await openPage(b.browser);
  const query = new URLSearchParams({ lab: 'bench', ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  await page.goto(`${server.url}?${query}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  const cfg = await page.evaluate(() => {
    /** @type {Record<string, number>} */
    const o = {};
    for (const i of document.querySelectorAll('#controls input')) o[/** @type {HTMLInputElement} */ (i).name] = Number(/** @type {HTMLInputElement} */ (i).value);
    return o;
  });
  log(`config: ${JSON.stringify(cfg)} · ${cpus().length} cores (Node) · ${await page.evaluate(() => navigator.hardwareConcurrency)} (browser)`);

  log(`native kernel: cargo run --release --example bench_kernel -- ${cfg.n} ${cfg.repeats}`);
  const nat = JSON.parse(
    run('cargo', ['run', '--release', '-q', '-p', 'threadlab', '--example', 'bench_kernel', '--', String(cfg.n), String(cfg.repeats)], { quiet: true })
      .stdout.toString()
      .trim(),
  );
  const native = { seq: stats(nat.seqMs), par: stats(nat.parMs), threads: nat.threads, checksum: nat.checksum };

  // 3. The in-app page, driven by its own Run button.
  log('in-app measurements (P1–P5) in Chromium …');
  await page.click('#run');
  let lastStatus = '';
  const poll = setInterval(async () => {
    const s = await page.textContent('#status').catch(() => '');
    if (s && s !== lastStatus) log(`  ${(lastStatus = s)}`);
  }, 500);
  await page.waitForFunction(() => ['done', 'error', 'stopped'].includes(document.getElementById('main')?.dataset.state ?? ''), null, { timeout: 600_000 });
  clearInterval(poll);
  const state = await page.evaluate(() => document.getElementById('main')?.dataset.state);
  if (state !== 'done') throw new Error(`the bench page ended in "${state}": ${await page.textContent('#status')}`);
  const inApp = await page.evaluate(() => globalThis.threadlabBench.last);
  if (inApp.p1.checksum && inApp.p1.checksum !== native.checksum) throw new Error(`wasm and native sums disagree: ${inApp.p1.checksum} vs ${native.checksum}`);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  // 4. P6: the first lab, loaded cold (fresh context each time).
  log(`first load of the first lab, ${LOADS}× cold …`);
  const tti = [];
  /** @type {Map<string, number>} */
  let files = new Map();
  /** @type {Map<string, number>} */
  let filesRun = new Map();
  for (let i = 0; i < LOADS; i++) {
    const o = await openPage(b.browser);
    /** @type {Map<string, number>} */
    const seen = new Map();
    o.page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.origin === new URL(server.url).origin) seen.set(u.pathname, 0);
    });
    // When the page marks itself ready, remember the time (relative to navigation start).
    await o.page.addInitScript(() => {
      const mark = () => {
        if (document.documentElement?.dataset.ready !== 'true') return false;
        Object.assign(globalThis, { __readyAt: performance.now() });
        return true;
      };
      new MutationObserver((_, obs) => {
        if (mark()) obs.disconnect();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
    });
    await o.page.goto(`${server.url}?lab=threads-vs-processes&mode=both&workers=2&iters=20000`);
    await o.page.waitForFunction(() => globalThis.__readyAt !== undefined);
    tti.push(await o.page.evaluate(() => globalThis.__readyAt));
    if (i === 0) {
      files = new Map(seen);
      await o.page.click('#run');
      await o.page.waitForFunction(() => ['done', 'error', 'stopped'].includes(document.getElementById('main')?.dataset.state ?? ''), null, { timeout: 60_000 });
      filesRun = new Map(seen);
    }
    await o.context.close();
  }
  const gz = (/** @type {Map<string, number>} */ m) => {
    let raw = 0;
    let zipped = 0;
    const list = [];
    for (const p of m.keys()) {
      const f = join(DIST, p === '/' ? 'index.html' : decodeURIComponent(p.slice(1)));
      const body = readFileSync(f);
      const z = gzipSync(body, { level: 6 }).length;
      raw += body.length;
      zipped += z;
      list.push({ path: p, bytes: body.length, gzip: z });
    }
    return { raw, zipped, list };
  };
  const atReady = gz(files);
  const atRun = gz(filesRun);
  const firstLoad = { gzipBytes: atReady.zipped, rawBytes: atReady.raw, files: atReady.list, firstRunGzipBytes: atRun.zipped, firstRunFiles: atRun.list, interactiveMs: stats(tti) };

  // 5. The stepper's explorer: states per second natively and in the browser
  //    (the page's exploring worker, plain build), and states visited with
  //    de-duplication + partial-order reduction vs naive enumeration.
  const SB = args.includes('--quick') ? 20_000 : 200_000;
  log(`stepper exploration, state budget ${SB}: native (cargo run --release --example stepper_bench) …`);
  const stepNative = JSON.parse(
    run('cargo', ['run', '--release', '-q', '-p', 'threadlab', '--example', 'stepper_bench', '--', String(SB), '--json'], { quiet: true })
      .stdout.toString()
      .trim(),
  );
  log('stepper exploration in Chromium (each sample opened by URL, Explore clicked) …');
  const stepper = [];
  // Only the shipped samples open in the page (the native bench adds programs of its own: race-mini, deep).
  const samples = readdirSync(join(ROOT, 'crate', 'src', 'stepper', 'samples')).map((f) => f.replace(/\.py$/, ''));
  for (const nat of stepNative.filter((/** @type {any} */ r) => samples.includes(r.id))) {
    const o = await openPage(b.browser);
    await o.page.goto(`${server.url}?lab=stepper&sample=${nat.id}&mode=${nat.mode}&k=3&budget=${SB}`);
    await o.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    // Twice: the first exploration also pays for compiling the wasm (a fixed
    // few ms that dwarfs a 100-state program); the second runs warm in the
    // same worker, like every exploration after the first on a page.
    // Each exploration's time is cleared before it starts and awaited after: a run that ends in an
    // error (or two runs that take the same time) cannot leave this waiting.
    const explore = async () => {
      await o.page.evaluate(() => {
        const v = document.getElementById('explore-view');
        if (v) delete v.dataset.ms;
      });
      await o.page.click('#run');
      await o.page.waitForFunction(
        () => ['done', 'error', 'stopped'].includes(document.getElementById('main')?.dataset.state ?? '') && document.getElementById('explore-view')?.dataset.ms !== undefined,
        null,
        { timeout: 600_000 },
      );
      const state = await o.page.evaluate(() => document.getElementById('main')?.dataset.state);
      if (state !== 'done') throw new Error(`stepper ${nat.id}: the exploration ended ${state}: ${await o.page.textContent('#status')}`);
      return o.page.evaluate(() => ({ ...document.getElementById('explore-view')?.dataset }));
    };
    const cold = await explore();
    const web = await explore();
    await o.context.close();
    if (Number(web.states) !== nat.states) throw new Error(`stepper ${nat.id}: the browser explored ${web.states} states, native ${nat.states}`);
    stepper.push({
      id: nat.id, mode: nat.mode, states: nat.states, nativePerSec: nat.statesPerSec,
      webPerSec: Number(web.states) / (Number(web.ms) / 1000), coldMs: Number(cold.ms), warmMs: Number(web.ms),
      naive: nat.naiveStates, naiveComplete: nat.naiveComplete, complete: nat.complete,
      bytesPerState: nat.bytesPerState, peakBytes: nat.peakBytes,
    });
  }

  results = { ...inApp, native, firstLoad, stepper, nodeCores: cpus().length };
  const rows = await page.evaluate((r) => {
    globalThis.threadlabBench.show(r);
    return globalThis.threadlabBench.rows(r);
  }, results);
  // One extra row the page cannot know: the bytes until the first run.
  rows.push({ id: 'P6', measure: 'First lab: bytes until its first run (gzip, both wasm builds)', value: `${(atRun.zipped / 1000).toFixed(1)} KB`, num: atRun.zipped, range: '', target: '', met: null });
  const k = (/** @type {number} */ x) => `${Math.round(x / 1000).toLocaleString('en-US')} k/s`;
  for (const r of stepper) {
    const ratio = r.naive / Math.max(1, r.states);
    rows.push({
      id: 'S',
      measure: `Stepper \`${r.id}\` (${r.mode}): ${r.states.toLocaleString('en-US')} states${r.complete ? '' : ' (budget hit)'} vs naive ${r.naiveComplete ? '' : '≥ '}${r.naive.toLocaleString('en-US')} (${r.naiveComplete ? '' : '≥ '}${ratio.toFixed(ratio < 10 ? 1 : 0)}× fewer)`,
      value: `${k(r.webPerSec)} browser · ${k(r.nativePerSec)} native`,
      num: r.webPerSec,
      range: `browser ÷ native ${(r.webPerSec / r.nativePerSec).toFixed(2)} · first run ${r.coldMs.toFixed(1)} ms, warm ${r.warmMs.toFixed(1)} ms · memory ${r.bytesPerState ?? '?'} B/state (peak ${((r.peakBytes ?? 0) / 1e6).toFixed(1)} MB native)`,
      target: '',
      met: null,
    });
  }
  // The native bench's own programs (a deep one explores to the budget): memory linear in the states.
  for (const r of stepNative.filter((/** @type {any} */ x) => !samples.includes(x.id))) {
    rows.push({
      id: 'S',
      measure: `Stepper \`${r.id}\` (native only): ${r.states.toLocaleString('en-US')} states${r.complete ? '' : ' (budget hit)'}`,
      value: `${k(r.statesPerSec)} native`,
      num: r.statesPerSec,
      range: `memory ${r.bytesPerState ?? '?'} B/state (peak ${((r.peakBytes ?? 0) / 1e6).toFixed(1)} MB)`,
      target: '',
      met: null,
    });
  }
  results.rows = rows;
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, 'bench-npm-run-bench');
  await context.close();

  // The table.
  const line = (/** @type {string[]} */ c) => `| ${c.join(' | ')} |`;
  const md = [
    line(['', 'Measure', 'Median', 'Min–max', 'Target']),
    line(['---', '---', '---', '---', '---']),
    ...rows.map((r) => line([r.id, r.measure, r.value, r.range, r.target ? `${r.target} ${r.met === null ? '' : r.met ? '✓' : '✗ missed'}`.trim() : ''])),
  ].join('\n');
  const head = `${results.cores} cores (navigator.hardwareConcurrency), ${results.threads} threads · ${results.userAgent.match(/Chrom\w+\/[\d.]+/)?.[0] ?? 'Chromium'} · ` +
    `n=${cfg.n.toLocaleString('en-US')}, ${cfg.repeats} repeats, ${cfg.mib} MiB, ${cfg.rounds} round trips, ${cfg.paintms} ms paint · ${results.when}`;
  console.log(`\n${head}\n\n${md}\n`);
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(OUT, 'bench.md'), `${head}\n\n${md}\n`);
  log('wrote bench-output/bench.json and bench-output/bench.md; screenshot in test-output/bench-npm-run-bench.png');
} catch (e) {
  console.error(`[bench] FAILED: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  await server.close();
  await b.close();
}
