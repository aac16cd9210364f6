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
