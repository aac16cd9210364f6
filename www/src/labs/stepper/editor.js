// Lab `stepper`: the program editor — CodeMirror 6 with its Python mode, line
// numbers and syntax colours; the compile error marked at its line and column;
// each live thread's current line marked with its badge while stepping.
//
// Loaded by a dynamic import from the panel, so its bytes come only with the
// stepper. It lives in a shadow root: CodeMirror adds its styles with
// style-mod, which writes a <style> element into a document (refused by a
// strict `style-src 'self'` without a nonce) but a constructable stylesheet
// (`adoptedStyleSheets`, the CSSOM, allowed) into a shadow root — so the editor
// runs under the strict CSP with no nonce and no policy change. The page's
// custom properties (colours, fonts) inherit into it; its rules are below.
//
// Keyboard: Tab indents, as Python needs. To leave the editor with the
// keyboard, press Escape and then Tab (CodeMirror's convention: after Escape
// the next Tab moves the focus), or Ctrl+M to make Tab move the focus for good.
import { EditorView, minimalSetup } from 'codemirror';
import { Decoration, WidgetType, keymap, lineNumbers } from '@codemirror/view';
import { EditorState, Prec, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state';
import { HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { tags } from '@lezer/highlight';
import { badge } from './badge.js';

/** @typedef {{line: number, col: number, message: string}} ErrorMark */
/** @typedef {{line: number, thread: number, blocked: boolean}} ThreadMark */

/** Syntax colours: custom properties of stepper.css, which picks them for light and dark (light-dark()). */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-number)' },
  { tag: tags.comment, color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)], color: 'var(--cm-def)' },
  { tag: [tags.standard(tags.variableName), tags.self], color: 'var(--cm-builtin)' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--ink)', background: 'var(--view, var(--bg))', border: '1px solid var(--input-line, #7d8794)', borderRadius: '6px', fontSize: '0.9rem' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45', minHeight: '14rem', maxHeight: '30rem', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--ink)', padding: '0.35rem 0' },
  '.cm-gutters': { background: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--line)', borderRadius: '6px 0 0 6px' },
  '.cm-activeLine': { background: 'transparent' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { background: 'var(--cm-selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--ink)' },
  '.cm-matchingBracket': { outline: '1px solid var(--muted)', background: 'transparent' },
  // The compile error: its line tinted and outlined, its column underlined (never colour alone).
  '.cm-error-line': { background: 'var(--bad-bg)', boxShadow: 'inset 3px 0 0 var(--bad-ink)' },
  '.cm-error-at': { textDecoration: 'underline wavy var(--bad-ink)', textDecorationSkipInk: 'none', textUnderlineOffset: '3px', fontWeight: '700' },
  '.cm-error-caret': { color: 'var(--bad-ink)', fontWeight: '700', paddingLeft: '0.2rem' },
  // Each live thread's line: tinted, with the threads' badges at its end.
  '.cm-thread-line': { background: 'var(--cur-bg)', boxShadow: 'inset 3px 0 0 var(--ink)' },
  '.cm-thread-badges': { display: 'inline-flex', gap: '0.15rem', marginLeft: '1rem', verticalAlign: 'baseline' },
  '.tbadge': {
    display: 'inline-block', minWidth: '1.9rem', padding: '0 0.3rem', borderRadius: '4px', font: '700 0.8rem/1.35 var(--mono)',
    textAlign: 'center', border: '1px solid rgba(0, 0, 0, 0.45)', background: 'var(--tc)', color: 'var(--tc-ink)',
  },
  '.tbadge.blocked': { backgroundImage: 'repeating-linear-gradient(135deg, transparent 0 4px, rgba(255, 255, 255, 0.55) 4px 6px)' },
});

class BadgesWidget extends WidgetType {
  constructor(/** @type {ThreadMark[]} */ marks) {
    super();
    this.marks = marks;
  }
  /** @param {BadgesWidget} other */
  eq(other) {
    return other.marks.length === this.marks.length && other.marks.every((m, i) => m.thread === this.marks[i].thread && m.blocked === this.marks[i].blocked);
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-thread-badges';
    span.setAttribute('aria-hidden', 'true');
    span.append(...this.marks.map((m) => badge(m.thread, m.blocked ? 'blocked' : '')));
    return span;
  }
}

class CaretWidget extends WidgetType {
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-error-caret';
    span.textContent = '◂ here';
    return span;
  }
}

/** @type {import('@codemirror/state').StateEffectType<ErrorMark | null>} */
const setError = StateEffect.define();
/** @type {import('@codemirror/state').StateEffectType<ThreadMark[]>} */
const setThreads = StateEffect.define();

/** The compile error's decorations (mapped through edits until the next compile). */
const errorField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setError)) deco = errorDecorations(tr.state, e.value);
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The threads' decorations (dropped by any edit: they belong to the compiled text). */
const threadField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    if (tr.docChanged) deco = Decoration.none;
    for (const e of tr.effects) if (e.is(setThreads)) deco = threadDecorations(tr.state, e.value);
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** @param {EditorState} state @param {ErrorMark | null} e */
function errorDecorations(state, e) {
  if (!e || e.line < 1 || e.line > state.doc.lines) return Decoration.none;
  const line = state.doc.line(e.line);
  /** @type {RangeSetBuilder<Decoration>} */
  const b = new RangeSetBuilder();
  b.add(line.from, line.from, Decoration.line({ class: 'cm-error-line', attributes: { title: e.message } }));
  const at = Math.min(line.from + Math.max(0, e.col - 1), line.to);
  if (at < line.to) b.add(at, at + 1, Decoration.mark({ class: 'cm-error-at' }));
  else b.add(at, at, Decoration.widget({ widget: new CaretWidget(), side: 1 }));
  return b.finish();
}

/** @param {EditorState} state @param {ThreadMark[]} marks */
function threadDecorations(state, marks) {
  /** @type {Map<number, ThreadMark[]>} */
  const byLine = new Map();
  for (const m of marks) if (m.line >= 1 && m.line <= state.doc.lines) byLine.set(m.line, [...(byLine.get(m.line) ?? []), m]);
  /** @type {RangeSetBuilder<Decoration>} */
  const b = new RangeSetBuilder();
  for (const n of [...byLine.keys()].sort((x, y) => x - y)) {
    const line = state.doc.line(n);
    b.add(line.from, line.from, Decoration.line({ class: 'cm-thread-line' }));
    b.add(line.to, line.to, Decoration.widget({ widget: new BadgesWidget(/** @type {ThreadMark[]} */ (byLine.get(n))), side: 1 }));
  }
  return b.finish();
}

/**
 * Turns `host` into the program editor. The host keeps a textarea's `value`
 * (get and set) and `focus()`, so the panel and the tests treat it as one.
 * @param {HTMLElement} host
 * @param {{label: string, onCompile: () => void}} o `onCompile`: Ctrl+Enter (⌘+Enter)
 */
export function createEditor(host, o) {
  const shadow = host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    root: shadow,
    parent: shadow,
    state: EditorState.create({
      doc: '',
      extensions: [
        minimalSetup,
        lineNumbers(),
        indentOnInput(),
        bracketMatching(),
        indentUnit.of('    '),
        EditorState.tabSize.of(4),
        python(),
        syntaxHighlighting(highlight),
        // Before the default keymap, whose Mod-Enter inserts a blank line.
        Prec.high(keymap.of([{ key: 'Mod-Enter', run: () => (o.onCompile(), true) }, indentWithTab])),
        EditorView.contentAttributes.of({ tabindex: '0', 'aria-label': o.label, 'aria-multiline': 'true', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
        errorField,
        threadField,
        theme,
      ],
    }),
  });
  Object.defineProperty(host, 'value', {
    get: () => view.state.doc.toString(),
    set: (/** @type {string} */ text) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: setError.of(null) });
    },
  });
  host.focus = () => view.focus();
  return {
    view,
    get value() {
      return view.state.doc.toString();
    },
    set value(text) {
      /** @type {HTMLTextAreaElement} */ (/** @type {unknown} */ (host)).value = text;
    },
    /** Marks the compile error (null: none). */
    markError(/** @type {ErrorMark | null} */ e) {
      view.dispatch({ effects: setError.of(e) });
      if (e && e.line >= 1 && e.line <= view.state.doc.lines) {
        view.dispatch({ effects: EditorView.scrollIntoView(view.state.doc.line(e.line).from, { y: 'center' }) });
      }
    },
    /** Marks each live thread's current line (an empty list clears them). */
    markThreads(/** @type {ThreadMark[]} */ marks) {
      view.dispatch({ effects: setThreads.of(marks) });
    },
    destroy() {
      view.destroy();
    },
  };
}

/** @typedef {ReturnType<typeof createEditor>} Editor */
