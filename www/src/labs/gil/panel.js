// Lab `gil`, page side: the panel. One CPU-bound task, four ways: sequential
// (the baseline), threads that must hold one global lock to compute (the GIL),
// the same threads without it (free-threaded), and isolated workers
// (processes). Its markup is markup.js, its per-frame view live.js (over the
// timeline drawing, timeline.js), its code in the engine workers threads.js
// and process.js.
import './gil.css';
import python from './gil.py?raw';
import meta from './meta.js';
import { PREDICT, ROWS, panelHtml } from './markup.js';
import { LaneView } from './live.js';
import { LiveLoop } from '../../views/live.js';
import { MSG } from '../../engine/messages.js';
import { bindPredict } from '../../views/predict.js';
import { el, fmtMs } from '../../views/dom.js';
import { labControls } from '../../views/param-form.js';
import { RunController, stopSide } from '../../views/run-controller.js';

const { title, schema } = meta;
export { title, schema };

const hex = (/** @type {bigint} */ b) => `0x${b.toString(16).padStart(16, '0')}`;
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * @typedef {{stopped: true, how: string}} Stopped
 * @typedef {{stopped: false, ms: number, checksum: bigint, most?: number, switches?: number}} Timed
 * @typedef {{ms: number, checksum: string, speedup?: number, most?: number, switches?: number}} RowResult
 */

const BETWEEN = 'Stop was pressed between two steps, so the next one did not start';

/**
 * @param {HTMLElement} root
 * @param {import('../../main.js').LabContext} ctx
 */
export function mount(root, ctx) {
  const values = { ...ctx.values };
  root.innerHTML = panelHtml(schema);
  const { $, form, runBtn, stopBtn, status, errorsBox } = labControls(root);
  $('#python-code').textContent = python;
  const intervalMs = el('span', { id: 'interval-ms' });
  $('#interval-help').append(' · ', intervalMs);
  const showInterval = () => {
    intervalMs.textContent = Number.isFinite(values.interval) ? `= ${values.interval / 1000} ms` : '';
  };
  showInterval();

  if (!ctx.shared) {
    $('#threads-off').hidden = false;
    for (const k of ['gil', 'free']) {
      const sec = $(`#${k}-view`);
      const note = /** @type {HTMLElement} */ (sec.querySelector('.gil-unavailable'));
      note.hidden = false;
      note.textContent = 'Threads are off: this page has no shared memory. See the isolated workers (c).';
      /** @type {HTMLElement} */ (sec.querySelector('.gil-body')).hidden = true;
    }
    for (const [k, , where] of ROWS) {
      if (where === 'shared') /** @type {HTMLElement} */ (root.querySelector(`tr[data-row="${k}"] .t`)).textContent = 'off (no shared memory)';
    }
  }

  const lanes = { gil: new LaneView($('#gil-view'), 'gil'), free: new LaneView($('#free-view'), 'free') };
  // Empty lanes until a run fills them, one per thread asked for.
  const emptyLanes = () => {
    if (runner?.running || !ctx.shared || !Number.isInteger(values.threads)) return;
    for (const k of /** @type {const} */ (['gil', 'free'])) {
      if ($(`#${k}-summary`).textContent === 'Not run yet.') lanes[k].empty(values.threads);
    }
  };

  const cell = (/** @type {string} */ row, /** @type {string} */ col, /** @type {string} */ text, /** @type {string} */ value) => {
    const td = /** @type {HTMLElement} */ (root.querySelector(`tr[data-row="${row}"] .${col}`));
    td.textContent = text;
    td.dataset.value = value;
  };
  const setDd = (/** @type {string} */ id, /** @type {string} */ text, /** @type {string} */ value) => {
    const dd = $(id);
    dd.textContent = text;
    dd.dataset.value = value;
  };

  const redraw = new LiveLoop();
  /** Resolves when Stop is pressed in the current run (workers still starting cannot be asked). */
  let stopSignal = Promise.resolve();
  let signalStop = () => {};

  /**
   * One threaded variant, `repeats` times.
   * @param {'seq' | 'gil' | 'free'} variant
   * @param {Record<string, number>} p
   * @returns {Promise<Stopped | Timed>}
   */
  async function runVariant(variant, p) {
    const shared = /** @type {import('../../engine/shared-runtime.js').SharedRuntime} */ (ctx.shared);
    const mem = /** @type {import('../../engine/memory-view.js').MemoryView} */ (shared.view(meta.id));
    const lane = variant === 'seq' ? null : lanes[variant];
    if (lane) {
      lane.start(p.threads);
      redraw.start(() => lane.draw(mem, p.threads, p.work), { timed: true });
    }
    const run = await shared.run(meta.id, { variant, ...p });
    redraw.stop();
    if (run.terminated) return { stopped: true, how: 'the coordinator did not stop, so it was ended and a fresh one started' };
    /** @type {import('./threads.js').Result} */
    const out = run.result;
    const seen = lane?.draw(mem, p.threads, p.work, true);
    if (out.stopped) return { stopped: true, how: 'every thread saw the stop word in shared memory and returned' };
    return { stopped: false, ms: median(out.elapsedUs) / 1000, checksum: out.checksum, most: seen?.most, switches: seen?.switches };
  }

  /**
   * Isolated: `n` workers share the units; timed on the page around the messages.
   * @param {number} n
   * @param {Record<string, number>} p
   * @param {boolean} showWorkers
   * @param {() => boolean} stopRequested
   * @returns {Promise<Stopped | Timed>}
   */
  async function runIsolated(n, p, showWorkers, stopRequested) {
    const iso = ctx.isolated;
    // A Stop while the workers start terminates them, and their start would
    // then never finish: wait for whichever comes first.
    await Promise.race([iso.ensure(n), stopSignal]);
    if (stopRequested()) return { stopped: true, how: 'every isolated worker was terminated' };
    const total = p.threads * p.work;
    const share = (/** @type {number} */ i) => {
      const first = Math.floor((i * total) / n);
      return { first, count: Math.floor(((i + 1) * total) / n) - first };
    };
    const times = [];
    /** @type {{computeMs: number, roundMs: number}[]} */
    let per = [];
    let checksum = 0n;
    for (let r = 0; r < p.repeats; r++) {
      if (stopRequested()) return { stopped: true, how: BETWEEN };
      per = Array.from({ length: n }, () => ({ computeMs: 0, roundMs: 0 }));
      checksum = 0n;
      const t0 = performance.now();
      const out = await iso.run(meta.id, n, share, (m) => {
        if (m.type !== MSG.ISO_DONE) return;
        /** @type {import('./process.js').Data} */
        const d = m.data;
        per[m.worker] = { computeMs: d.elapsedUs / 1000, roundMs: performance.now() - t0 };
        checksum = BigInt.asUintN(64, checksum + d.checksum);
      });
      if (out.stopped) return { stopped: true, how: 'every isolated worker was terminated' };
      times.push(performance.now() - t0);
    }
    if (showWorkers) {
      $('#iso-workers tbody').replaceChildren(
        ...per.map((w, i) => el('tr', {}, el('th', { scope: 'row' }, `Worker ${i + 1}`), el('td', {}, fmtMs(w.computeMs)), el('td', {}, fmtMs(w.roundMs)))),
      );
    }
    return { stopped: false, ms: median(times), checksum };
  }

  /** @type {'shared' | 'isolated' | null} */
  let active = null;
  const controls = { form, runBtn, stopBtn, status };
  /** @type {RunController} */
  const runner = new RunController({
    root,
    controls,
    values,
    start: async ({ params: p, stopRequested, say }) => {
      stopSignal = new Promise((resolve) => {
        signalStop = () => resolve(undefined);
      });
      for (const [k, , where] of ROWS) {
        if (where === 'shared' && !ctx.shared) continue;
        cell(k, 't', '…', '');
        cell(k, 's', '', '');
        cell(k, 'c', '', '');
      }
      setDd('#checksums', '–', '');
      /** @type {Record<string, Timed>} */
      const got = {};
      /** @type {Record<string, RowResult>} */
      const results = {};
      const record = (/** @type {string} */ k, /** @type {Timed} */ r, /** @type {string} */ base) => {
        got[k] = r;
        results[k] = { ms: r.ms, checksum: hex(r.checksum), most: r.most, switches: r.switches };
        cell(k, 't', fmtMs(r.ms), String(r.ms));
        cell(k, 'c', hex(r.checksum), hex(r.checksum));
        if (k !== base && got[base]) {
          const sp = got[base].ms / r.ms;
          cell(k, 's', `${sp.toFixed(2)}×`, String(sp));
          results[k].speedup = sp;
          if (k === 'gil' || k === 'free') {
            setDd(`#${k}-speedup`, `${sp.toFixed(2)}×`, String(sp));
            setDd(`#${k}-time`, `${fmtMs(r.ms)} ms`, String(r.ms));
          }
        } else if (k === base) cell(k, 's', '1 (baseline)', '1');
      };
      /** @type {string | null} */
      let stoppedHow = null;
      try {
        if (ctx.shared) {
          active = 'shared';
          say(`Starting a pool of ${p.threads} threads…`);
          await ctx.shared.ensure(p.threads);
          for (const [variant, what] of /** @type {const} */ ([
            ['seq', 'the sequential baseline on one thread'],
            ['gil', `${p.threads} threads taking turns with the GIL`],
            ['free', `${p.threads} threads without the GIL`],
          ])) {
            if (stopRequested()) {
              stoppedHow = BETWEEN;
              break;
            }
            say(`Running ${what}…`);
            const r = await runVariant(variant, p);
            if (r.stopped) {
              stoppedHow = r.how;
              break;
            }
            record(variant, r, 'seq');
          }
        }
        if (stoppedHow === null && stopRequested()) stoppedHow = BETWEEN;
        if (stoppedHow === null) {
          active = 'isolated';
          say('Running the sequential baseline in one isolated worker…');
          const one = await runIsolated(1, p, false, stopRequested);
          if (one.stopped) stoppedHow = one.how;
          else if (stopRequested()) stoppedHow = BETWEEN;
          else {
            record('iso-seq', one, 'iso-seq');
            say(`Running ${p.threads} isolated workers…`);
            const r = await runIsolated(p.threads, p, true, stopRequested);
            if (r.stopped) stoppedHow = r.how;
            else record('iso', r, 'iso-seq');
          }
        }
      } finally {
        redraw.stop();
        active = null;
      }
      if (stoppedHow !== null) {
        for (const [k, , where] of ROWS) {
          const td = /** @type {HTMLElement} */ (root.querySelector(`tr[data-row="${k}"] .t`));
          if (td.textContent === '…' && (where === 'isolated' || ctx.shared)) td.textContent = 'stopped';
        }
        return { state: 'stopped', summary: `Stopped: ${stoppedHow}.`, results };
      }
      const sums = Object.values(got).map((r) => r.checksum);
      const same = sums.every((c) => c === sums[0]);
      setDd(
        '#checksums',
        same
          ? `All ${sums.length} checksums are equal (${hex(sums[0])}): every variant did exactly the same work.`
          : `The checksums differ: ${sums.map(hex).join(', ')}.`,
        same ? 'equal' : 'differ',
      );
      const sp = (/** @type {string} */ k) => (results[k]?.speedup ? `${results[k].speedup?.toFixed(2)}×` : '');
      giveFeedback();
      return {
        state: 'done',
        summary: ctx.shared
          ? `Done. Speedup with the GIL ${sp('gil')}, free-threaded ${sp('free')}, isolated workers ${sp('iso')}. ${same ? 'All checksums equal.' : 'Checksums differ!'}`
          : `Done (threads off here). Isolated workers: speedup ${sp('iso')}. ${same ? 'Checksums equal.' : 'Checksums differ!'}`,
        results,
        saw: sawOf(results, p, same),
      };
    },
    stop: async () => {
      signalStop();
      await stopSide(ctx, active);
    },
    params: { errorsBox, schema, ctx, onValues: () => {
      showInterval();
      emptyLanes();
    } },
  });
  emptyLanes();

  bindPredict(root, PREDICT);

  function giveFeedback() {
    const choice = /** @type {HTMLInputElement | null} */ (root.querySelector('input[name="predict"]:checked'));
    const verdict = !choice ? '' : choice.value === 'same' ? 'Your prediction fits. ' : 'Not quite. ';
    $('#predict-feedback').textContent =
      `${verdict}With the GIL only one thread computes at any instant, so T threads need about as long as one thread doing ` +
      'all the work (a little longer: every hand-over costs a wake-up). Without the GIL, or in separate processes, ' +
      'the work spreads over the cores.';
  }

  return {
    dispose() {
      redraw.stop();
    },
  };
}

/**
 * The run's lesson in plain words, from its own numbers.
 * @param {Record<string, RowResult>} r
 * @param {Record<string, number>} p
 * @param {boolean} same every checksum was equal
 */
function sawOf(r, p, same) {
  const x = (/** @type {number | undefined} */ v) => `${(v ?? 0).toFixed(2)}×`;
  const parts = [];
  if (r.gil && r.free) {
    parts.push(
      `${p.threads} threads holding the GIL finished the work ${x(r.gil.speedup)} as fast as one thread alone: the timeline shows them taking turns — never more than ${r.gil.most ?? 1} computing at once, ${r.gil.switches ?? 0} hand-over${r.gil.switches === 1 ? '' : 's'}.`,
      `Without the GIL the same threads got ${x(r.free.speedup)}, with up to ${r.free.most ?? 0} computing at the same instant.`,
    );
  }
  if (r.iso) parts.push(`${p.threads} isolated workers, each with its own memory (and, in Python, its own GIL), got ${x(r.iso.speedup)}, messages included.`);
  parts.push(same ? 'Every way computed the same checksum: the same work, only where and when it ran differs.' : 'The checksums differ — that would be a bug.');
  return parts.join(' ');
}
