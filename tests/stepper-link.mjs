// A link to lab `stepper` with a program, as the page writes one.

/**
 * @param {string} base the app's URL (ending in /)
 * @param {{src?: string, [param: string]: string | number | undefined}} o the program's text and query parameters
 */
export function stepperLink(base, { src, ...params }) {
  const q = new URLSearchParams({ lab: 'stepper' });
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  if (src !== undefined) q.set('src', Buffer.from(src, 'utf8').toString('base64url'));
  return `${base}?${q}`;
}
