// A lab's parameter form, bound to the lab's schema (www/src/params.js): one
// place for what every panel needs — fill the form from the values, check each
// edit, show what is wrong (Run disabled, the field marked invalid) and report
// valid values so the URL follows the form.
import { el } from './dom.js';

/** Markup every lab panel's form ends with (Run submits; Stop is enabled while a run goes). */
export const RUN_STOP_HTML = `<div class="buttons">
        <button type="submit" id="run" class="primary">Run</button>
        <button type="button" id="stop" disabled>Stop</button>
      </div>`;

/** Markup for the box that lists bad parameters (filled by `bindParamForm`). */
export const PARAM_ERRORS_HTML = '<div id="param-errors" class="errors" role="alert" hidden></div>';

/**
 * Shows that a run failed: the panel's run state becomes `error` and the
 * status line says why.
 * @param {HTMLElement} root
 * @param {HTMLElement} status
 * @param {unknown} err
 */
export function showRunFailed(root, status, err) {
  root.dataset.state = 'error';
  status.textContent = `The run failed: ${err instanceof Error ? err.message : err}`;
}

/**
 * The parts every lab panel's markup has, by their ids: the form `#controls`,
 * `#run` and `#stop`, the status line `#status` and the error box `#param-errors`.
 * @param {HTMLElement} root
 */
export function labControls(root) {
  const $ = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (root.querySelector(sel));
  return {
    $,
    form: /** @type {HTMLFormElement} */ ($('#controls')),
    runBtn: /** @type {HTMLButtonElement} */ ($('#run')),
    stopBtn: /** @type {HTMLButtonElement} */ ($('#stop')),
    status: $('#status'),
    errorsBox: $('#param-errors'),
  };
}

/**
 * @param {{
 *   form: HTMLFormElement, errorsBox: HTMLElement, runBtn: HTMLButtonElement,
 *   schema: import('../params.js').Schema, values: Record<string, any>,
 *   ctx: import('../main.js').LabContext,
 *   isRunning: () => boolean,
 *   check?: (raw: Record<string, string>) => Record<string, string>,
 *   onValues?: () => void,
 *   threadModes?: string[],
 * }} o `check` adds errors the schema cannot know; `onValues` runs after every edit, valid or
 *   not; `threadModes`: the values of the `mode` parameter that run threads — on a page without
 *   shared memory their radios are disabled, and asking for one (by URL or in the form) is an error.
 * @returns {{showErrors: (errors: Record<string, string>) => void, refresh: () => void}} `refresh` shows the
 *   current errors again (after a run: Run is enabled only if the form is valid)
 */
export function bindParamForm(o) {
  const { form, schema, values } = o;
  const names = Object.keys(schema);
  const field = (/** @type {string} */ name) => /** @type {any} */ (form.elements.namedItem(name));
  const noThreads = !o.ctx.shared && o.threadModes ? o.threadModes : [];
  for (const m of noThreads) {
    const radio = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="mode"][value="${m}"]`));
    if (radio) radio.disabled = true;
  }
  if (noThreads.includes(values.mode) && !o.ctx.errors.mode) {
    o.ctx.errors.mode = `mode=${values.mode} needs shared memory, which this page does not have; use mode=isolated`;
  }
  /** @param {Record<string, string>} raw */
  const check = (raw) => ({
    ...(noThreads.includes(raw.mode) ? { mode: 'Threads need shared memory, which this page does not have: choose Processes' } : {}),
    ...o.check?.(raw),
  });

  for (const name of names) {
    // A value the URL got wrong is shown as it was given, beside its message.
    const v = o.ctx.errors[name] && o.ctx.raw[name] !== undefined ? o.ctx.raw[name] : values[name];
    if (schema[name].type === 'bool') field(name).checked = v === true || v === '1';
    else if (v !== undefined) field(name).value = String(v);
  }

  /** @type {Record<string, string>} */
  let shown = {};
  /** @param {Record<string, string>} errors */
  const showErrors = (errors) => {
    shown = errors;
    const list = Object.values(errors);
    o.errorsBox.hidden = list.length === 0;
    o.errorsBox.replaceChildren(
      ...(list.length ? [el('p', {}, 'Nothing ran. Fix this first:'), el('ul', {}, ...list.map((e) => el('li', {}, e)))] : []),
    );
    for (const name of names) {
      const f = field(name);
      // A radio group (RadioNodeList) has no attribute of its own; its legend and the message say it.
      if (f?.setAttribute) f.setAttribute('aria-invalid', errors[name] ? 'true' : 'false');
    }
    o.runBtn.disabled = list.length > 0 || o.isRunning();
  };

  form.addEventListener('input', () => {
    /** @type {Record<string, string>} */
    const raw = {};
    for (const name of names) raw[name] = schema[name].type === 'bool' ? (field(name).checked ? '1' : '0') : field(name).value;
    const { values: parsed, errors } = o.ctx.parse(raw);
    Object.assign(errors, check(raw));
    Object.assign(values, parsed);
    o.onValues?.();
    showErrors(errors);
    if (!Object.keys(errors).length) o.ctx.onChange(values);
  });

  showErrors(o.ctx.errors);
  return { showErrors, refresh: () => showErrors(shown) };
}
