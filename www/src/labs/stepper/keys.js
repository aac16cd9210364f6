// Lab `stepper`: stepping from the keyboard. Outside text fields (and the
// editor), 0–9 step that thread one bytecode, Shift+digit runs it to its next
// line, u or Backspace undoes one step.

/** Whether keys typed at `t` are text (so they must not step threads). */
export function isTextField(/** @type {EventTarget | null} */ t) {
  const e = t instanceof HTMLElement ? t : null;
  if (!e) return false;
  if (e.isContentEditable || e.tagName === 'TEXTAREA' || e.tagName === 'SELECT') return true;
  if (e.tagName !== 'INPUT') return false;
  return !['radio', 'checkbox', 'range', 'button', 'submit', 'reset'].includes(/** @type {HTMLInputElement} */ (e).type);
}

/**
 * Listens on `document` while the stepper is mounted.
 * @param {{enabled: () => boolean, step: (thread: number, toLine: boolean) => void, undo: () => void}} on
 * @returns {() => void} removes the listener
 */
export function bindKeys(on) {
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    // composedPath()[0]: the element typed into, even inside the editor's shadow root (e.target is its host there).
    if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.composedPath()[0] ?? e.target) || !on.enabled()) return;
    const d = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
    if (d) {
      e.preventDefault();
      on.step(Number(d[1]), e.shiftKey);
    } else if ((e.key === 'u' || e.key === 'U' || e.key === 'Backspace') && !e.shiftKey) {
      e.preventDefault();
      on.undo();
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
