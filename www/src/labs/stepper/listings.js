// Lab `stepper`: the two listings beside the state — the source, line by line,
// and the bytecode as `dis` prints it — and the marks that show where each
// live thread is in both.
import { el } from '../../views/dom.js';
import { badge } from './badge.js';

/** @typedef {import('./types.js').CodeObject} CodeObject @typedef {import('./types.js').Thread} Thread */

export class Listings {
  /**
   * @param {HTMLElement} srcList the `<ol>` for the source
   * @param {HTMLElement} disBox the box for the bytecode tables
   */
  constructor(srcList, disBox) {
    this.srcList = srcList;
    this.disBox = disBox;
    /** @type {CodeObject[]} */
    this.code = [];
    /** @type {Map<number, HTMLElement>} line → row */
    this.lineEls = new Map();
    /** @type {Map<string, HTMLElement>} "codeIndex:offset" → row */
    this.instrEls = new Map();
  }

  /** Builds both listings for a freshly compiled program. */
  build(/** @type {string} */ source, /** @type {CodeObject[]} */ code) {
    this.code = code;
    this.lineEls = new Map();
    this.srcList.replaceChildren(
      ...source.replace(/\n$/, '').split('\n').map((text, i) => {
        const li = el('li', { 'data-line': String(i + 1) }, el('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1)),
          el('code', {}, text || ' '), el('span', { class: 'marks' }));
        this.lineEls.set(i + 1, li);
        return li;
      }),
    );
    this.instrEls = new Map();
    this.disBox.replaceChildren(
      ...code.map((co, ci) => {
        let last = -1;
        const rows = co.instrs.map((ins) => {
          const showLine = ins.line !== last;
          last = ins.line;
          const tr = el('tr', { 'data-code': co.name, 'data-offset': String(ins.offset), 'data-op': ins.op, 'data-line': String(ins.line), ...(showLine ? { class: 'newline' } : {}) },
            el('td', { class: 'ln' }, showLine ? String(ins.line) : ''),
            el('td', { class: 'off' }, String(ins.offset)),
            el('td', { class: 'op' }, ins.op),
            el('td', { class: 'arg' }, ins.arg ?? ''),
            el('td', { class: 'marks' }));
          this.instrEls.set(`${ci}:${ins.offset}`, tr);
          return tr;
        });
        return el('table', { class: 'dis' },
          el('caption', {}, co.name === '<module>' ? 'module body' : `def ${co.name}()`),
          el('thead', {}, el('tr', {}, ...['line', 'offset', 'instruction', 'argument', 'here'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, ...rows));
      }),
    );
  }

  /** The code object a thread is in: the frame at its line whose function has an instruction at its offset. */
  codeIndexOf(/** @type {Thread} */ t) {
    const frames = [...(t.frames ?? [])].reverse();
    for (const f of frames) {
      if (f.line !== t.line) continue;
      const ci = this.code.findIndex((co) => co.name === f.func && co.instrs.some((i) => i.offset === t.offset));
      if (ci >= 0) return ci;
    }
    const top = frames[0]?.func;
    const byName = this.code.findIndex((co) => co.name === top);
    if (byName >= 0) return byName;
    return this.code.findIndex((co) => co.instrs.some((i) => i.offset === t.offset && i.line === t.line));
  }

  /** Marks each live thread's line and instruction with its badge (a blocked one striped). */
  mark(/** @type {Thread[]} */ alive) {
    for (const row of [...this.lineEls.values(), ...this.instrEls.values()]) {
      if (!row.classList.contains('cur')) continue;
      row.classList.remove('cur');
      /** @type {HTMLElement} */ (row.querySelector('.marks')).replaceChildren();
    }
    for (const t of alive) {
      const extra = t.status === 'blocked' ? 'blocked' : '';
      for (const row of [this.lineEls.get(t.line), this.instrEls.get(`${this.codeIndexOf(t)}:${t.offset}`)]) {
        if (!row) continue;
        row.classList.add('cur');
        /** @type {HTMLElement} */ (row.querySelector('.marks')).append(badge(t.id, extra));
      }
    }
  }
}
