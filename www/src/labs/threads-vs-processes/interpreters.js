// Lab `threads-vs-processes`, page side: what the two isolated modes share —
// a private grid per worker — and the *interpreters* mode: W isolated workers
// (each its own wasm instance and memory, like PEP 734's subinterpreters)
// hand their grids to the page through a queue in shared memory
// (engine/shared-ring.js), which the page reads in place: no message carries
// a grid, so the bytes copied by message stay a few hundred.
import { GridView } from '../../views/grid.js';
import { colourOf } from '../../views/palette.js';
import { el, fmt, fmtBytes, swatch } from '../../views/dom.js';
import { SharedRing } from '../../engine/shared-ring.js';
import { RECORD } from './process.js';
import meta from './meta.js';

/** Slots in the interpreters' queue: a full queue makes a worker wait (the page frees a slot per record read). */
export const QUEUE_SLOTS = 8;

/**
 * One small grid per worker, each with its private counter, into `box`.
 * @param {HTMLElement} box
 * @param {number} w
 * @param {number} side cells per row
 * @param {string} kind how the canvas's label names a worker's memory ("private grid, as of its last message")
 * @param {string} attr the attribute that marks each worker's counter (the tests find it by it)
 * @returns {{view: GridView, counter: HTMLElement}[]}
 */
export function privateGrids(box, w, side, kind, attr) {
  /** @type {{view: GridView, counter: HTMLElement}[]} */
  const grids = [];
  box.replaceChildren(
    ...Array.from({ length: w }, (_, i) => {
      const canvas = /** @type {HTMLCanvasElement} */ (
        el('canvas', { class: 'grid small', 'data-worker': String(i), role: 'img', 'aria-label': `Worker ${i + 1}'s ${kind}` })
      );
      const counter = el('span', { [attr]: String(i), 'data-value': '0' }, '0');
      grids.push({ view: new GridView(canvas, side), counter });
      return el('figure', { class: 'iso' }, canvas, el('figcaption', {}, swatch(colourOf(i)), ` Worker ${i + 1}: counter `, counter));
    }),
  );
  return grids;
}

/** @param {HTMLElement} node @param {string} text @param {number} value */
const set = (node, text, value) => {
  node.textContent = text;
  node.dataset.value = String(value);
};

/**
 * @typedef {{stopped: true, how: string} | {stopped: false, verdict: string, result: Record<string, number>}} SideOutcome
 */

/**
 * Runs W interpreters of K steps each and shows what arrives through the queue.
 * @param {import('../../main.js').LabContext} ctx
 * @param {HTMLElement} view `#interp-view`
 * @param {{w: number, k: number, slow: boolean, side: number}} p
 * @returns {Promise<SideOutcome>}
 */
export async function runInterpreters(ctx, view, { w, k, slow, side }) {
  const q = (/** @type {string} */ s) => /** @type {HTMLElement} */ (view.querySelector(s));
  const cells = side * side;
  const grids = privateGrids(q('.iso-grids'), w, side, 'private grid, as of its last record in the shared queue', 'data-interp-worker-counter');
  const ring = SharedRing.create(QUEUE_SLOTS, RECORD.cellsAt + cells);
  let sum = 0;
  let last = 0;
  let records = 0;
  set(q('#interp-counter'), '0', 0);
  set(q('#interp-records'), '0', 0);
  q('#interp-received').textContent = `0 of ${w}`;
  const iso = ctx.isolated;
  const traffic = () => {
    const t = iso.traffic;
    set(q('#interp-messages'), fmt(t.messages), t.messages);
    set(q('#interp-bytes'), fmtBytes(t.bytesIn + t.bytesOut), t.bytesIn + t.bytesOut);
    q('#interp-queue-bytes').textContent = `${fmtBytes(records * ring.record)} handed over in shared memory, read in place`;
  };
  // The page is the queue's one consumer: it reads each record where it lies
  // and frees the slot. It polls on a timer (not on animation frames, which
  // reduced motion or a hidden tab pause): a full queue makes workers wait.
  const drain = () => {
    while (
      ring.tryPop((slot) => {
        const head = new Uint32Array(slot.buffer, slot.byteOffset, 4);
        const g = grids[head[RECORD.worker]];
        g.view.draw(slot.subarray(RECORD.cellsAt, RECORD.cellsAt + cells));
        set(g.counter, fmt(head[RECORD.counter]), head[RECORD.counter]);
        if (head[RECORD.last]) {
          sum += head[RECORD.counter];
          last++;
          set(q('#interp-counter'), fmt(sum), sum);
          q('#interp-received').textContent = `${last} of ${w}`;
        }
        records++;
      })
    );
    set(q('#interp-records'), fmt(records), records);
    traffic();
  };
  const timer = setInterval(drain, 8);
  try {
    const out = await iso.run(meta.id, w, () => ({ iters: k, slow, ring: ring.sab }), () => {}, { kernel: 'interp' });
    if (out.stopped) return { stopped: true, how: 'every interpreter was terminated' };
    // Every worker published its last record before its done message was sent.
    drain();
    /** @type {import('./process.js').InterpDone[]} */
    const done = out.results.map((m) => m.data);
    const waitedMs = done.reduce((a, d) => a + d.waitedMs, 0);
    const t = iso.traffic;
    return {
      stopped: false,
      result: { counter: sum, records, queueBytes: records * ring.record, messages: t.messages, bytes: t.bytesIn + t.bytesOut, waitedMs },
      verdict: `each interpreter counted ${fmt(k)} in its own memory; the page read ${fmt(records)} records (${fmtBytes(records * ring.record)}) from the shared queue in place, ${fmtBytes(t.bytesIn + t.bytesOut)} went by message; its counter is ${fmt(sum)}`,
    };
  } finally {
    clearInterval(timer);
  }
}
