// Lab `stepper`: a snapshot cut down to what a page can show. A program can
// hold a million-character string or print a hundred thousand lines; the
// page must stay quick to draw whatever the program does, so long texts and
// long lists are shortened here, in the worker, before they cross to the page.

/** Longest value text shown (a repr, a printed line, a local). */
export const MAX_TEXT = 2000;
/** Most printed lines shown (the latest ones). */
export const MAX_OUTPUT_LINES = 400;
/** Most frames shown per thread (the innermost ones). */
export const MAX_FRAMES = 30;
/** Most entries of one list shown (globals, locals, stack slots). */
export const MAX_ITEMS = 200;

/** @typedef {import('./types.js').Snapshot} Snapshot */

/** `s`, or its start and how long it really is. */
export function clipText(/** @type {string} */ s) {
  return s.length <= MAX_TEXT ? s : `${s.slice(0, MAX_TEXT)}… (${s.length.toLocaleString('en-US')} characters)`;
}

/**
 * @template T
 * @param {T[]} xs
 * @param {number} n
 * @param {'first' | 'last'} keep
 * @returns {{items: T[], cut: number}}
 */
function clipList(xs, n, keep) {
  if (xs.length <= n) return { items: xs, cut: 0 };
  return { items: keep === 'first' ? xs.slice(0, n) : xs.slice(xs.length - n), cut: xs.length - n };
}

/** The snapshot with every text and list within the limits above (in place; returns it). */
export function clipSnapshot(/** @type {Snapshot} */ s) {
  for (const m of s.memories) {
    const { items, cut } = clipList(m.globals, MAX_ITEMS, 'first');
    m.globals = items.map((g) => ({ ...g, value: clipText(g.value) }));
    if (cut) m.globals.push({ name: `(${cut} more)`, value: '…', writer: null });
  }
  for (const t of s.threads) {
    t.waitingFor = t.waitingFor === null ? null : clipText(t.waitingFor);
    if (!t.frames) continue;
    t.frames = clipList(t.frames, MAX_FRAMES, 'last').items.map((f) => ({
      ...f,
      locals: Object.fromEntries(clipList(Object.entries(f.locals ?? {}), MAX_ITEMS, 'first').items.map(([k, v]) => [k, clipText(v)])),
      stack: clipList(f.stack ?? [], MAX_ITEMS, 'last').items.map(clipText),
    }));
  }
  for (const y of s.syncs) if (y.value) y.value = clipText(y.value);
  const out = clipList(s.output, MAX_OUTPUT_LINES, 'last');
  s.output = out.items.map((o) => ({ ...o, text: clipText(o.text) }));
  if (out.cut) s.output.unshift({ thread: -1, text: `(${out.cut.toLocaleString('en-US')} earlier lines not shown)` });
  if (s.outcome) s.outcome.message = clipText(s.outcome.message);
  return s;
}
