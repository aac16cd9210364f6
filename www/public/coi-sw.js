// ThreadLab's opt-in cross-origin-isolation service worker, for static hosts
// that cannot send response headers (GitHub Pages and the like). It is the
// coi-serviceworker technique (github.com/gzuidhof/coi-serviceworker), written
// small for ThreadLab: every same-origin response it passes on gets the two
// headers that make a page cross-origin isolated, so the browser hands out
// SharedArrayBuffer and threads can run. It is registered only when a page opts
// in (www/src/embed/coi-register.js; README "Host it"), and that page reloads at
// most once to come under its control.
//
// Its scope is the folder it is served from: it touches nothing outside ThreadLab.

const ADDED = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Lets an isolated course page embed these files from another origin; the
  // files are public anyway.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

// Take over at once instead of after every ThreadLab tab has closed: the page
// that registered us reloads right after, and that reload must come through us.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Chromium throws on these when not same-origin (crbug.com/823392); let the browser handle them.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  // Only our own responses get headers; anything else (ThreadLab makes no
  // third-party requests) goes to the network untouched.
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(withIsolationHeaders(request));
});

/** @param {Request} request */
async function withIsolationHeaders(request) {
  const response = await fetch(request);
  // Opaque and error responses cannot be rebuilt (status 0 throws in `new Response`).
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ADDED)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
