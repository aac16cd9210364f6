// Lab `stepper`: a compile error as the learner sees it — where (line and
// column), what, and the source around that line with the spot marked.
import { el } from '../../views/dom.js';

/**
 * Fills `box` with the error and shows it.
 * @param {HTMLElement} box
 * @param {string} source
 * @param {import('./types.js').CompileError} e
 */
export function showCompileError(box, source, e) {
  box.hidden = false;
  const lines = source.split('\n');
  const from = Math.max(0, e.line - 3);
  const to = Math.min(lines.length, e.line + 2);
  const listing = el('ol', { class: 'src-lines error-listing', tabindex: '0', 'aria-label': `The source around line ${e.line}` });
  for (let i = from; i < to; i++) {
    const bad = i + 1 === e.line;
    listing.append(el('li', { 'data-line': String(i + 1), ...(bad ? { class: 'bad-line', 'aria-current': 'true' } : {}) },
      el('span', { class: 'ln' }, String(i + 1)), el('code', {}, lines[i] || ' ')));
    if (bad) {
      listing.append(el('li', { class: 'caret-line', 'aria-hidden': 'true' }, el('span', { class: 'ln' }, ''),
        el('code', { class: 'caret' }, `${' '.repeat(Math.max(0, e.col - 1))}^ here`)));
    }
  }
  box.replaceChildren(
    el('p', {}, `Compile error at line ${e.line}, column ${e.col}: ${e.message}`),
    el('p', { class: 'sub' }, 'Nothing ran. Fix the marked line and press Compile.'),
    listing,
  );
  box.dataset.line = String(e.line);
  box.dataset.col = String(e.col);
}

/** Shows a refusal that is not at a place in the source (too long, the interpreter failed). */
export function showRefusal(/** @type {HTMLElement} */ box, /** @type {string} */ message) {
  box.hidden = false;
  box.replaceChildren(el('p', {}, message));
  delete box.dataset.line;
  delete box.dataset.col;
}
