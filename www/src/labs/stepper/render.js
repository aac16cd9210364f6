// Lab `stepper`: drawing one snapshot of the interpreter — the scheduler's
// buttons, each process's globals, the threads with their frames and stacks,
// the locks, queues and events, what was printed, and how the run ended.
// Every function here is a pure function of the snapshot (no wasm, no state).
import { el } from '../../views/dom.js';
import { badge, paint } from './badge.js';

/**
 * @typedef {import('./types.js').Snapshot} Snapshot
 * @typedef {import('./types.js').Thread} Thread
 * @typedef {import('./types.js').Outcome} Outcome
 * @typedef {import('./types.js').OutcomeKind} OutcomeKind
 */

/** @type {Record<OutcomeKind, string>} */
export const OUTCOME_WORDS = { finished: 'Finished', deadlock: 'Deadlock', assert: 'Assertion failed', error: 'Error', budget: 'Step budget hit', livelock: 'Livelock (runs forever)', starvation: 'Starvation (runs forever)' };

/** An ending's heading. */
export const outcomeWord = (/** @type {{kind: string}} */ o) => OUTCOME_WORDS[/** @type {OutcomeKind} */ (o.kind)] ?? o.kind;

/** An outcome's message without a leading "<kind>:" that would repeat its heading. */
export const outcomeMessage = (/** @type {{kind?: string, message?: string} | null | undefined} */ o) =>
  String(o?.message ?? '').replace(new RegExp(`^${o?.kind ?? ''}:\\s*`, 'i'), '');

/** Threads that have not ended. */
export const aliveThreads = (/** @type {Snapshot} */ s) => s.threads.filter((t) => t.status !== 'done' && t.status !== 'failed');

/**
 * The scheduler's buttons: per thread, "Step" (one bytecode) and "Line" (to its
 * next line). Their accessible names start with the words they show (WCAG
 * 2.5.3, label in name) and then say which thread and why it cannot run.
 * Rebuilt each time; the keyboard focus stays on the same thread's button.
 * @param {HTMLElement} box
 * @param {Snapshot} s
 * @param {HTMLElement} fallbackFocus where the focus goes when no step button is enabled
 */
export function renderThreadButtons(box, s, fallbackFocus) {
  const live = new Set(s.runnable);
  const focused = /** @type {HTMLElement | null} */ (document.activeElement);
  const refocus = focused && box.contains(focused)
    ? focused.dataset.step !== undefined ? `[data-step="${focused.dataset.step}"]` : `[data-line-step="${focused.dataset.lineStep}"]`
    : null;
  box.replaceChildren(
    ...s.threads.map((t) => {
      const can = live.has(t.id) && !s.outcome;
      const why = can ? '' : t.status === 'done' ? ' (finished)' : t.status === 'failed' ? ' (failed)' : t.status === 'blocked' ? ' (blocked)' : s.outcome ? '' : ' (not allowed now)';
      const stepB = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'step-btn', 'data-step': String(t.id), 'aria-keyshortcuts': String(t.id),
        'aria-label': `T${t.id} Step: thread ${t.id}, ${t.name}, one bytecode${why}` }, badge(t.id), ' Step'));
      const lineB = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'line-btn', 'data-line-step': String(t.id), 'aria-keyshortcuts': `Shift+${t.id}`,
        'aria-label': `Line: run thread ${t.id}, ${t.name}, to its next line${why}` }, 'Line'));
      stepB.disabled = !can;
      lineB.disabled = !can;
      return el('div', { class: 'thread-ctl', 'data-thread': String(t.id), 'data-status': t.status }, stepB, lineB);
    }),
  );
  if (refocus) {
    const again = /** @type {HTMLButtonElement | null} */ (box.querySelector(`${refocus}:enabled`))
      ?? /** @type {HTMLButtonElement | null} */ (box.querySelector('button:enabled'));
    (again ?? fallbackFocus).focus();
  }
}

/**
 * Why a ready thread may not run now (GIL, asyncio); hidden when every ready thread may.
 * @param {HTMLElement} note
 * @param {Snapshot} s
 * @param {number} k the GIL interval the stepper was started with
 */
export function renderModeNote(note, s, k) {
  const live = new Set(s.runnable);
  const waitingTurn = s.threads.filter((t) => t.status === 'ready' && !live.has(t.id));
  note.hidden = !!s.outcome || !waitingTurn.length || !s.runnable.length;
  if (note.hidden) return;
  const who = s.runnable.map((t) => `T${t}`).join(', ');
  const wait = waitingTurn.map((t) => `T${t.id}`).join(', ');
  const waits = waitingTurn.length > 1 ? 'wait' : 'waits';
  note.textContent = s.mode === 'gil-3.9'
    ? `GIL: only ${who} may run now; ${wait} ${waits} for the GIL, which changes hands after k = ${k} bytecodes or when the running thread blocks or ends.`
    : s.mode === 'gil-3.10'
      ? `GIL (3.10+): only ${who} may run now; ${wait} ${waits} for the GIL, which changes hands only after a call or a backward jump, or when the running thread blocks or ends.`
      : s.mode === 'asyncio'
        ? `asyncio: only ${who} may run now; a task gives up control only at an await (or when it ends).`
        : `Only ${who} may run now.`;
}

/** One panel per process: its globals, each cell in the colour and number of its last writer. */
export function renderMemories(/** @type {HTMLElement} */ box, /** @type {Snapshot} */ s) {
  box.replaceChildren(
    ...s.memories.map((m) =>
      el('section', { class: 'panel memory', 'data-process': String(m.process), 'aria-label': `Globals of ${m.name}` },
        el('h3', {}, s.memories.length > 1 ? `Globals · ${m.name} (its own copy)` : `Shared globals · ${m.name}`),
        m.globals.length
          ? el('table', { class: 'globals' },
              el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'name'), el('th', { scope: 'col' }, 'value'), el('th', { scope: 'col' }, 'last written by'))),
              el('tbody', {}, ...m.globals.map((g) => {
                const w = g.writer ?? null;
                const val = el('td', { class: `val${w === null ? '' : ' written'}` }, el('code', {}, g.value));
                if (w !== null) paint(val, w);
                return el('tr', { 'data-global': g.name, 'data-writer': w === null ? '' : String(w) },
                  el('th', { scope: 'row' }, el('code', {}, g.name)), val, el('td', { class: 'who' }, w === null ? '–' : badge(w)));
              })))
          : el('p', { class: 'sub' }, 'No globals yet.')),
    ),
  );
}

/** The threads: status, what each waits for, its frames with locals and value stack. */
export function renderThreads(/** @type {HTMLElement} */ box, /** @type {Snapshot} */ s) {
  const live = new Set(s.runnable);
  box.replaceChildren(
    ...s.threads.map((t) =>
      paint(el('article', { class: `thread-card ${live.has(t.id) && !s.outcome ? 'runnable' : ''}`.trim(), 'data-thread': String(t.id), 'data-status': t.status },
        el('h4', {}, badge(t.id), ` ${t.name} `, el('small', {}, `${t.kind}${s.memories.length > 1 ? ` · process ${t.process}` : ''}`),
          el('span', { class: `pill ${t.status}` }, t.status)),
        t.waitingFor ? el('p', { class: 'waits' }, 'waiting for: ', el('b', { class: 'waiting-for' }, t.waitingFor)) : '',
        t.status !== 'done' ? el('p', { class: 'at' }, `line ${t.line} · next `, el('code', {}, t.instr ?? '')) : el('p', { class: 'at' }, 'finished'),
        ...[...(t.frames ?? [])].reverse().map((f) =>
          el('div', { class: 'frame' },
            el('div', { class: 'frame-h' }, el('code', {}, `${f.func}()`), ` line ${f.line}`),
            Object.keys(f.locals ?? {}).length
              ? el('div', { class: 'locals' }, ...Object.entries(f.locals ?? {}).map(([k, v]) => el('span', { class: 'local' }, el('code', {}, `${k} = ${v}`))))
              : '',
            el('div', { class: 'stack', 'aria-label': 'value stack, bottom to top' }, el('span', { class: 'sub' }, 'stack: '),
              ...(f.stack?.length ? f.stack.map((v) => el('code', { class: 'slot' }, v)) : [el('span', { class: 'sub' }, 'empty')]))))),
      t.id),
    ),
  );
}

/** Locks, queues, events: owner and waiters by badge. Hides its panel when there are none. */
export function renderSyncs(/** @type {HTMLElement} */ panel, /** @type {HTMLElement} */ box, /** @type {Snapshot} */ s) {
  panel.hidden = !s.syncs.length;
  box.replaceChildren(
    s.syncs.length
      ? el('table', { class: 'syncs' },
          el('thead', {}, el('tr', {}, ...['name', 'kind', 'owner', 'waiters', 'value'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, ...s.syncs.map((y) =>
            el('tr', { 'data-sync': y.name },
              el('th', { scope: 'row' }, el('code', {}, y.name)),
              el('td', {}, y.kind),
              el('td', {}, y.owner === null || y.owner === undefined ? 'free' : badge(y.owner)),
              el('td', {}, ...(y.waiters?.length ? y.waiters.map((w) => badge(w)) : ['none'])),
              el('td', {}, el('code', {}, y.value ?? ''))))))
      : '',
  );
}

/** What the program printed, each line marked with the thread that printed it; a stderr line
 * (`print(file=sys.stderr)`) also gets the class `err` and a visible "stderr" label, so it is
 * told apart without colour. */
export function renderOutput(/** @type {HTMLElement} */ box, /** @type {Snapshot} */ s) {
  box.replaceChildren(
    ...(s.output.length
      ? s.output.map((o) => (o.thread < 0
        ? el('div', { class: 'sub' }, o.text)
        : o.stream === 'err'
          ? el('div', { 'data-thread': String(o.thread), class: 'err' }, badge(o.thread), ' ', el('span', { class: 'stream' }, 'stderr'), ` ${o.text}`)
          : el('div', { 'data-thread': String(o.thread) }, badge(o.thread), ` ${o.text}`)))
      : [el('span', { class: 'sub' }, 'nothing printed yet')]),
  );
}

/** How the run ended (hidden while it goes on). */
export function renderOutcome(/** @type {HTMLElement} */ box, /** @type {HTMLElement} */ view, /** @type {Outcome | null} */ o) {
  box.hidden = !o;
  if (o) {
    box.dataset.kind = o.kind;
    box.replaceChildren(el('b', {}, `${outcomeWord(o)}: `), outcomeMessage(o), o.line ? ` (line ${o.line})` : '');
  } else delete box.dataset.kind;
  view.dataset.outcome = o?.kind ?? '';
}

/** The sentence the live region says after a move. */
export function announcement(/** @type {Snapshot} */ s, /** @type {string} */ what) {
  const run = s.runnable.length ? `Runnable: ${s.runnable.map((t) => `T${t}`).join(', ')}.` : '';
  const blocked = s.outcome ? [] : s.threads.filter((t) => t.status === 'blocked').map((t) => `T${t.id} waits for ${t.waitingFor}`);
  const end = s.outcome ? `${outcomeWord(s.outcome)}: ${outcomeMessage(s.outcome)}` : '';
  return [what, blocked.length ? `${blocked.join('; ')}.` : '', end || run].filter(Boolean).join(' ');
}

/**
 * The virtual clock (`time.sleep` advances it only when no thread can run): "virtual time 2.000 s".
 * It says what a sleeping thread waits for, so it sits beside the threads.
 */
export function renderClock(/** @type {HTMLElement} */ box, /** @type {Snapshot} */ s) {
  box.replaceChildren('virtual time ', el('b', {}, s.virtualTime ?? '0.000 s'));
}
