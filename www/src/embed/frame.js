// The frame side of embedding: when ThreadLab runs inside an <iframe>, tell
// the page around it our height and what the learner does (protocol.js), and
// answer its height requests — from its origin only.
import { EMBED, HOST, SOURCE, VERSION, allowedParentOrigin, parseHostMessage } from './protocol.js';

/** Whether this document is inside a frame. */
export const isFramed = () => window.parent !== window;

/**
 * @param {{lab: string, root: HTMLElement, params: Record<string, any>, threads: boolean}} opts
 *   root: the element the lab's DOM events bubble to.
 * @returns {{error: string}} error: a problem with `?parentOrigin=` to show, or ''.
 */
export function connectToParent({ lab, root, params, threads }) {
  if (!isFramed()) return { error: '' };
  const { origin: allowed, error } = allowedParentOrigin(new URLSearchParams(location.search), document.referrer);
  // What we send is not secret (lab results), but it goes only to the
  // embedding page's origin when we know it. Without a referrer (a course page
  // with `Referrer-Policy: no-referrer`) and no ?parentOrigin=, we still send,
  // to any origin, so that auto-sizing works; then we accept nothing back.
  // With a bad ?parentOrigin= we cannot tell who the parent is: `ready` and the
  // height (the lab's settings and its size, nothing the learner did) still go
  // out, so the course page's auto-sizing keeps working, but the learner's run
  // events and predictions go to no one, and the page says so.
  const target = allowed || (error ? '' : '*');
  /** @param {string} type @param {Record<string, any>} fields */
  const post = (type, fields) => {
    const to = type === EMBED.READY || type === EMBED.RESIZE ? target || '*' : target;
    if (!to) return;
    /** @type {import('./protocol.js').EmbedMessage} */
    const message = /** @type {any} */ ({ source: SOURCE, version: VERSION, type, lab, ...fields });
    window.parent.postMessage(message, to);
  };

  let last = -1;
  const height = () => {
    const body = document.body;
    const cs = getComputedStyle(body);
    return Math.ceil(body.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom));
  };
  const sendHeight = (/** @type {boolean} */ force) => {
    const h = height();
    if (!force && h === last) return;
    last = h;
    post(EMBED.RESIZE, { height: h });
  };
  // ResizeObserver reports at most once per rendering frame, so a growing grid
  // of results does not flood the parent; unchanged heights are not re-sent.
  new ResizeObserver(() => sendHeight(false)).observe(document.body);

  for (const type of [EMBED.RUN_STARTED, EMBED.RUN_FINISHED, EMBED.PREDICT]) {
    root.addEventListener(type, (e) => post(type, /** @type {CustomEvent} */ (e).detail ?? {}));
  }

  window.addEventListener('message', (event) => {
    // Only our parent, only from the allowed origin, only a well-formed request;
    // anything else is ignored without a word (it may be meant for someone else).
    if (event.source !== window.parent || !allowed || event.origin !== allowed) return;
    const m = parseHostMessage(event.data);
    if (m?.type === HOST.REQUEST_HEIGHT) sendHeight(true);
  });

  post(EMBED.READY, { crossOriginIsolated: globalThis.crossOriginIsolated === true, threads, params: { ...params } });
  sendHeight(true);
  return { error };
}
