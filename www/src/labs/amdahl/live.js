// Lab `amdahl`: the live view — one row per thread (read from the lab's
// shared memory every frame) or per isolated worker (pieced together from
// its messages): is it working, and how far through the serial part and its
// own share is it.
import { el } from '../../views/dom.js';

/**
 * What the live view shows. `phase` by name.
 * @typedef {'idle' | 'serial' | 'parallel' | 'done' | 'stopped'} Phase
 * @typedef {{phase: Phase, n: number, serialDone: number, serialTotal: number,
 *   busy: number[], parDone: number[], parTotal: number[]}} Live
 */

/**
 * The phase names by code, from the layout's constants (`phaseSerial: 1` →
 * `names[1] = 'serial'`): the page copies no code.
 * @param {Record<string, number>} consts
 * @returns {Phase[]}
 */
export function phaseNames(consts) {
  /** @type {Phase[]} */
  const names = [];
  for (const [k, v] of Object.entries(consts)) {
    if (k.startsWith('phase')) names[v] = /** @type {Phase} */ (k[5].toLowerCase() + k.slice(6));
  }
  return names;
}

/**
 * The threads' shared memory, now.
 * @param {import('../../engine/memory-view.js').MemoryView} mem
 * @param {Phase[]} names
 * @returns {Live}
 */
export function readShared(mem, names) {
  const v = mem.views;
  const one = (/** @type {Uint32Array} */ a) => Atomics.load(a, 0);
  const n = Math.min(mem.consts.maxThreads, one(v.threads));
  const each = (/** @type {Uint32Array} */ a) => Array.from({ length: n }, (_, t) => Atomics.load(a, t));
  return {
    phase: names[one(v.phase)] ?? 'idle',
    n,
    serialDone: one(v.serialDone),
    serialTotal: one(v.serialTotal),
    busy: each(v.busy),
    parDone: each(v.parallelDone),
    parTotal: each(v.parallelTotal),
  };
}

/** 1234567 → "1.2 M", 4096 → "4 k". */
const steps = (/** @type {number} */ v) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : v >= 1e3 ? `${Math.round(v / 1e3)} k` : String(v));

const PHASE_WORDS = { idle: 'Not running.', serial: 'Serial phase', parallel: 'Parallel phase', done: 'Finished.', stopped: 'Stopped.' };

export class LiveView {
  /**
   * @param {HTMLTableSectionElement} tbody one row per thread or worker
   * @param {HTMLElement} phaseLine
   * @param {HTMLElement} seenBusy what the timed runs have seen so far
   */
  constructor(tbody, phaseLine, seenBusy) {
    this.tbody = tbody;
    this.phaseLine = phaseLine;
    this.seenBusy = seenBusy;
    /** @type {{row: HTMLElement, now: HTMLElement, serial: HTMLElement, serialText: HTMLElement, par: HTMLElement, parText: HTMLElement}[]} */
    this.rows = [];
    this.noun = '';
    /** Most threads seen working at once in each phase of the timed runs. */
    this.maxBusy = { serial: 0, parallel: 0 };
    /** What the phase line starts with (`n = 2, run 1 of 3`). */
    this.label = '';
    /** During an untimed warm-up nothing counts as "seen". */
    this.warming = false;
  }

  reset() {
    this.maxBusy = { serial: 0, parallel: 0 };
  }

  /** @param {number} n @param {string} noun */
  build(n, noun) {
    this.rows = [];
    this.noun = noun;
    this.tbody.replaceChildren(
      ...Array.from({ length: n }, (_, t) => {
        const serial = el('span', { class: 'bar-fill hatched' });
        const par = el('span', { class: 'bar-fill' });
        const r = {
          row: el('tr', { 'data-thread': String(t) }),
          now: el('td', { class: 'now' }, 'waiting'),
          serial,
          serialText: el('span', {}, t === 0 ? '0' : '—'),
          par,
          parText: el('span', {}, '0'),
        };
        r.row.append(
          el('th', { scope: 'row' }, `${noun} ${t + 1}`),
          r.now,
          el('td', {}, ...(t === 0 ? [el('span', { class: 'bar', 'aria-hidden': 'true' }, serial)] : []), r.serialText),
          el('td', {}, el('span', { class: 'bar', 'aria-hidden': 'true' }, par), r.parText),
        );
        this.rows.push(r);
        return r.row;
      }),
    );
  }

  /** Notes how many work at once in the current phase (cheap: every frame, no drawing). @param {Live} live */
  sample(live) {
    if (this.warming || (live.phase !== 'serial' && live.phase !== 'parallel')) return;
    let busy = 0;
    for (let t = 0; t < live.n; t++) busy += live.busy[t] === 1 ? 1 : 0;
    this.maxBusy[live.phase] = Math.max(this.maxBusy[live.phase], busy);
  }

  /** @param {Live} live @param {string} [noun] */
  render(live, noun = 'Thread') {
    this.sample(live);
    const { phase, n } = live;
    if (n !== this.rows.length || noun !== this.noun) this.build(n, noun);
    let busy = 0;
    for (let t = 0; t < n; t++) {
      const r = this.rows[t];
      const b = live.busy[t] === 1;
      busy += b ? 1 : 0;
      const [sd, st, pd, pt] = [live.serialDone, live.serialTotal, live.parDone[t], live.parTotal[t]];
      r.now.textContent = b ? (phase === 'serial' ? 'working: serial part' : 'working: its share') : phase !== 'serial' && pt && pd >= pt ? 'done' : 'waiting';
      r.row.dataset.busy = String(b);
      if (t === 0) {
        r.serial.style.width = `${st ? (100 * sd) / st : 0}%`;
        r.serialText.textContent = st ? ` ${steps(sd)} / ${steps(st)}` : ' none (s = 0)';
      }
      r.par.style.width = `${pt ? (100 * pd) / pt : 0}%`;
      r.parText.textContent = pt ? ` ${steps(pd)} / ${steps(pt)}` : ' none (s = 100 %)';
    }
    const nouns = `${noun.toLowerCase()}${n === 1 ? '' : 's'}`;
    const line = this.phaseLine;
    if (phase === 'serial' || phase === 'parallel') line.textContent = `${this.label} · ${PHASE_WORDS[phase]}: ${busy} of ${n} ${nouns} working`;
    else line.textContent = `${this.label ? `${this.label} · ` : ''}${PHASE_WORDS[phase]}`;
    line.dataset.phase = phase;
    const { serial, parallel } = this.maxBusy;
    this.seenBusy.dataset.serial = String(serial);
    this.seenBusy.dataset.parallel = String(parallel);
    const pl = (/** @type {number} */ k) => `${k} ${noun.toLowerCase()}${k === 1 ? '' : 's'}`;
    this.seenBusy.textContent =
      serial + parallel === 0 ? '' : `Seen in the timed runs so far: at most ${pl(serial)} working in a serial phase, up to ${parallel} at once in a parallel phase.`;
  }
}
