// A lab's form, generated from its schema (www/src/params.js): each field's
// label, range and help come from the one place the page's bounds are
// written, so the markup never repeats them.

/** @param {string} s */
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The markup of one field.
 * @param {string} name
 * @param {import('../params.js').Param} p
 */
function field(name, p) {
  const help = p.help ? `<small id="${name}-help">${esc(p.help)}</small>` : '';
  const described = p.help ? ` aria-describedby="${name}-help"` : '';
  if (p.type === 'int') {
    return `<label class="num">${esc(p.label)} <input type="number" name="${name}" min="${p.min}" max="${p.max}" step="1" required${described}>${help}</label>`;
  }
  if (p.type === 'bool') {
    return `<label class="check"><input type="checkbox" name="${name}"${described}> ${esc(p.label)}${help}</label>`;
  }
  if (p.type === 'enum') {
    const words = (/** @type {string} */ v) => esc(p.options?.[v] ?? v);
    if ((p.widget ?? (p.values.length <= 4 ? 'radio' : 'select')) === 'radio') {
      return `<fieldset class="mode"${described}><legend>${esc(p.label)}</legend>${p.values
        .map((v) => `<label><input type="radio" name="${name}" value="${esc(v)}"> ${words(v)}</label>`)
        .join('')}${help}</fieldset>`;
    }
    return `<label class="select">${esc(p.label)} <select name="${name}"${described}>${p.values
      .map((v) => `<option value="${esc(v)}">${words(v)}</option>`)
      .join('')}</select>${help}</label>`;
  }
  return `<label class="text">${esc(p.label)} <input type="text" name="${name}" maxlength="${p.maxLength}"${described}>${help}</label>`;
}

/**
 * The whole form: every schema field not marked `form: false`, `extra`
 * markup, then Run and Stop. `bindParamForm` fills and checks it.
 * @param {import('../params.js').Schema} schema
 * @param {{extra?: string}} [o]
 */
export function formHtml(schema, o = {}) {
  const fields = Object.entries(schema)
    .filter(([, p]) => p.form !== false)
    .map(([name, p]) => field(name, p))
    .join('\n      ');
  return `<form class="controls" id="controls" novalidate>
      ${fields}${o.extra ?? ''}
      <div class="buttons">
        <button type="submit" id="run" class="primary">Run</button>
        <button type="button" id="stop" disabled>Stop</button>
      </div>
    </form>
    <div id="param-errors" class="errors" role="alert" hidden></div>`;
}
