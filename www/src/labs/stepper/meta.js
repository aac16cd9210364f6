// Lab `stepper`: what the menu, the URL parser and the course need to know,
// without loading the panel. The program itself is not a query parameter: it
// travels in the URL fragment (url.js), so it never reaches a server.

/** The samples the core ships (crate/src/stepper/API.md); other labs link `?lab=stepper&sample=<id>`. */
export const SAMPLE_IDS = ['race', 'lock', 'deadlock', 'starvation', 'prodcons', 'processes', 'gil', 'asyncio'];
/** @typedef {'threads' | 'gil' | 'asyncio' | 'processes'} Mode */
/** @type {Mode[]} */
export const MODES = ['threads', 'gil', 'asyncio', 'processes'];
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
    default: 'threads',
    help: 'threads: switch at any bytecode · gil: every k bytecodes or at a blocking call · asyncio: only at await · processes: a copy of the globals each',
  },
  k: { type: 'int', label: 'GIL interval k', min: 1, max: 1000, default: 5, help: '1–1000 bytecodes (gil mode)' },
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
