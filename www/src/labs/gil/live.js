// Lab `gil`: the per-frame view of one timeline — the holds the threads record
// in the shared `GIL_LAB` (crate/src/labs/gil/memory.rs), read straight from
// the memory they are writing, drawn as lanes, a table and a sentence.
import { el, fmt, fmtMs, swatch } from '../../views/dom.js';
import { colourOf } from '../../views/palette.js';
import { Timeline } from './timeline.js';

/** @typedef {import('./timeline.js').Hold} Hold */

const cores = navigator.hardwareConcurrency || 4;

/** The most holds in progress at one instant (a hold's end before another's start at the same µs). */
export function mostAtOnce(/** @type {Hold[]} */ holds) {
  /** @type {[number, number][]} */
  const edges = [];
  for (const h of holds) if (h.end > h.start) edges.push([h.start, 1], [h.end, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

/**
 * One log `k` (`consts.gil` or `consts.free`) of the lab's views: its
 * per-thread and per-hold slices.
 * @param {import('../../engine/memory-view.js').MemoryView} mem
 * @param {number} k
 */
export function logOf(mem, k) {
  /** @type {Record<string, Uint32Array>} every field of the GIL memory is a u32 */
  const v = mem.views;
  const T = mem.consts.maxThreads;
  const E = mem.consts.maxEvents;
  const per = (/** @type {Uint32Array} */ a, /** @type {number} */ n) => a.subarray(k * n, (k + 1) * n);
  return {
    count: per(v.count, 1),
    nowUs: per(v.nowUs, 1),
    generation: per(v.generation, 1),
    holds: per(v.holds, T),
    heldUs: per(v.heldUs, T),
    maxWaitUs: per(v.maxWaitUs, T),
    openSinceUs: per(v.openSinceUs, T),
    lane: per(v.lane, E),
    startUs: per(v.startUs, E),
    endUs: per(v.endUs, E),
  };
}

export class LaneView {
  /**
   * @param {HTMLElement} section the lane's `<section>` (ids inside start with `key`)
   * @param {'gil' | 'free'} key
   */
  constructor(section, key) {
    this.key = key;
    const $ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (section.querySelector(sel));
    this.$ = $;
    this.timeline = new Timeline(/** @type {HTMLCanvasElement} */ ($(`#${key}-timeline`)), key === 'free');
    /** @type {Hold[]} holds read so far in this run */
    this.holds = [];
    /** The log's generation those holds belong to (-1: none yet). */
    this.gen = -1;
    /** The most holds at one instant, as last counted, and when (performance.now()). */
    this.most = 0;
    this.countedAt = 0;
  }

  /** Per-thread rows for a run of `T` threads, and nothing read yet. */
  start(/** @type {number} */ T) {
    this.holds = [];
    this.gen = -1;
    this.most = 0;
    this.$(`#${this.key}-threads tbody`).replaceChildren(
      ...Array.from({ length: T }, (_, t) =>
        el(
          'tr',
          { 'data-thread': String(t) },
          el('th', { scope: 'row' }, swatch(colourOf(t)), ` T${t + 1}`),
          el('td', { class: 'holds' }, '0'),
          el('td', { class: 'held' }, '0'),
          el('td', { class: 'wait' }, this.key === 'gil' ? '0' : '– (no lock)'),
          el('td', { class: 'done' }, '0'),
        ),
      ),
    );
  }

  /**
   * Reads the holds recorded since the last call (a slot counts once its lane
   * word is set: the kernel stores it last). A new generation means a new run
   * or repeat: start over. If the generation changed while reading, what was
   * read may mix two runs: drop it and read again next time.
   * @param {ReturnType<typeof logOf>} log
   * @param {number} maxEvents
   */
  read(log, maxEvents) {
    const gen = Atomics.load(log.generation, 0);
    if (gen !== this.gen) {
      this.holds = [];
      this.gen = gen;
    }
    const count = Math.min(Atomics.load(log.count, 0), maxEvents);
    for (let i = this.holds.length; i < count; i++) {
      const lane = Atomics.load(log.lane, i);
      if (!lane) break;
      this.holds.push({ thread: lane - 1, start: log.startUs[i], end: log.endUs[i] });
    }
    if (Atomics.load(log.generation, 0) !== gen) {
      this.holds = [];
      this.gen = -1;
    }
  }

  /** Empty lanes, one per thread asked for, until a run fills them. */
  empty(/** @type {number} */ T) {
    this.timeline.draw([], T);
  }

  /**
   * Draws the timeline, the table and the summary from the shared memory.
   * @param {import('../../engine/memory-view.js').MemoryView} mem
   * @param {number} T threads
   * @param {number} work units per thread
   * @param {boolean} [final] the run is over: no open holds, the holder is nobody
   */
  draw(mem, T, work, final = false) {
    /** @type {Record<string, Uint32Array>} */
    const v = mem.views;
    const E = mem.consts.maxEvents;
    const log = logOf(mem, mem.consts[this.key]);
    this.read(log, E);
    const count = Atomics.load(log.count, 0);
    const nowUs = log.nowUs[0];
    const open = Array.from({ length: T }, (_, t) => (log.openSinceUs[t] ? log.openSinceUs[t] - 1 : null));
    this.timeline.draw(this.holds, T, final ? {} : { open, nowUs });
    const rows = this.$(`#${this.key}-threads tbody`).children;
    let held = 0;
    let maxWait = 0;
    const parts = [];
    for (let t = 0; t < T && t < rows.length; t++) {
      const r = /** @type {HTMLElement} */ (rows[t]);
      const cell = (/** @type {string} */ c) => /** @type {HTMLElement} */ (r.querySelector(c));
      const holds = log.holds[t];
      held += log.heldUs[t];
      maxWait = Math.max(maxWait, log.maxWaitUs[t]);
      cell('.holds').textContent = fmt(holds);
      cell('.held').textContent = fmtMs(log.heldUs[t] / 1000);
      if (this.key === 'gil') cell('.wait').textContent = fmtMs(log.maxWaitUs[t] / 1000);
      cell('.done').textContent = `${fmt(v.done[t])} of ${fmt(work)}`;
      r.dataset.holds = String(holds);
      parts.push(`T${t + 1} ${fmt(holds)} holds, ${fmtMs(log.heldUs[t] / 1000)} ms`);
    }
    if (this.key === 'gil') {
      const h = Atomics.load(v.holder, 0);
      const dd = this.$('#gil-holder');
      dd.textContent = final ? 'nobody (done)' : h ? `T${h}` : 'nobody (handing over)';
      dd.dataset.value = String(h);
    }
    // Counting needs a sort of every hold: live, 4 times a second is enough.
    const nowMs = performance.now();
    if (final || nowMs - this.countedAt > 250) {
      this.most = mostAtOnce(this.holds);
      this.countedAt = nowMs;
    }
    const most = this.most;
    const mostDd = this.$(`#${this.key}-most`);
    mostDd.textContent = most ? `${most} ${most === 1 ? 'thread' : 'threads'}` : '–';
    mostDd.dataset.value = String(most);
    const dropped = count > E ? ` (${fmt(count - E)} holds beyond the log’s ${fmt(E)} are counted but not drawn)` : '';
    const gilOnly =
      this.key === 'gil'
        ? ` Longest wait for the GIL: ${fmtMs(maxWait / 1000)} ms. Hand-overs: ${fmt(v.switches[0])}. Acquires that found it already held: ${v.violations[0]}.`
        : '';
    const sliced =
      this.key === 'free' && most > cores
        ? ` This machine has ${cores} cores: at most ${cores} threads really compute at once; the OS time-slices the others, so their stretches overlap in time while each runs only part of it.`
        : '';
    const summary = this.$(`#${this.key}-summary`);
    summary.textContent = `${fmt(count)} holds in all, ${fmtMs(held / 1000)} ms computed: ${parts.join('; ')}. At most ${most} computing at one instant.${gilOnly}${sliced}${dropped}`;
    summary.dataset.violations = String(v.violations[0]);
    return { most, holds: count, switches: v.switches[0], maxWaitMs: maxWait / 1000 };
  }
}
