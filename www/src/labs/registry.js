// Every lab, in course order. A lab is a folder, `labs/<id>/` (meta.js,
// panel.js, live.js, threads.js, process.js, <id>.css, <id>.py), found here by
// convention; this list is the one line a new lab adds. Panels load on demand.

/** The labs, in the order of the menu. */
const ORDER = [
  'threads-vs-processes',
  'race',
  'amdahl',
  'gil',
  'io',
  'deadlock',
  'starvation',
  'lock-free',
  'memory-model',
  'map-reduce',
  'stepper',
  'bench',
];

/**
 * @typedef {{id: string, title: string, summary: string, schema: import('../params.js').Schema}} LabMeta
 *   a lab's meta.js: all the page needs to list it and check its URL
 * @typedef {{mount: (root: HTMLElement, ctx: import('../main.js').LabContext) => {dispose(): void}}} LabPanel
 * @typedef {LabMeta & LabPanel} LabModule
 * @typedef {{id: string, title: string, summary: string, load: () => Promise<LabModule>}} LabEntry
 */

const metas = /** @type {Record<string, LabMeta>} */ (import.meta.glob('./*/meta.js', { eager: true, import: 'default' }));
const panels = /** @type {Record<string, () => Promise<LabPanel>>} */ (import.meta.glob('./*/panel.js'));

/** @param {string} id @returns {LabEntry} */
function entry(id) {
  const meta = metas[`./${id}/meta.js`];
  const panel = panels[`./${id}/panel.js`];
  if (meta && panel) {
    return { id, title: meta.title, summary: meta.summary, load: async () => ({ ...meta, ...(await panel()) }) };
  }
  throw new Error(`lab "${id}" has no folder (labs/${id}/meta.js and panel.js)`);
}

/** Every lab, in menu order. @type {LabEntry[]} */
export const LABS = ORDER.map(entry);

/** The lab `/` opened before there was a home page. */
export const DEFAULT_LAB = ORDER[0];
