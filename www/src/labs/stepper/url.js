// Lab `stepper`: the program's text in a link. A program travels as base64url
// (RFC 4648 §5, no padding) of its UTF-8 bytes, so any text survives a URL.

/** Base64url (RFC 4648 §5, no padding) of the UTF-8 bytes of `text`. */
export function toBase64Url(/** @type {string} */ text) {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text behind base64url `s`; throws a readable Error when it is not base64url of UTF-8. */
export function fromBase64Url(/** @type {string} */ s) {
  let t = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (t.length % 4 === 1) throw new Error(`its length (${s.length}) cannot be base64`);
  while (t.length % 4) t += '=';
  let bin;
  try {
    bin = atob(t);
  } catch {
    throw new Error('it is not base64url');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    throw new Error('its bytes are not UTF-8 text');
  }
}

// --- the program in the URL fragment ----------------------------------------------
// As Python Tutor does, the program goes after `#` (`#src=<base64url>`): a
// browser never sends the fragment to the server, so no request-line limit
// applies (Node answers 431 past 16 KB, nginx and Apache refuse about 8 KB)
// and no program text lands in server logs. Old links with `?src=` still open;
// the page moves their program into the fragment.

/** The longest program a link holds, in UTF-8 bytes (stated on the page and in the error). */
export const MAX_PROGRAM_BYTES = 45_000;

/** `src`'s rule, in the format of www/src/params.js (its length derives from MAX_PROGRAM_BYTES). */
/** @type {import('../../params.js').StringParam} */
export const SRC_PARAM = {
  type: 'string',
  label: 'Program',
  default: '',
  maxLength: Math.ceil(MAX_PROGRAM_BYTES / 3) * 4,
  pattern: /^[A-Za-z0-9_=-]*$/,
  help: 'base64url of the UTF-8 program text (letters, digits, - and _)',
  validate: (v) => {
    try {
      fromBase64Url(v);
      return null;
    } catch (e) {
      return `is not a program in base64url: ${e instanceof Error ? e.message : e}`;
    }
  },
};

/**
 * The program a link carries: from the fragment, else (an old link) from the query.
 * @param {{hash: string, search: string}} loc
 * @returns {{raw: string | null, from: 'fragment' | 'query' | null}}
 */
export function programInLink(loc) {
  const inHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('src');
  if (inHash !== null) return { raw: inHash, from: 'fragment' };
  const inQuery = new URLSearchParams(loc.search).get('src');
  return inQuery !== null ? { raw: inQuery, from: 'query' } : { raw: null, from: null };
}

/** Why `text` cannot go in a link, or null when it can. */
export function tooLongForLink(/** @type {string} */ text) {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= MAX_PROGRAM_BYTES) return null;
  return `The program is too long for a link: ${bytes.toLocaleString('en-US')} bytes, at most ${MAX_PROGRAM_BYTES.toLocaleString('en-US')}.`;
}

/**
 * Puts `src` (base64url, '' for none) in this page's fragment and takes any
 * `src` out of its query, without a new history entry.
 * @param {string} src
 */
export function writeProgramToUrl(src) {
  const url = new URL(location.href);
  url.searchParams.delete('src');
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  if (src) hash.set('src', src);
  else hash.delete('src');
  url.hash = hash.toString();
  if (url.href !== location.href) history.replaceState(history.state, '', url.href.replace(/#$/, ''));
}

