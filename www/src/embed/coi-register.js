// Opt-in cross-origin isolation by service worker, for hosts that cannot send
// COOP/COEP headers (README "Host it"). The worker itself is
// www/public/coi-sw.js; this decides whether to register it and reloads the
// page at most once so that the page comes under its control.
//
// Opt in with `<meta name="threadlab-coi" content="serviceworker">` in the page
// (`THREADLAB_COI=1 npm run build` writes it) or `?coi=1` in the URL; `?coi=0`
// unregisters it. Never inside a frame: a frame's isolation is decided by the
// page around it, which no service worker of ours can change (see wasm-bindgen
// #2838, browserengineering/book#643).
//
// Loop guard: the one reload is remembered in sessionStorage (per tab), and a
// page that is still not isolated after it gives up and runs in the reduced
// mode — the reload loop of coi-serviceworker#5 cannot happen. The flag is
// cleared as soon as a page load is isolated, so a later load that lost
// isolation again (Firefox after the first load, coi-serviceworker#23) gets its
// own single reload. Where there is no service worker (Firefox private
// windows) or no sessionStorage, nothing is registered and nothing reloads.

const FLAG = 'threadlab:coi-reloaded';
const READY_TIMEOUT_MS = 10_000;

/**
 * @typedef {'isolated' | 'reloading' | 'off' | 'unsupported' | 'failed'} CoiState
 *   isolated: already; reloading: the page is about to reload once; off: not
 *   opted in (or in a frame); unsupported: no service worker / storage here;
 *   failed: reloaded once and still not isolated, or registration failed.
 */

/** @returns {Storage | null} */
function session() {
  try {
    const s = globalThis.sessionStorage;
    s.setItem(`${FLAG}:probe`, '1');
    s.removeItem(`${FLAG}:probe`);
    return s;
  } catch {
    return null; // storage disabled: without a guard we must not reload at all
  }
}

/** Whether this page asked for the service worker. */
export function coiOptedIn(/** @type {URLSearchParams} */ search) {
  if (search.get('coi') === '1') return true;
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="threadlab-coi"]'));
  return meta?.content.trim() === 'serviceworker' && search.get('coi') !== '0';
}

async function unregister() {
  const regs = (await navigator.serviceWorker?.getRegistrations?.()) ?? [];
  await Promise.all(regs.filter((r) => r.active?.scriptURL.endsWith('/coi-sw.js')).map((r) => r.unregister()));
}

/**
 * Makes the page cross-origin isolated by service worker if it opted in and is
 * not already. Resolves 'reloading' when it has started the one reload: the
 * caller should then do nothing more.
 * @param {URLSearchParams} search
 * @returns {Promise<CoiState>}
 */
export async function ensureIsolation(search) {
  const store = session();
  if (globalThis.crossOriginIsolated) {
    store?.removeItem(FLAG);
    return 'isolated';
  }
  if (search.get('coi') === '0') {
    await unregister().catch(() => {});
    return 'off';
  }
  if (!coiOptedIn(search) || window.parent !== window) return 'off';
  if (!('serviceWorker' in navigator) || !window.isSecureContext || !store) return 'unsupported';
  if (store.getItem(FLAG)) return 'failed'; // we already reloaded once in this tab
  try {
    await navigator.serviceWorker.register(new URL('./coi-sw.js', document.baseURI), { scope: './' });
    const ready = navigator.serviceWorker.ready;
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS));
    await Promise.race([ready, timeout]);
  } catch {
    return 'failed';
  }
  store.setItem(FLAG, String(Date.now()));
  location.reload();
  return 'reloading';
}
