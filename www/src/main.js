// The page: says what this browser can do, lets the course (course/index.js)
// show the home page or name the lab, checks that lab's parameters against its
// schema, and mounts the lab's panel.
import { LABS } from './labs/registry.js';
import { startCourse } from './course/index.js';
import { parseParams, toQuery } from './params.js';
import { SharedRuntime, sharedUnavailableReason } from './engine/shared-runtime.js';
import { IsolatedRuntime } from './engine/isolated-runtime.js';
import { el } from './views/dom.js';
import { ensureIsolation } from './embed/coi-register.js';
import { connectToParent, isFramed } from './embed/frame.js';

/**
 * What a panel gets from the page.
 * @typedef {{
 *   values: Record<string, any>,
 *   errors: Record<string, string>,
 *   raw: Record<string, string>,
 *   parse: (raw: Record<string, string>) => import('./params.js').Parsed,
 *   shared: SharedRuntime | null,
 *   sharedReason: string,
 *   isolated: IsolatedRuntime,
 *   onChange: (values: Record<string, any>) => void,
 * }} LabContext
 */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const notice = /** @type {HTMLElement} */ (document.getElementById('capability'));
const nav = document.getElementById('lab-nav'); // absent in embed.html
const search = new URLSearchParams(location.search);
// The embed view: embed.html, or any page with ?embed=1. One lab, no site
// chrome, all state from the URL.
const embedded = document.documentElement.dataset.embed === '1' || search.get('embed') === '1';
if (embedded) document.documentElement.dataset.embed = '1';

const WHY = {
  'not-isolated': `This page is not cross-origin isolated, so the browser withholds SharedArrayBuffer and threads
    cannot share memory here. The server must send two headers with the page:
    <code>Cross-Origin-Opener-Policy: same-origin</code> and <code>Cross-Origin-Embedder-Policy: require-corp</code>
    (<code>npm run dev</code> and <code>npm run preview</code> do). Isolated workers — the process side — still work.`,
  'no-sab': `This browser has no SharedArrayBuffer, so threads cannot share memory here. Isolated workers — the
    process side — still work. Current Chrome, Edge, Firefox and Safari support it on cross-origin isolated pages.`,
  'no-workers': 'This browser has no Web Workers; ThreadLab cannot run here.',
  // A frame is isolated only when the page around it is too, and lets it be
  // (allow="cross-origin-isolated"): wasm-bindgen#2838, browserengineering/book#643.
  framed: `This lab is embedded in a page that is not cross-origin isolated, and browsers give a frame
    SharedArrayBuffer only when the page around it is isolated too. Isolated workers — the process side — work
    here; open the lab in a new tab to run the threads.`,
  'coi-failed': `This page is not cross-origin isolated, so threads cannot share memory here. ThreadLab's
    service worker was asked to add the missing headers, but after one reload the page is still not isolated
    (a private window, blocked service workers or an old browser can cause this). Isolated workers — the process
    side — still work.`,
  'coi-unsupported': `This page is not cross-origin isolated, and ThreadLab's service worker, which could add the
    missing headers, cannot run here (no service workers: private windows, or a page not served over HTTPS).
    Isolated workers — the process side — still work.`,
};

/** URL parameters that only mean something in a frame. */
const FRAME_PARAMS = ['embed', 'parentOrigin'];

/** This page's query without the frame-only parameters: what the full app needs. */
function appQuery() {
  const q = new URLSearchParams(location.search);
  for (const k of FRAME_PARAMS) q.delete(k);
  return q;
}

/** The full app (a new tab) with this lab and the same parameters. */
function fullAppUrl() {
  const url = new URL('./', location.href);
  url.search = appQuery().toString();
  return url.href;
}

function showCapability(/** @type {string} */ reason) {
  notice.hidden = !reason;
  if (reason) notice.innerHTML = `<strong>Threads are off.</strong> ${WHY[/** @type {keyof typeof WHY} */ (reason)]}`;
  if (reason === 'framed') {
    notice.append(
      ' ',
      el('a', { href: fullAppUrl(), target: '_blank', rel: 'noopener', id: 'open-new-tab', class: 'button-link' }, 'Open in a new tab ↗'),
    );
  }
  document.documentElement.dataset.isolated = String(!reason);
}

/**
 * "Copy embed code" in the full app: an iframe snippet for this lab with its
 * current parameters, and a plain link.
 * @param {string} labId
 * @param {string} labTitle
 */
function setUpShare(labId, labTitle) {
  const box = document.getElementById('share');
  if (!box || embedded) return;
  box.hidden = false;
  const code = /** @type {HTMLTextAreaElement} */ (document.getElementById('embed-code'));
  const link = /** @type {HTMLInputElement} */ (document.getElementById('embed-link'));
  const said = /** @type {HTMLElement} */ (document.getElementById('copy-status'));
  const escape = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const refresh = () => {
    const base = new URL('./', location.href);
    const q = appQuery();
    q.set('lab', labId);
    const linkQ = new URLSearchParams(q);
    q.delete('coi'); // a frame never registers the service worker (coi-register.js)
    const frame = new URL(`embed.html?${q}`, base).href;
    const app = new URL(`?${linkQ}`, base).href;
    code.value = [
      `<iframe src="${escape(frame)}" allow="cross-origin-isolated" loading="lazy"`,
      `        title="ThreadLab: ${escape(labTitle)}" style="width:100%;height:1100px;border:0"></iframe>`,
      `<script src="${escape(new URL('threadlab-embed.js', base).href)}" defer></script>`,
      `<p><a href="${escape(app)}">Open “${escape(labTitle)}” in ThreadLab</a></p>`,
    ].join('\n');
    link.value = app;
  };
  refresh();
  const copy = async (/** @type {HTMLInputElement | HTMLTextAreaElement} */ field, /** @type {string} */ what) => {
    refresh();
    try {
      await navigator.clipboard.writeText(field.value);
      said.textContent = `${what} copied.`;
    } catch {
      // No clipboard permission (e.g. plain http): select it for Ctrl+C instead.
      field.focus();
      field.select();
      said.textContent = `Press Ctrl+C (⌘C) to copy the selected ${what.toLowerCase()}.`;
    }
  };
  document.getElementById('copy-embed')?.addEventListener('click', () => copy(code, 'Embed code'));
  document.getElementById('copy-link')?.addEventListener('click', () => copy(link, 'Link'));
  return refresh;
}

function fail(/** @type {string} */ title, /** @type {Node[]} */ body) {
  main.replaceChildren(el('section', { class: 'errors page-error', role: 'alert' }, el('h1', {}, title), ...body));
}

async function start() {
  const coi = await ensureIsolation(search);
  if (coi === 'reloading') {
    main.replaceChildren(el('p', { class: 'loading', role: 'status' }, 'Turning on cross-origin isolation: reloading once…'));
    return;
  }
  let reason = sharedUnavailableReason();
  if (reason === 'not-isolated') {
    if (isFramed()) reason = 'framed';
    else if (coi === 'failed') reason = 'coi-failed';
    else if (coi === 'unsupported') reason = 'coi-unsupported';
  }
  showCapability(reason);
  // The course (www/src/course/): the home page at `/`, the menu, progress, the way on.
  const { home, labId } = await startCourse({ search, main, nav, embedded });
  if (home) return;

  const entry = LABS.find((l) => l.id === labId);
  if (!entry) {
    const shown = labId.length > 40 ? `${labId.slice(0, 40)}…` : labId;
    fail('No such lab', [
      el('p', {}, `lab must be one of: ${LABS.map((l) => l.id).join(', ')} (got "${shown}"). Nothing ran.`),
      el('ul', {}, ...LABS.map((l) => el('li', {}, el('a', { href: `?lab=${l.id}` }, l.title), ` — ${l.summary}`))),
    ]);
    // Embedded, the course page still gets ready and the height, so the error is not cut off.
    connectToParent({ lab: shown, root: main, params: {}, threads: false });
    return;
  }
  const lab = await entry.load();
  document.title = `${lab.title} · ThreadLab`;
  const parsed = parseParams(lab.schema, search);
  // Without shared memory, a lab whose mode was not asked for opens on its
  // process side instead of greeting a student with an error. So does an
  // embedded one whatever its mode: the course page chose the mode, not the
  // student, and "Open in a new tab" keeps the mode asked for.
  const framedValid = reason === 'framed' && !parsed.errors.mode;
  if (reason && lab.schema.mode?.type === 'enum' && lab.schema.mode.values.includes('isolated') && (!search.has('mode') || framedValid)) {
    parsed.values.mode = 'isolated';
  }
  /** @type {LabContext} */
  const ctx = {
    values: parsed.values,
    errors: parsed.errors,
    // The URL's own text, so a bad value stays visible in its field.
    raw: Object.fromEntries(search),
    parse: (raw) => parseParams(lab.schema, new URLSearchParams(raw)),
    shared: reason ? null : new SharedRuntime(),
    sharedReason: reason,
    isolated: new IsolatedRuntime(),
    onChange: (values) => {
      // Keep the embed-only parameters when the lab rewrites the URL.
      const keep = new URLSearchParams(location.search);
      const q = new URLSearchParams(toQuery(entry.id, lab.schema, values));
      for (const k of [...FRAME_PARAMS, 'coi']) if (keep.has(k)) q.set(k, /** @type {string} */ (keep.get(k)));
      history.replaceState(null, '', `?${q}`);
      refreshShare?.();
    },
  };
  const refreshShare = setUpShare(entry.id, lab.title);
  // A handle for the console and the browser tests (e.g. to end a coordinator
  // as the stop watchdog would): `threadlab.shared.terminate()`.
  Object.assign(globalThis, { threadlab: { shared: ctx.shared, isolated: ctx.isolated } });
  lab.mount(main, ctx);
  const { error } = connectToParent({ lab: entry.id, root: main, params: parsed.values, threads: !reason });
  if (error) main.prepend(el('p', { class: 'errors', role: 'alert' }, error));
  document.documentElement.dataset.ready = 'true';
}

start().catch((err) => {
  fail('ThreadLab could not start', [el('p', {}, String(err instanceof Error ? err.message : err))]);
  document.documentElement.dataset.ready = 'error';
});
