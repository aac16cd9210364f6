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
//   6. rows of the course labs, each lab opened by URL with its settings in the
//      query, Run pressed and what the page shows read back (io, memory-model,
//      lock-free, map-reduce; map-reduce's native figure from its `#[ignore]`
//      bench test, `cargo test --release … bench_blur_native`)
//
// Options: --quick (small sizes, for a smoke run), --no-build (reuse the build),
// --only <ids> (comma-separated, from P, S, io, memory-model, lock-free,
// map-reduce: only those rows; P is P1–P6, S the stepper's),
// and any bench parameter as name=value (n, repeats, threads, mib, rounds, paintms).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, run } from './lib.mjs';
import { stats } from '../www/src/stats.js';
import { stepperBench, stepperRows } from './bench-stepper.mjs';

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
const QUICKRUN = args.includes('--quick');

// --only io,memory-model (or --only=…): the sections to run.
const SECTIONS = ['P', 'S', 'io', 'memory-model', 'lock-free', 'map-reduce'];
const onlyAt = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
const onlyArg = onlyAt < 0 ? undefined : args[onlyAt].startsWith('--only=') ? args[onlyAt].slice(7) : args[onlyAt + 1];
const ONLY = onlyAt < 0 ? SECTIONS : (onlyArg ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const bad = ONLY.filter((x) => !SECTIONS.includes(x));
if (!ONLY.length || bad.length) {
  console.error(`[bench] --only takes a comma-separated list of ${SECTIONS.join(', ')}; got "${onlyArg ?? ''}"`);
  process.exit(2);
}
const want = (/** @type {string} */ id) => ONLY.includes(id);

const log = (/** @type {string} */ s) => console.log(`[bench] ${s}`);

// 1. Set-up and release build.
if (!args.includes('--no-build')) {
  const { setup } = await import('./setup.mjs');
  setup({ browser: true, wasm: false });
  run('node', ['scripts/build-wasm.mjs', '--release']);
  run(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'www/vite.config.js', '--logLevel', 'warn']);
} else {
  // `--no-build` serves what the last full bench built: say how old it is (a stale build shows an old page).
  const { statSync } = await import('node:fs');
  const built = (() => { try { return statSync(join(DIST, 'index.html')).mtime.toISOString(); } catch { return null; } })();
  if (!built) throw new Error(`--no-build: nothing built in ${DIST} yet (run once without --no-build)`);
  log(`--no-build: serving ${DIST}, built ${built}`);
}

// 2. Native twin (P2). Same n and repeats as the page.
const { launch, openPage, serve, shot } = await import('../tests/browser.mjs');
const b = await launch();
const server = await serve({ isolated: true });
let results;
/**
 * Opens a lab by URL (its settings in the query), presses Run — as a learner
 * does — and waits for the end; returns the open page (the caller closes it).
 * @param {string} query
 */
async function runLab(query, timeout = 600_000) {
  const o = await openPage(b.browser);
  await o.page.goto(`${server.url}?${query}`);
  await o.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await o.page.click('#run');
  await o.page.waitForFunction(() => ['done', 'error', 'stopped'].includes(document.getElementById('main')?.dataset.state ?? ''), null, { timeout });
  const state = await o.page.evaluate(() => document.getElementById('main')?.dataset.state);
  if (state !== 'done') throw new Error(`?${query}: the run ended "${state}": ${await o.page.textContent('#status')}`);
  if (o.errors.length) throw new Error(`?${query}: page errors: ${o.errors.join('; ')}`);
  return o;
}

/** A number the page printed ("1,234,567", "≈ 12.5 ms"). */
const printed = (/** @type {string | null | undefined} */ s, /** @type {RegExp} */ re) => {
  const m = (s ?? '').match(re);
  if (!m) throw new Error(`no number /${re.source}/ in "${s}"`);
  return Number(m[1].replace(/,/g, ''));
};
const f2 = (/** @type {number} */ x) => x.toFixed(2);
const pct = (/** @type {number} */ x) => `${Math.round(100 * x)} %`;

/**
 * Rows of the course labs (issues 13–15), each measured by driving the lab's own page.
 * @param {number} hc navigator.hardwareConcurrency
 */
async function labRows(hc) {
  /** @type {any[]} */
  const rows = [];
  /** @type {Record<string, any>} */
  const figures = {};
  const row = (/** @type {string} */ id, /** @type {string} */ measure, /** @type {string} */ value, num = 0, range = '', target = '', /** @type {boolean | null} */ met = null) =>
    rows.push({ id, measure, value, num, range, target, met });

  if (want('io')) {
    // The results table: each way's total (data-ms) and its model ("≈ X ms"); the loop's switches from "What you saw".
    const ioTable = async (/** @type {import('playwright-core').Page} */ p) => {
      const t = await p.$$eval('#io-results tbody tr', (trs) =>
        trs.map((tr) => [/** @type {HTMLElement} */ (tr).dataset.way, Number(/** @type {HTMLElement} */ (tr).dataset.ms), tr.querySelector('.model .v')?.textContent ?? '']),
      );
      return Object.fromEntries(t.map(([w, ms, model]) => [w, { ms, model: printed(/** @type {string} */ (model), /([\d.,]+)\s*ms/) }]));
    };
    // Overhead per switch: N = 64 tasks, no wait, no computing — the loop's total minus its modelled wait (L + N·c = 0), ÷ its switches.
    const reps = QUICKRUN ? 1 : 3;
    log(`io: event-loop overhead per switch, N = 64, L = 0, c = 0, ${reps}× …`);
    const perSwitch = [];
    let switches = 0;
    for (let i = 0; i < reps; i++) {
      const o = await runLab('lab=io&mode=ways&n=64&latency=0&jitter=0&cpu=0&workers=16');
      const t = await ioTable(o.page);
      switches = printed(await o.page.textContent('#what-you-saw'), /with ([\d,]+) switches/);
      perSwitch.push((1000 * (t.loop.ms - t.loop.model)) / Math.max(1, switches));
      await o.context.close();
    }
    const ps = stats(perSwitch);
    figures.ioSwitch = { usPerSwitch: ps, switches };
    row('io', 'Event loop: overhead per task switch (N = 64, L = 0, c = 0: loop total − modelled wait, ÷ switches)', `${ps.median.toFixed(1)} µs`, ps.median,
      `${ps.min.toFixed(1)}–${ps.max.toFixed(1)} µs · ${switches} switches a run · ${reps} run${reps > 1 ? 's' : ''}`);
    // Wait overlap against the model: N = 16 on W = 16, L = 100 ms, c = 0 (threads, loop and processes all model L).
    log('io: wait overlap against the model, N = 16, W = 16, L = 100 ms, c = 0 …');
    const o = await runLab('lab=io&mode=ways&n=16&latency=100&jitter=0&cpu=0&workers=16');
    const t = await ioTable(o.page);
    await o.context.close();
    const ratio = (/** @type {string} */ w) => t[w].ms / t[w].model;
    figures.ioOverlap = t;
    row('io', 'Wait overlap vs model (N = 16, W = 16, L = 100 ms, c = 0): measured total ÷ model', `threads ${f2(ratio('threads'))}× · loop ${f2(ratio('loop'))}×`, ratio('loop'),
      `threads ${t.threads.ms.toFixed(0)} / ${t.threads.model} ms · loop ${t.loop.ms.toFixed(0)} / ${t.loop.model} ms · processes ${f2(ratio('processes'))}× · sequential ${f2(ratio('sequential'))}×`);
  }

  if (want('memory-model')) {
    const iters = QUICKRUN ? 2_000_000 : 5_000_000;
    log(`memory-model: SB, plain accesses, ${iters.toLocaleString('en-US')} iterations …`);
    const o = await runLab(`lab=memory-model&test=sb&access=plain&iters=${iters}`);
    // The final status: "Done: N iterations in T ms (R a second); …".
    const status = await o.page.textContent('#status');
    const rate = printed(status, /\(([\d,]+) a second\)/);
    const forbidden = Number(await o.page.getAttribute('#mm-forbidden', 'data-value'));
    await o.context.close();
    figures.litmus = { iters, perSecond: rate, forbidden };
    row('MM', `Litmus SB, plain accesses: iterations per second (${iters.toLocaleString('en-US')} iterations, ${hc} cores)`, `${(rate / 1e6).toFixed(2)} M/s`, rate,
      `forbidden outcome (0, 0) seen ${forbidden.toLocaleString('en-US')} times`, '≥ 1 M/s', rate >= 1e6);
  }

  if (want('lock-free')) {
    const P = Math.max(2, hc);
    const ops = QUICKRUN ? 50_000 : 200_000;
    log(`lock-free: throughput on 1…${P} threads, ${ops.toLocaleString('en-US')} ops per thread …`);
    const o = await runLab(`lab=lock-free&test=throughput&threads=${P}&ops=${ops}`);
    const trs = await o.page.$$eval('#results tbody tr', (r) => r.map((tr) => ({ .../** @type {HTMLElement} */ (tr).dataset })));
    await o.context.close();
    const at = (/** @type {string} */ s, /** @type {number} */ n) => Number(trs.find((r) => r.structure === s && Number(r.n) === n)?.mops);
    figures.lockFree = trs;
    for (const n of [...new Set([1, 2, hc])]) {
      const tr = at('treiber-stack', n);
      const mu = at('mutex-stack', n);
      if (!(tr > 0 && mu > 0)) throw new Error(`lock-free: no throughput at n = ${n} in ${JSON.stringify(trs)}`);
      row('LF', `Treiber stack vs mutex stack, ${n} thread${n > 1 ? 's' : ''}${n === hc ? ' (all)' : ''}: M ops/s (${ops.toLocaleString('en-US')} ops per thread)`,
        `${f2(tr)} vs ${f2(mu)}`, tr, `Treiber ÷ mutex ${f2(tr / mu)}×`);
    }
  }

  if (want('map-reduce')) {
    // 2048² (as the native bench test, for wasm vs native) also with --quick.
    // The lab runs MR_RUNS times (its one-worker baseline too): medians, with min–max.
    const side = 2048;
    const MR_RUNS = QUICKRUN ? 1 : 3;
    log(`map-reduce: Gaussian blur r = 4 on a generated ${side} × ${side} image, the three ways on ${hc} workers, ${MR_RUNS} run(s) …`);
    /** @type {Array<Record<string, {total: number, speedup: number, copyShare: number, identical: number}>>} */
    const runs = [];
    for (let i = 0; i < MR_RUNS; i++) {
      const o = await runLab(`lab=map-reduce&mode=all&filter=gaussian&radius=4&width=${side}&height=${side}&tile=128&workers=${hc}`);
      /** @type {Record<string, {total: number, speedup: number, copyShare: number, identical: number}>} */
      const w = {};
      for (const way of ['threads', 'interpreters', 'processes']) {
        const v = (/** @type {string} */ a) => o.page.getAttribute(`#way-${way} [${a}]`, 'data-value').then(Number);
        w[way] = { total: await v('data-total'), speedup: await v('data-speedup'), copyShare: await v('data-copy-share'), identical: await v('data-identical') };
        if (w[way].identical !== 1) throw new Error(`map-reduce: ${way} did not produce the one-worker pixels`);
      }
      await o.context.close();
      runs.push(w);
    }
    const med = (/** @type {(w: typeof runs[0]) => number} */ f) => stats(runs.map(f));
    const span = (/** @type {{min: number, max: number}} */ x, digits = 2, unit = '×') => (MR_RUNS > 1 ? ` (${x.min.toFixed(digits)}–${x.max.toFixed(digits)}${unit})` : '');
    // The one-worker baseline the page divides by: total × speedup.
    const base = med((w) => w.threads.total * w.threads.speedup);
    const sp = Object.fromEntries(['threads', 'interpreters', 'processes'].map((way) => [way, med((w) => w[way].speedup)]));
    const copy = Object.fromEntries(['threads', 'interpreters', 'processes'].map((way) => [way, med((w) => w[way].copyShare)]));
    const threadsMs = med((w) => w.threads.total);
    log('map-reduce native: cargo test --release -p threadlab --lib map_reduce::tests::bench_blur_native -- --ignored --nocapture');
    const out = run('cargo', ['test', '--release', '-q', '-p', 'threadlab', '--lib', 'map_reduce::tests::bench_blur_native', '--', '--ignored', '--nocapture'], { quiet: true }).stdout.toString();
    const m = out.match(/# native gaussian r=4 (\d+)x(\d+): sequential ([\d.]+) ms, (\d+) threads ([\d.]+) ms/);
    if (!m) throw new Error(`map-reduce native bench printed no figure:\n${out}`);
    const nat = { side: Number(m[1]), seqMs: Number(m[3]), threads: Number(m[4]), parMs: Number(m[5]) };
    figures.mapReduce = { side, workers: hc, runs, baseMs: base, native: nat };
    const target = 0.9 * hc;
    row('MR', `Gaussian blur r = 4, ${side} × ${side}: threads on all ${hc} workers, speedup over one worker (median of ${MR_RUNS})`, `${f2(sp.threads.median)}×`, sp.threads.median,
      `${f2(sp.threads.min)}–${f2(sp.threads.max)}× · one worker ${base.median.toFixed(0)} ms${span(base, 0, ' ms')}, threads ${threadsMs.median.toFixed(0)} ms · interpreters ${f2(sp.interpreters.median)}×, processes ${f2(sp.processes.median)}×`,
      `≥ ${f2(target)}× (0.9 × cores)`, sp.threads.median >= target);
    row('MR', `Share of worker time spent copying: processes vs interpreters (median of ${MR_RUNS})`, `${pct(copy.processes.median)} vs ${pct(copy.interpreters.median)}`, copy.processes.median,
      `processes ${pct(copy.processes.min)}–${pct(copy.processes.max)}, interpreters ${pct(copy.interpreters.min)}–${pct(copy.interpreters.max)} · threads ${pct(copy.threads.median)}`);
    const same = nat.side === side;
    const ratio = base.median / nat.seqMs;
    row('MR', `Blur kernel, one worker: wasm (page, median of ${MR_RUNS}) ÷ native (bench_blur_native, ${nat.side}², best of 3)`, same ? `${f2(ratio)}×` : 'sizes differ', ratio,
      `wasm ${base.median.toFixed(0)} ms${span(base, 0, ' ms')} · native ${nat.seqMs.toFixed(0)} ms sequential, ${nat.parMs.toFixed(0)} ms on ${nat.threads} threads (${f2(nat.seqMs / nat.parMs)}×)`,
      '≤ 1.3×', same ? ratio <= 1.3 : null);
  }
  return { rows, figures };
}

try {
  const { page, errors, context } = await openPage(b.browser);
  const query = new URLSearchParams({ lab: 'bench', ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  // A navigation that fails (ERR_HTTP_RESPONSE_CODE_FAILURE: an error status with an empty body, seen once on a
  // loaded machine) is retried after a pause, with the status the server gave logged.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(`${server.url}?${query}`);
      break;
    } catch (e) {
      const status = await fetch(`${server.url}?${query}`).then((r) => r.status, (err) => String(err));
      log(`opening ?lab=bench failed (${e instanceof Error ? e.message.split('\n')[0] : e}; the server now answers ${status})`);
      if (attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  const cfg = await page.evaluate(() => {
    /** @type {Record<string, number>} */
    const o = {};
    for (const i of document.querySelectorAll('#controls input')) o[/** @type {HTMLInputElement} */ (i).name] = Number(/** @type {HTMLInputElement} */ (i).value);
    return o;
  });
  log(`config: ${JSON.stringify(cfg)} · ${cpus().length} cores (Node) · ${await page.evaluate(() => navigator.hardwareConcurrency)} (browser)`);

  const HC = await page.evaluate(() => navigator.hardwareConcurrency);
  /** @type {any} */
  let inApp = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, userAgent: navigator.userAgent, when: new Date().toISOString() }));
  /** @type {any} */
  let native;
  /** @type {any} */
  let firstLoad;
  let atRunGzip = 0;
  if (want('P')) {
  log(`native kernel: cargo run --release --example bench_kernel -- ${cfg.n} ${cfg.repeats}`);
  const nat = JSON.parse(
    run('cargo', ['run', '--release', '-q', '-p', 'threadlab', '--example', 'bench_kernel', '--', String(cfg.n), String(cfg.repeats)], { quiet: true })
      .stdout.toString()
      .trim(),
  );
  native = { seq: stats(nat.seqMs), par: stats(nat.parMs), threads: nat.threads, checksum: nat.checksum };

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
  inApp = await page.evaluate(() => globalThis.threadlabBench.last);
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
  atRunGzip = atRun.zipped;
  firstLoad = { gzipBytes: atReady.zipped, rawBytes: atReady.raw, files: atReady.list, firstRunGzipBytes: atRun.zipped, firstRunFiles: atRun.list, interactiveMs: stats(tti) };
  }

  // 5. The stepper's explorer: states per second natively and in the browser (scripts/bench-stepper.mjs).
  /** @type {{stepNative: any[], stepper: any[], samples: string[]}} */
  let S = { stepNative: [], stepper: [], samples: [] };
  if (want('S')) S = await stepperBench({ browser: b.browser, server, openPage, log, quick: args.includes('--quick') });
  const { stepper } = S;
  // 6. The course labs' rows.
  const labs = await labRows(HC);

  results = { ...inApp, native, firstLoad, stepper, labs: labs.figures, nodeCores: cpus().length };
  /** @type {any[]} */
  const rows = want('P')
    ? await page.evaluate((r) => {
        globalThis.threadlabBench.show(r);
        return globalThis.threadlabBench.rows(r);
      }, results)
    : [];
  // One extra row the page cannot know: the bytes until the first run.
  if (want('P')) rows.push({ id: 'P6', measure: 'First lab: bytes until its first run (gzip, both wasm builds)', value: `${(atRunGzip / 1000).toFixed(1)} KB`, num: atRunGzip, range: '', target: '', met: null });
  rows.push(...stepperRows(S));
  rows.push(...labs.rows);
  results.rows = rows;
  if (want('P')) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, 'bench-npm-run-bench');
  }
  await context.close();

  // The table.
  const line = (/** @type {string[]} */ c) => `| ${c.join(' | ')} |`;
  const md = [
    line(['', 'Measure', 'Median', 'Min–max', 'Target']),
    line(['---', '---', '---', '---', '---']),
    ...rows.map((r) => line([r.id, r.measure, r.value, r.range, r.target ? `${r.target} ${r.met === null ? '' : r.met ? '✓' : '✗ missed'}`.trim() : ''])),
  ].join('\n');
  const head = `${results.cores} cores (navigator.hardwareConcurrency)${results.threads ? `, ${results.threads} threads` : ''} · ${results.userAgent.match(/Chrom\w+\/[\d.]+/)?.[0] ?? 'Chromium'} · ` +
    (want('P') ? `n=${cfg.n.toLocaleString('en-US')}, ${cfg.repeats} repeats, ${cfg.mib} MiB, ${cfg.rounds} round trips, ${cfg.paintms} ms paint · ` : '') +
    `rows: ${ONLY.join(', ')}${QUICKRUN ? ' (--quick)' : ''} · ${results.when}`;
  console.log(`\n${head}\n\n${md}\n`);
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(OUT, 'bench.md'), `${head}\n\n${md}\n`);
  log(`wrote bench-output/bench.json and bench-output/bench.md${want('P') ? '; screenshot in test-output/bench-npm-run-bench.png' : ''}`);
} catch (e) {
  console.error(`[bench] FAILED: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  await server.close();
  await b.close();
}
