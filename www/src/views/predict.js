// The "predict first" question every lab asks before a run: its choice is
// reported to a course page that embeds the lab (EMBED.PREDICT), so an
// instructor can see predictions before results.
import { EMBED, emitLabEvent } from '../embed/protocol.js';

/**
 * Emits `threadlab:predict` whenever a radio named `predict` inside `#predict` changes.
 * @param {HTMLElement} root the lab's panel
 * @param {ReadonlyArray<readonly [string, string]>} options `[value, answer text]` of each choice
 */
export function bindPredict(root, options) {
  root.querySelector('#predict')?.addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    if (input.name !== 'predict') return;
    const answer = options.find(([v]) => v === input.value)?.[1] ?? '';
    const question = root.querySelector('#predict legend')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    emitLabEvent(root, EMBED.PREDICT, { question, choice: input.value, answer });
  });
}
