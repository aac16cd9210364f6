// The page: picks the lab named in the URL, checks its parameters against the
// lab's schema, says what this browser can do, and mounts the lab's panel.
import { DEFAULT_LAB, LABS } from './labs/registry.js';
import { parseParams, toQuery } from './params.js';
import { SharedRuntime, sharedUnavailableReason } from './engine/shared-runtime.js';
import { IsolatedRuntime } from './engine/isolated-runtime.js';
import { el } from './views/dom.js';

/**
 * What a panel gets from the page.
 * @typedef {{
 *   values: Record<string, any>,
 *   errors: Record<string, string>,
 *   parse: (raw: Record<string, string>) => import('./params.js').Parsed,
 *   shared: SharedRuntime | null,
 *   sharedReason: string,
 *   isolated: IsolatedRuntime,
 *   onChange: (values: Record<string, any>) => void,
 * }} LabContext
 */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const notice = /** @type {HTMLElement} */ (document.getElementById('capability'));
const nav = /** @type {HTMLElement} */ (document.getElementById('lab-nav'));

const WHY = {
  'not-isolated': `This page is not cross-origin isolated, so the browser withholds SharedArrayBuffer and threads
    cannot share memory here. The server must send two headers with the page:
    <code>Cross-Origin-Opener-Policy: same-origin</code> and <code>Cross-Origin-Embedder-Policy: require-corp</code>
    (<code>npm run dev</code> and <code>npm run preview</code> do). Isolated workers — the process side — still work.`,
  'no-sab': `This browser has no SharedArrayBuffer, so threads cannot share memory here. Isolated workers — the
    process side — still work. Current Chrome, Edge, Firefox and Safari support it on cross-origin isolated pages.`,
  'no-workers': 'This browser has no Web Workers; ThreadLab cannot run here.',
};

function showCapability(/** @type {string} */ reason) {
  notice.hidden = !reason;
  if (reason) notice.innerHTML = `<strong>Threads are off.</strong> ${WHY[/** @type {keyof typeof WHY} */ (reason)]}`;
  document.documentElement.dataset.isolated = String(!reason);
}

function fail(/** @type {string} */ title, /** @type {Node[]} */ body) {
  main.replaceChildren(el('section', { class: 'errors page-error', role: 'alert' }, el('h1', {}, title), ...body));
}

async function start() {
  const search = new URLSearchParams(location.search);
  const labId = search.get('lab') ?? DEFAULT_LAB;
  nav.replaceChildren(
    ...LABS.map((l) =>
      el('a', { href: `?lab=${l.id}`, ...(l.id === labId ? { 'aria-current': 'page' } : {}) }, l.title),
    ),
  );
  const reason = sharedUnavailableReason();
  showCapability(reason);

  const entry = LABS.find((l) => l.id === labId);
  if (!entry) {
    const shown = labId.length > 40 ? `${labId.slice(0, 40)}…` : labId;
    fail('No such lab', [
      el('p', {}, `lab must be one of: ${LABS.map((l) => l.id).join(', ')} (got "${shown}"). Nothing ran.`),
      el('ul', {}, ...LABS.map((l) => el('li', {}, el('a', { href: `?lab=${l.id}` }, l.title), ` — ${l.summary}`))),
    ]);
    return;
  }
  const lab = await entry.load();
  document.title = `${lab.title} · ThreadLab`;
  const parsed = parseParams(lab.schema, search);
  // Without shared memory, a lab whose mode was not asked for opens on its
  // process side instead of greeting a student with an error.
  if (reason && lab.schema.mode?.type === 'enum' && lab.schema.mode.values.includes('isolated') && !search.has('mode')) {
    parsed.values.mode = 'isolated';
  }
  /** @type {LabContext} */
  const ctx = {
    values: parsed.values,
    errors: parsed.errors,
    parse: (raw) => parseParams(lab.schema, new URLSearchParams(raw)),
    shared: reason ? null : new SharedRuntime(),
    sharedReason: reason,
    isolated: new IsolatedRuntime(),
    onChange: (values) => history.replaceState(null, '', toQuery(entry.id, lab.schema, values)),
  };
  // A handle for the console and the browser tests (e.g. to end a coordinator
  // as the stop watchdog would): `threadlab.shared.terminate()`.
  Object.assign(globalThis, { threadlab: { shared: ctx.shared, isolated: ctx.isolated } });
  lab.mount(main, ctx);
  document.documentElement.dataset.ready = 'true';
}

start().catch((err) => {
  fail('ThreadLab could not start', [el('p', {}, String(err instanceof Error ? err.message : err))]);
  document.documentElement.dataset.ready = 'error';
});
