// The course around the labs, in one call from main.js: the route (the home
// page at `/`, or a lab), the menu in course order with the learner's
// progress, progress tracking, the "next in the course" link under a lab, and
// the reduced-motion note.
import './course.css';
import { DEFAULT_LAB, LABS } from '../labs/registry.js';
import { el } from '../views/dom.js';
import { showMotionNote } from '../views/live.js';
import { chaptersOf, courseOrder, labHref, nextLab } from './chapters.js';
import { loadProgress, runsOf, trackProgress } from './progress.js';

export { nextLab } from './chapters.js';

/** Parameters that never choose a page (the embed view's and the isolation service worker's). */
const CHROME_PARAMS = ['embed', 'parentOrigin', 'coi'];

/**
 * Which page a URL opens. `/` with no `lab` is the home page — except a link
 * from before the home page existed, which opened the first lab with its
 * parameters (`/?mode=both&workers=4`): any parameter of that lab's schema
 * still opens it. The embed view always opens a lab.
 * @param {URLSearchParams} search
 * @param {boolean} embedded
 * @returns {Promise<string>} a lab id, or '' for the home page
 */
export async function routeOf(search, embedded) {
  const lab = search.get('lab');
  if (lab !== null) return lab;
  if (embedded) return DEFAULT_LAB;
  const given = [...search.keys()].filter((k) => !CHROME_PARAMS.includes(k));
  if (!given.length) return '';
  // Only now load the old first lab, to ask its own schema (declared once, there).
  const entry = LABS.find((l) => l.id === DEFAULT_LAB);
  const schema = entry ? (await entry.load()).schema : {};
  return given.some((k) => k in schema) ? DEFAULT_LAB : '';
}

/**
 * The menu: every lab in course order, the current one marked, and a ✓ (with
 * words for screen readers) on each lab the learner has run.
 * @param {HTMLElement} nav
 * @param {string} current lab id, or '' on the home page
 */
export function renderMenu(nav, current) {
  const p = loadProgress();
  nav.replaceChildren(
    el('a', { href: './', ...(current ? {} : { 'aria-current': 'page' }) }, 'Course'),
    ...courseOrder().map((id) => {
      const title = LABS.find((l) => l.id === id)?.title ?? id;
      const a = el('a', { href: labHref(id), 'data-lab': id, ...(id === current ? { 'aria-current': 'page' } : {}) }, title);
      if (runsOf(p, id)) {
        a.dataset.ran = 'true';
        a.append(el('span', { class: 'mark', 'aria-hidden': 'true' }, ' ✓'), el('span', { class: 'visually-hidden' }, ' (you ran this lab)'));
      }
      return a;
    }),
  );
}

/**
 * Under a lab: which chapter it belongs to and the next lab in the course.
 * @param {HTMLElement} after the element the link goes after (the page's `<main>`)
 * @param {string} lab
 */
function courseWay(after, lab) {
  const chapters = chaptersOf(lab);
  const next = nextLab(lab);
  if (!chapters.length && !next) return;
  const nav = el('nav', { class: 'course-way', 'aria-label': 'Course' });
  if (chapters.length) {
    nav.append(el('p', {}, `In the course: chapter${chapters.length > 1 ? 's' : ''} ${chapters.join(', ')}. `, el('a', { href: `./#ch-${chapters[0]}` }, 'All chapters')));
  }
  if (next) nav.append(el('p', { class: 'next' }, 'Next: ', el('a', { href: next.href, id: 'course-next', rel: 'next' }, `${next.title} →`), ` (chapter ${next.chapter})`));
  after.after(nav);
}

/**
 * The course's part of starting the page. Renders the menu; on the home route
 * renders the home page and marks the page ready; on a lab route tracks the
 * lab's runs and predictions, adds the way on and the reduced-motion note.
 * @param {{search: URLSearchParams, main: HTMLElement, nav: HTMLElement | null, embedded: boolean}} o
 * @returns {Promise<{home: boolean, labId: string}>} home: the home page is shown (the caller mounts no lab)
 */
export async function startCourse({ search, main, nav, embedded }) {
  const labId = await routeOf(search, embedded);
  if (nav) renderMenu(nav, labId);
  if (!labId) {
    const { mountHome } = await import('./home.js');
    document.title = 'ThreadLab: a concurrency course in your browser';
    mountHome(main, () => nav && renderMenu(nav, ''));
    document.documentElement.dataset.ready = 'true';
    return { home: true, labId };
  }
  showMotionNote(main);
  if (!embedded) {
    trackProgress(main, labId, () => nav && renderMenu(nav, labId));
    if (LABS.some((l) => l.id === labId)) courseWay(main, labId);
  }
  return { home: false, labId };
}
