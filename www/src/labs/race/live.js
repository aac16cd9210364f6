// Lab `race`: the per-frame view of the three shared counters — read straight
// from the memory the threads are writing (the kernel's `RACE`), nothing copied.
import { el, fmt, fmtMs, swatch } from '../../views/dom.js';
import { VARIANTS, indexOf } from './variants.js';

/**
 * @typedef {{box: HTMLElement, counter: HTMLElement, steps: HTMLElement, lost: HTMLElement, fillSteps: HTMLElement,
 *   fillCount: HTMLElement, now: HTMLElement, spans: HTMLElement}} Lane
 * @typedef {{lost: number, us: number}} Done one variant in one complete repetition, as the memory holds it
 */

/** Set bits of a 32-bit mask. */
const bits = (/** @type {number} */ x) => {
  let n = 0;
  for (let m = x >>> 0; m; m &= m - 1) n++;
  return n;
};

export class RaceLanes {
  /**
   * @param {HTMLElement} container where the three lanes go
   * @param {{run: HTMLElement, pool: HTMLElement}} readout the run number and the pool threads that ran
   * @param {(done: Done[][], expected: number) => void} onRuns called when more repetitions are complete
   */
  constructor(container, readout, onRuns) {
    this.readout = readout;
    this.onRuns = onRuns;
    this.shownRunsDone = -1;
    /** Increments each variant did, as last drawn (kept while it is not running). */
    this.lastSteps = VARIANTS.map(() => 0);
    /** @type {Lane[]} in VARIANTS order */
    this.lanes = VARIANTS.map((v, i) => {
      const counter = el('dd', { 'data-race-counter': v.key, 'data-value': '0' }, '0');
      const steps = el('dd', { 'data-race-steps': v.key }, '0');
      const lost = el('dd', { 'data-race-lost': v.key, 'data-value': '0' }, '0');
      const fillSteps = el('span', { class: 'race-fill-steps' });
      const fillCount = el('span', { class: `race-fill-count race-${v.pattern}` });
      fillCount.style.backgroundColor = v.colour;
      const now = el('span', { class: 'race-now', hidden: '' }, 'running now');
      const spans = el('p', { class: 'race-spans', 'data-race-spans': v.key }, '');
      const box = el(
        'section',
        { class: 'race-lane', 'data-variant': v.key, 'aria-label': v.name },
        el('h3', {}, swatch(v.colour, `race-${v.pattern}`), ` ${i + 1}. ${v.name} `, now),
        el('pre', { class: 'race-code' }, el('code', {}, v.code)),
        el('span', { class: 'race-meter', 'aria-hidden': 'true' }, fillSteps, fillCount),
        el(
          'dl',
          { class: 'race-nums' },
          el('div', {}, el('dt', {}, 'Counter (shared memory)'), counter),
          el('div', {}, el('dt', {}, 'Increments done'), steps),
          el('div', {}, el('dt', {}, 'Lost'), lost),
        ),
        spans,
      );
      return { box, counter, steps, lost, fillSteps, fillCount, now, spans };
    });
    container.replaceChildren(...this.lanes.map((l) => l.box));
  }

  /** Before a run: nothing done yet. */
  reset() {
    this.shownRunsDone = -1;
    this.lastSteps.fill(0);
  }

  /** After a run: no lane is "running now". */
  idle() {
    for (const l of this.lanes) {
      l.now.hidden = true;
      l.box.dataset.running = 'false';
    }
  }

  /**
   * Draws the lanes from the lab's views over shared memory.
   * @param {import('../../engine/memory-view.js').MemoryView} mem
   * @param {number} threads T
   * @param {boolean} stopped a Stop was pressed: the lanes keep what they last showed
   */
  draw(mem, threads, stopped) {
    /** @type {Record<string, Uint32Array>} every field of the race memory is a u32 */
    const v = mem.views;
    const c = mem.consts;
    const expected = v.expected[0];
    const running = Atomics.load(v.running, 0);
    const run = v.run[0];
    VARIANTS.forEach((look, lane) => {
      const i = indexOf(c, look.key);
      const counter = Atomics.load(v.counters, i);
      if (running === i) {
        let s = 0;
        for (let t = 0; t < threads; t++) s += v.progress[t];
        // Progress is recorded every few thousand steps: the counter of an
        // exact variant may be a little ahead of it, never behind.
        this.lastSteps[lane] = Math.max(s, running === c.racy ? 0 : counter);
      } else if (!stopped) {
        // Has this variant finished a run? Then all T × N increments were done.
        const finished = run > 1 || (run === 1 && (running === c.idle ? v.runsDone[0] >= 1 : i < running));
        this.lastSteps[lane] = finished ? expected : 0;
      }
      this.drawSpans(v.spanUs.subarray(i * c.spansPerVariant, (i + 1) * c.spansPerVariant), lane, threads);
      const steps = this.lastSteps[lane];
      const lost = Math.max(0, steps - counter);
      const l = this.lanes[lane];
      l.counter.textContent = fmt(counter);
      l.counter.dataset.value = String(counter);
      l.steps.textContent = fmt(steps);
      l.lost.textContent = i === c.racy && running === i && lost > 0 ? `at least ${fmt(lost)}` : fmt(lost);
      l.lost.dataset.value = String(lost);
      l.fillSteps.style.width = `${expected ? (100 * steps) / expected : 0}%`;
      // The dark edge marks how far the increments got, when the counter lags behind.
      l.fillSteps.classList.toggle('race-gap', lost > 0);
      l.fillCount.style.width = `${expected ? (100 * Math.min(counter, expected)) / expected : 0}%`;
      l.now.hidden = running !== i;
      l.box.dataset.running = String(running === i);
    });
    this.readout.run.textContent = run ? `${fmt(Math.min(run, v.runs[0]))} of ${fmt(v.runs[0])}` : '–';
    const pool = bits(v.poolThreads[0]);
    this.readout.pool.textContent = pool ? String(pool) : '–';
    this.readout.pool.dataset.value = String(pool);
    const done = Atomics.load(v.runsDone, 0);
    if (done !== this.shownRunsDone && done > 0) {
      this.shownRunsDone = done;
      this.onRuns(readDone(mem, done), expected);
    }
  }

  /**
   * When each thread ran in a variant's latest run, in ms after the starting
   * line. Spans that overlap are threads that were running in the same
   * interval — on their own cores, or (on a busy machine) taking turns on one.
   * @param {Uint32Array} spans this variant's `[start, end]` per thread, µs
   * @param {number} lane
   * @param {number} threads
   */
  drawSpans(spans, lane, threads) {
    const parts = [];
    for (let t = 0; t < threads; t++) {
      const [a, b] = [spans[2 * t], spans[2 * t + 1]];
      if (a) parts.push(`${t + 1}: ${fmtMs(a / 1000)}–${b ? fmtMs(b / 1000) : '…'}`);
    }
    this.lanes[lane].spans.textContent = parts.length ? `Each thread ran (ms after the starting line) — ${parts.join(' · ')}` : '';
  }
}

/**
 * The complete repetitions as the memory holds them: `[r][lane]`, lanes in VARIANTS order.
 * @param {import('../../engine/memory-view.js').MemoryView} mem
 * @param {number} runs
 * @returns {Done[][]}
 */
function readDone(mem, runs) {
  /** @type {Record<string, Uint32Array>} */
  const { lost, timeUs } = mem.views;
  const n = mem.consts.variants;
  return Array.from({ length: runs }, (_, r) =>
    VARIANTS.map((look) => {
      const at = r * n + indexOf(mem.consts, look.key);
      return { lost: lost[at], us: timeUs[at] };
    }),
  );
}
