// URL parameters, checked against each lab's own schema. A bad value never
// runs: it becomes a message naming the parameter and what it accepts.

/**
 * Every parameter may also say how its form field looks (www/src/views/form.js builds the form from the
 * schema, so a bound is written once per language): `help` is shown under the field; `form: false` keeps it
 * out of the generated form (a lab that draws its own control for it).
 * @typedef {{form?: boolean}} FieldLook
 * @typedef {FieldLook & {type: 'int', label: string, min: number, max: number, default: number, help?: string}} IntParam
 * @typedef {FieldLook & {type: 'enum', label: string, values: string[], default: string, help?: string,
 *   options?: Record<string, string>, widget?: 'radio' | 'select', aliases?: Record<string, string>}} EnumParam
 *   `options`: the words shown for each value (the value itself when absent); `widget`: radio buttons
 *   (the default up to four values) or a select; `aliases`: old values and the values they now read as.
 * @typedef {FieldLook & {type: 'bool', label: string, default: boolean, help?: string}} BoolParam
 * @typedef {FieldLook & {type: 'string', label: string, default: string, maxLength: number, pattern?: RegExp,
 *   validate?: (v: string) => string | null, help?: string}} StringParam
 *   Free-form text (a program, a schedule): at most `maxLength` characters, made only of the characters
 *   `pattern` allows when given (a class like `/^[0-9]*$/`; the message names the first character
 *   outside it and `help` says what it accepts), and passing `validate` (null = fine, else what is wrong).
 *   Left out of the URL while it equals its default.
 * @typedef {IntParam | EnumParam | BoolParam | StringParam} Param
 * @typedef {Record<string, Param>} Schema
 * @typedef {{values: Record<string, any>, errors: Record<string, string>}} Parsed
 */

const fmt = (/** @type {number} */ n) => n.toLocaleString('en-US');

/**
 * Checks one raw (string) value. Returns `[value]` or `[undefined, message]`.
 * @param {string} name
 * @param {Param} p
 * @param {string} raw
 * @returns {[any] | [undefined, string]}
 */
export function checkValue(name, p, raw) {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  if (p.type === 'int') {
    const range = `a whole number from ${fmt(p.min)} to ${fmt(p.max)}`;
    if (!/^\s*[+]?\d+\s*$/.test(raw)) return [undefined, `${name} must be ${range} (got "${shown}")`];
    const v = Number(raw);
    if (!Number.isSafeInteger(v) || v < p.min || v > p.max) {
      return [undefined, `${name} must be ${range} (got ${shown.trim()})`];
    }
    return [v];
  }
  if (p.type === 'enum') {
    // An old name (a link made before the values were renamed) reads as its new one.
    const v = p.aliases?.[raw] ?? raw;
    if (!p.values.includes(v)) return [undefined, `${name} must be one of ${p.values.join(', ')} (got "${shown}")`];
    return [v];
  }
  if (p.type === 'string') {
    if (raw.length > p.maxLength) return [undefined, `${name} is too long: at most ${fmt(p.maxLength)} characters (got ${fmt(raw.length)})`];
    if (p.pattern && !p.pattern.test(raw)) {
      const at = [...raw].findIndex((c) => !p.pattern?.test(c));
      const where = at >= 0 ? ` — position ${at + 1} is "${[...raw][at]}"` : '';
      return [undefined, `${name} must be ${p.help ?? `text matching ${p.pattern}`} (got "${shown}"${where})`];
    }
    const bad = p.validate?.(raw);
    if (bad) return [undefined, `${name} ${bad}`];
    return [raw];
  }
  if (raw === '1' || raw === 'true' || raw === '') return [true];
  if (raw === '0' || raw === 'false') return [false];
  return [undefined, `${name} must be 1 or 0 (got "${shown}")`];
}

/**
 * Parses `search` against `schema`: defaults for what is absent, a message for
 * every bad value. Parameters the schema does not name are left alone.
 * @param {Schema} schema
 * @param {URLSearchParams} search
 * @returns {Parsed}
 */
export function parseParams(schema, search) {
  /** @type {Parsed} */
  const out = { values: {}, errors: {} };
  for (const [name, p] of Object.entries(schema)) {
    const raw = search.get(name);
    if (raw === null) {
      out.values[name] = p.default;
      continue;
    }
    const [v, err] = checkValue(name, p, raw);
    if (err) out.errors[name] = err;
    else out.values[name] = v;
  }
  return out;
}

/**
 * The query string for `values` (only what differs from the defaults).
 * @param {string} lab
 * @param {Schema} schema
 * @param {Record<string, any>} values
 */
export function toQuery(lab, schema, values) {
  const q = new URLSearchParams({ lab });
  for (const [name, p] of Object.entries(schema)) {
    const v = values[name];
    if (v === undefined || (p.type === 'string' && v === p.default)) continue;
    q.set(name, p.type === 'bool' ? (v ? '1' : '0') : String(v));
  }
  return `?${q}`;
}
