// The home page: what ThreadLab is, a picture, and the course — the book's
// chapters in order with the labs and stepper samples that teach each one,
// what Python changed since, and the learner's progress.
import { LABS } from '../labs/registry.js';
import { el } from '../views/dom.js';
import { CHAPTERS, PLANNED, SINCE, courseOrder, labExists, labHref, sampleHref } from './chapters.js';
import { forgetProgress, loadProgress, predictionsOf, progressStored, runsOf } from './progress.js';
import { pictureSvg } from './picture.js';

const titleOf = (/** @type {string} */ id) => LABS.find((l) => l.id === id)?.title ?? id;

/** "✓ ran 2 times" — the check is decoration; the words carry the meaning. */
function doneMark(/** @type {number} */ runs, /** @type {string} */ what) {
  if (!runs) return '';
  const mark = el('span', { class: 'mark' }, el('span', { 'aria-hidden': 'true' }, '✓ '), `${what} ${runs === 1 ? 'once' : `${runs} times`}`);
  return mark;
}

/** "✓ answered its predict question" */
function predictedMark(/** @type {number} */ n) {
  return el('span', { class: 'mark predicted' }, el('span', { 'aria-hidden': 'true' }, ' ✓ '), n === 1 ? 'answered its predict question' : `answered ${n} predict questions`);
}

/**
 * One chapter's (or topic's) links: its labs, its stepper samples, and the labs still to come.
 * @param {import('./chapters.js').Chapter | import('./chapters.js').SinceTopic} c
 * @param {import('./progress.js').Progress} p
 */
function links(c, p) {
  const items = [];
  for (const l of c.labs) {
    if (!labExists(l.lab)) continue;
    const runs = runsOf(p, l.lab);
    items.push(
      el('li', { class: 'lab-link', 'data-lab': l.lab, 'data-runs': String(runs) },
        el('span', { class: 'kind' }, 'Lab'), ' ',
        el('span', { class: 'what' },
          el('a', { href: labHref(l.lab, l.params) }, titleOf(l.lab) + (l.params?.mode ? ` (${l.params.mode === 'shared' ? 'threads' : 'processes'})` : '')),
          ` — ${l.does} `, doneMark(runs, 'ran'), predictionsOf(p, l.lab) ? predictedMark(predictionsOf(p, l.lab)) : '')),
    );
  }
  for (const s of c.samples) {
    const runs = runsOf(p, `stepper:${s.sample}`);
    items.push(
      el('li', { class: 'sample-link', 'data-sample': s.sample, 'data-runs': String(runs) },
        el('span', { class: 'kind' }, 'Stepper'), ' ',
        el('span', { class: 'what' }, el('a', { href: sampleHref(s.sample) }, `sample “${s.sample}”`), ' — ', ...code(s.does), ' ', doneMark(runs, 'explored'))),
    );
  }
  for (const k of c.coming) {
    // A lab that does not exist yet: named, not linked.
    if (labExists(k.lab)) {
      items.push(el('li', { class: 'lab-link', 'data-lab': k.lab }, el('span', { class: 'kind' }, 'Lab'), ' ', el('span', { class: 'what' }, el('a', { href: labHref(k.lab) }, titleOf(k.lab)), ` — ${k.does}`)));
    } else {
      items.push(el('li', { class: 'coming', 'data-coming': k.lab }, el('span', { class: 'kind tag' }, 'Coming'), ' ', el('span', { class: 'what' }, el('span', { class: 'planned' }, PLANNED[k.lab] ?? k.lab), ` — ${k.does}`)));
    }
  }
  return el('ul', { class: 'links' }, ...items);
}

/** Text with `code` spans, as the chapter data writes them. */
function code(/** @type {string} */ text) {
  return text.split(/(`[^`]+`)/).filter(Boolean).map((part) => (part.startsWith('`') ? el('code', {}, part.slice(1, -1)) : part));
}

/**
 * How far a chapter is: every lab and sample it links run ("done"), some ("started") or none.
 * @param {import('./chapters.js').Chapter | import('./chapters.js').SinceTopic} c
 * @param {import('./progress.js').Progress} p
 */
function chapterState(c, p) {
  const keys = [...c.labs.filter((l) => labExists(l.lab)).map((l) => l.lab), ...c.samples.map((s) => `stepper:${s.sample}`)];
  if (!keys.length) return 'none';
  const ran = keys.filter((k) => runsOf(p, k) > 0).length;
  return ran === keys.length ? 'done' : ran ? 'started' : 'new';
}

const STATE_SAID = { done: 'you tried everything here', started: 'you have started this chapter', new: '', none: '' };

/**
 * @param {import('./chapters.js').Chapter | import('./chapters.js').SinceTopic} c
 * @param {import('./progress.js').Progress} p
 * @param {string} id
 * @param {string} label "Chapter 3" or ""
 */
function chapterItem(c, p, id, label) {
  const state = chapterState(c, p);
  const head = el('h3', { id: `${id}-h` });
  if (label) head.append(el('span', { class: 'ch-n' }, label), ' ');
  head.append(...code(c.title));
  const status = STATE_SAID[state];
  return el('li', { class: 'chapter', id, 'data-state': state, 'aria-labelledby': `${id}-h` },
    head,
    status ? el('p', { class: `ch-state ${state}` }, el('span', { 'aria-hidden': 'true' }, state === 'done' ? '✓ ' : '◐ '), status[0].toUpperCase() + status.slice(1)) : '',
    el('p', { class: 'concept' }, ...code(c.concept)),
    c.labs.length || c.samples.length || c.coming.length ? links(c, p) : '',
  );
}

/** "You ran 3 of 7 labs …" and the Forget button. */
function progressBox(/** @type {import('./progress.js').Progress} */ p, /** @type {() => void} */ rerender) {
  const labs = courseOrder().filter((id) => CHAPTERS.some((c) => c.labs.some((l) => l.lab === id)));
  const ran = labs.filter((id) => runsOf(p, id) > 0).length;
  const predicted = Object.keys(p.predictions).reduce((n, lab) => n + predictionsOf(p, lab), 0);
  const samples = Object.keys(p.runs).filter((k) => k.startsWith('stepper:')).length;
  const said = el('p', { id: 'progress-said' },
    ran || predicted || samples
      ? `You have run ${ran} of the course’s ${labs.length} labs, explored ${samples} stepper sample${samples === 1 ? '' : 's'} and answered ${predicted} predict question${predicted === 1 ? '' : 's'}.`
      : 'Your progress shows here once you run a lab or answer a predict question.',
    ' ',
    progressStored() ? 'It is kept in this browser only; nothing leaves the page.' : 'This browser does not let the page store it, so it lasts until you close the page.',
  );
  const forget = el('button', { type: 'button', id: 'forget-progress' }, 'Forget my progress');
  const done = el('p', { id: 'forget-status', class: 'status', role: 'status' });
  forget.addEventListener('click', () => {
    forgetProgress();
    rerender();
    const again = /** @type {HTMLElement | null} */ (document.getElementById('forget-status'));
    if (again) again.textContent = 'Your progress is forgotten.';
    /** @type {HTMLElement | null} */ (document.getElementById('forget-progress'))?.focus();
  });
  return el('div', { class: 'progress-box' }, said, el('div', { class: 'buttons' }, forget), done);
}

/**
 * Renders the home page into `main`.
 * @param {HTMLElement} main
 * @param {() => void} [onForget] called after the learner forgets their progress (e.g. to redraw the menu)
 */
export function mountHome(main, onForget) {
  const render = () => {
    const p = loadProgress();
    const first = courseOrder().find((id) => CHAPTERS.some((c) => c.labs.some((l) => l.lab === id))) ?? LABS[0].id;
    const todo = courseOrder().find((id) => CHAPTERS.some((c) => c.labs.some((l) => l.lab === id)) && !runsOf(p, id));
    const start = Object.keys(p.runs).length && todo ? todo : first;
    const others = LABS.filter((l) => !CHAPTERS.some((c) => c.labs.some((x) => x.lab === l.id)) && !SINCE.some((c) => c.labs.some((x) => x.lab === l.id)));
    const article = el('article', { class: 'home', 'aria-labelledby': 'home-title' });
    article.innerHTML = `<div class="hero">
        <div class="hero-text">
          <h1 id="home-title">ThreadLab: concurrency you can watch</h1>
          <p class="lede">ThreadLab runs real threads and isolated workers in your browser, so you can see concurrency
          happen: threads writing one shared memory while you watch it, processes each keeping their own and talking by
          message. It follows the book <cite>Mastering Concurrency in Python</cite> chapter by chapter, and lets you
          step through small Python programs one bytecode at a time, as the scheduler.</p>
          <p class="start"></p>
        </div>
        <figure class="hero-picture">${pictureSvg('home-picture-title')}</figure>
      </div>`;
    const startP = /** @type {HTMLElement} */ (article.querySelector('.start'));
    startP.append(
      el('a', { class: 'button-link primary-link', href: labHref(start) }, start === first && !Object.keys(p.runs).length ? `Start with chapter 1: ${titleOf(first)}` : `Continue: ${titleOf(start)}`),
    );
    const course = el('section', { class: 'course', 'aria-labelledby': 'course-h' },
      el('h2', { id: 'course-h' }, 'The course'),
      el('p', {}, 'The chapters of ', el('cite', {}, 'Mastering Concurrency in Python'), ' (Quan Nguyen, 2018) in order: the idea of each in a line, and the labs and stepper samples that let you try it. Labs marked “coming” are planned and not built yet.'),
      progressBox(p, () => {
        render();
        onForget?.();
      }),
      el('ol', { class: 'chapters' }, ...CHAPTERS.map((c) => chapterItem(c, p, `ch-${c.n}`, `Chapter ${c.n}`))),
    );
    const since = el('section', { class: 'course since', 'aria-labelledby': 'since-h' },
      el('h2', { id: 'since-h' }, 'Since the book'),
      el('p', {}, 'What Python changed after 2018, and where to see it here.'),
      el('ul', { class: 'chapters' }, ...SINCE.map((c) => chapterItem(c, p, `since-${c.key}`, ''))),
    );
    const more = others.length
      ? el('section', { class: 'course more', 'aria-labelledby': 'more-h' },
          el('h2', { id: 'more-h' }, 'Also here'),
          el('ul', { class: 'links' }, ...others.map((l) => el('li', { 'data-lab': l.id }, el('a', { href: labHref(l.id) }, l.title), ` — ${l.summary}`))),
        )
      : '';
    main.replaceChildren(article);
    article.append(course, since, more);
  };
  render();
}
