// Lab `stepper`: what the menu, the URL parser and the course need to know,
// without loading the panel. The program itself is not a query parameter: it
// travels in the URL fragment (url.js), so it never reaches a server.

/** The samples the core ships (crate/src/stepper/API.md); other labs link `?lab=stepper&sample=<id>`. */
export const SAMPLE_IDS = ['race', 'lock', 'deadlock', 'starvation', 'prodcons', 'processes', 'gil', 'asyncio', 'gil310', 'spouses', 'bank', 'exceptions', 'pool', 'async_timeout', 'poolmap'];
/** @typedef {'free-threaded' | 'gil-3.10' | 'gil-3.9' | 'asyncio' | 'fork' | 'spawn' | 'forkserver'} Mode */
/**
 * The Pythons as modes (crate/src/stepper/vm/modes.rs has the rules): each one's name in the
 * menu, and the line the page shows under it — which real Python it models and where a switch
 * may fall.
 * @type {Record<Mode, {label: string, models: string}>}
 */
export const MODE_INFO = {
  'free-threaded': { label: 'free-threaded (3.13t, 3.14t)', models: 'Free-threaded CPython 3.13t/3.14t (no GIL): a switch may follow any bytecode.' },
  'gil-3.10': { label: 'GIL, Python 3.10 and later', models: 'CPython 3.10+ with the GIL: a switch only after a call or a backward jump (where CPython checks its eval breaker), or when a thread blocks, sleeps or ends.' },
  'gil-3.9': { label: 'GIL, before 3.10 (every k bytecodes)', models: 'CPython before 3.10 with the GIL, approximated: a switch after every k bytecodes, or when a thread blocks, sleeps or ends.' },
  asyncio: { label: 'asyncio', models: 'asyncio on one thread: a task gives up control only at an await that suspends (or when it blocks or ends).' },
  fork: { label: 'processes, fork', models: 'multiprocessing with fork (Linux before 3.14): a child starts with a copy of its parent\'s memory. Switches anywhere.' },
  spawn: { label: 'processes, spawn', models: 'multiprocessing with spawn (macOS, Windows): a child re-runs the module as __mp_main__, then calls its target with pickled copies of its arguments. Switches anywhere.' },
  forkserver: { label: 'processes, forkserver', models: 'multiprocessing with forkserver (Linux, 3.14+): a child re-runs the module as __mp_main__, then calls its target with pickled copies of its arguments. Switches anywhere.' },
};
/** @type {Mode[]} */
export const MODES = /** @type {Mode[]} */ (Object.keys(MODE_INFO));
/** The mode names before the Pythons were modes, and the mode each now reads as (the same rules). */
export const OLD_MODES = { threads: 'free-threaded', gil: 'gil-3.9', processes: 'fork' };
/** The searches: every interleaving, or every schedule with at most P preemptions (the hunt has its own button). */
export const SEARCHES = ['every', 'bounded'];
/** Steps a random or sequential run may take before it is stopped (a runaway program). */
export const STEP_BUDGET = 100_000;
/** Longest schedule kept in the URL (longer runs still step and undo; their link starts from step 0). */
export const MAX_URL_SCHEDULE = 5000;

export const id = 'stepper';
export const title = 'Stepper: you are the scheduler';
export const summary = 'You are the scheduler: step threads one bytecode at a time, replay schedules, explore every interleaving.';

/**
 * The query parameters (www/src/params.js format). The program (`#src=`) is in url.js.
 * @type {import('../../params.js').Schema}
 */
export const schema = {
  sample: {
    type: 'string',
    label: 'Sample',
    default: 'race',
    maxLength: 40,
    validate: (v) => (SAMPLE_IDS.includes(v) ? null : `must be one of ${SAMPLE_IDS.join(', ')} (got "${v.slice(0, 40)}")`),
    help: SAMPLE_IDS.join(', '),
  },
  mode: {
    type: 'enum',
    label: 'Mode',
    values: MODES,
    aliases: OLD_MODES,
    default: 'free-threaded',
    help: MODES.join(' · '),
  },
  k: { type: 'int', label: 'GIL interval k', min: 1, max: 1000, default: 5, help: '1–1000 bytecodes (gil-3.9 mode)' },
  search: { type: 'enum', label: 'Search', values: SEARCHES, default: 'every', help: 'every: every interleaving · bounded: at most P preemptions, P raised while the budget lasts' },
  depth: { type: 'int', label: 'Bug depth d', min: 1, max: 5, default: 2, help: '1–5 (the hunt: d − 1 priority change points per run)' },
  seed: { type: 'int', label: 'Seed', min: 0, max: 4_294_967_295, default: 1, help: '0 – 4,294,967,295' },
  budget: { type: 'int', label: 'State budget', min: 10, max: 5_000_000, default: 200_000, help: '10 – 5,000,000 states' },
  schedule: {
    type: 'string',
    label: 'Schedule',
    default: '',
    maxLength: MAX_URL_SCHEDULE,
    pattern: /^(?:[0-9]|\[[0-9]{1,2}\])*$/,
    help: 'one thread number per step: a digit for threads 0–9, [12] for any thread (up to 63)',
  },
};

export default { id, title, summary, schema };
