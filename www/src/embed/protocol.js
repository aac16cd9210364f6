// The embed message protocol: what a ThreadLab frame tells the page around it,
// and the one request that page may send back. Documented in README "Embed it";
// www/public/threadlab-embed.js (the course page's auto-size script) speaks it too.
//
// Every message is a plain object, so it survives structured cloning, and is
// namespaced so that a course page with other frames can tell ours apart:
//   { source: 'threadlab', version: 1, type: 'threadlab:<what>', lab: '<lab id>', ...fields }

export const SOURCE = 'threadlab';
/** Messages a course page sends to a frame carry this source instead. */
export const HOST_SOURCE = 'threadlab-host';
export const VERSION = 1;

/** Frame → parent message types. */
export const EMBED = /** @type {const} */ ({
  READY: 'threadlab:ready',
  RESIZE: 'threadlab:resize',
  RUN_STARTED: 'threadlab:run-started',
  RUN_FINISHED: 'threadlab:run-finished',
  PREDICT: 'threadlab:predict',
});

/** Parent → frame message types. */
export const HOST = /** @type {const} */ ({
  /** Ask the frame to send a fresh `threadlab:resize` now. */
  REQUEST_HEIGHT: 'threadlab:request-height',
});

/**
 * @typedef {{source: 'threadlab', version: 1, lab: string}} Envelope
 * @typedef {Envelope & {type: 'threadlab:ready', crossOriginIsolated: boolean, threads: boolean,
 *   params: Record<string, string | number | boolean>}} ReadyMessage
 *   `threads`: whether the threads side can run in this frame.
 * @typedef {Envelope & {type: 'threadlab:resize', height: number}} ResizeMessage
 *   `height`: CSS pixels the frame's content needs, an integer ≥ 0.
 * @typedef {Envelope & {type: 'threadlab:run-started', run: number,
 *   params: Record<string, string | number | boolean>}} RunStartedMessage
 *   `run`: 1, 2, … per page load, matching the `run-finished` that follows.
 * @typedef {Envelope & {type: 'threadlab:run-finished', run: number, outcome: 'done' | 'stopped' | 'error',
 *   params: Record<string, string | number | boolean>, summary: string,
 *   results: Record<string, unknown>}} RunFinishedMessage
 *   `summary`: the sentence the lab showed (the one field every lab fills the same way); `results`: the
 *   lab's own numbers, plain JSON — e.g. `threads-vs-processes` sends `{shared?: {counter, expected,
 *   elapsedMs}, interpreters?: {counter, records, queueBytes, messages, bytes, waitedMs}, isolated?: {counter,
 *   messages, bytes}}`, `race` its lost updates per run, `deadlock`
 *   `{deadlock: true, cycle, meals}` when the run ended in a deadlock (outcome `stopped`).
 * @typedef {Envelope & {type: 'threadlab:predict', question: string, choice: string, answer: string}} PredictMessage
 *   `choice`: the option's value; `answer`: its text.
 * @typedef {ReadyMessage | ResizeMessage | RunStartedMessage | RunFinishedMessage | PredictMessage} EmbedMessage
 * @typedef {{source: 'threadlab-host', type: 'threadlab:request-height'}} HostMessage
 */

/**
 * Labs announce what happens as DOM events on their root (bubbling
 * CustomEvents named like the message types, `detail` = the message's own
 * fields); the embed turns them into messages. A lab knows nothing of frames.
 * @param {EventTarget} target
 * @param {'threadlab:run-started' | 'threadlab:run-finished' | 'threadlab:predict'} type
 * @param {Record<string, any>} detail
 */
export function emitLabEvent(target, type, detail) {
  target.dispatchEvent(new CustomEvent(type, { bubbles: true, detail }));
}

/**
 * Announces the end of a run. Its `outcome` is the panel's run state
 * (`#main[data-state]`) in the protocol's words: `done`, `stopped` (also a
 * run ended from outside, like a detected deadlock) or `error`.
 * @param {HTMLElement} root the panel
 * @param {{run: number, params: Record<string, any>, results: Record<string, any>, summary: string}} detail
 */
export function emitRunFinished(root, detail) {
  const state = root.dataset.state;
  const outcome = state === 'done' ? 'done' : state === 'stopped' || state === 'deadlock' ? 'stopped' : 'error';
  emitLabEvent(root, EMBED.RUN_FINISHED, { ...detail, outcome });
}

/**
 * A parent → frame message, checked: the right source and a known type, and
 * nothing else is trusted.
 * @param {unknown} data
 * @returns {HostMessage | null}
 */
export function parseHostMessage(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const m = /** @type {Record<string, unknown>} */ (data);
  if (m.source !== HOST_SOURCE) return null;
  if (m.type === HOST.REQUEST_HEIGHT) return { source: HOST_SOURCE, type: HOST.REQUEST_HEIGHT };
  return null;
}

/**
 * The one origin allowed to talk to this frame: `?parentOrigin=` when given
 * (must be a bare http(s) origin), else the origin of the embedding page as
 * the referrer tells it. '' when neither is known: then no message is accepted.
 * @param {URLSearchParams} search
 * @param {string} referrer
 * @returns {{origin: string, error: string}}
 */
export function allowedParentOrigin(search, referrer) {
  const given = search.get('parentOrigin');
  if (given !== null) {
    try {
      const u = new URL(given);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.origin === given.replace(/\/$/, '')) {
        return { origin: u.origin, error: '' };
      }
    } catch {
      /* reported below */
    }
    const shown = given.length > 60 ? `${given.slice(0, 60)}…` : given;
    return { origin: '', error: `parentOrigin must be an origin such as https://course.example.edu (got "${shown}"), so this lab cannot tell which page it is in: it sends that page only its height (for auto-sizing), not what you do here, and ignores its messages` };
  }
  try {
    return { origin: referrer ? new URL(referrer).origin : '', error: '' };
  } catch {
    return { origin: '', error: '' };
  }
}
