// Lab `memory-model`: what the page says — the predict question and its
// answer, the CPU family, and the "what you saw" summary from a run's numbers.
import { fmt } from '../../views/dom.js';
import { outcomeText, scForbidden } from './litmus.js';

/** @type {ReadonlyArray<readonly [string, string]>} */
export const PREDICT = [
  ['never', 'Never: no interleaving of the threads gives it'],
  ['here', 'Yes, on this computer, now and then'],
  ['some', 'Only on some CPUs (ARM phones, Apple silicon), not on x86'],
];

const ACCESS_WORDS = {
  plain: 'plain accesses',
  atomics: 'Atomics.load and Atomics.store',
  fence: 'plain accesses with a fence between',
};

/**
 * The answer the models give for this test and access on this CPU family.
 * @param {import('./litmus.js').LitmusTest} t
 * @param {import('./litmus.js').Access} access
 */
export function modelAnswer(t, access) {
  const v = scForbidden(t)[0].verdict;
  if (access === 'atomics') {
    return { value: 'never', why: 'JavaScript’s Atomics are sequentially consistent: a program whose shared accesses are all atomic behaves like some interleaving of its threads, on every CPU.' };
  }
  if (access === 'fence' && v.tso) {
    return { value: 'never', why: 'On x86 the atomic read-modify-write is a locked instruction: it waits until the store buffer has drained, so the load can no longer overtake the store. (JavaScript promises no fence for plain accesses elsewhere: to be sure on every CPU, use Atomics.)' };
  }
  if (v.tso) {
    return { value: 'here', why: `x86 and ARM both allow it: ${scForbidden(t)[0].why}.` };
  }
  return { value: 'some', why: `x86-TSO forbids it — x86 keeps stores in order and loads in order — but ARMv8 allows it: ${scForbidden(t)[0].why}.` };
}

/**
 * The CPU family, where the browser says it: Chromium's User-Agent Client Hints
 * (`architecture`), else the user agent string. Safari on Apple silicon says
 * "Intel": no answer then.
 * @returns {Promise<'x86' | 'arm' | ''>}
 */
export async function cpuFamily() {
  /** @type {any} */
  const uad = /** @type {any} */ (navigator).userAgentData;
  try {
    const arch = uad ? (await uad.getHighEntropyValues(['architecture'])).architecture : '';
    if (arch === 'x86' || arch === 'arm') return arch;
  } catch {
    // Client hints refused: fall back to the user agent.
  }
  const ua = navigator.userAgent;
  if (/\b(aarch64|arm64|armv\d)/i.test(ua)) return 'arm';
  if (/\b(x86_64|x64|win64|wow64|amd64|i[3-6]86)\b/i.test(ua) && !/Macintosh/.test(ua)) return 'x86';
  return '';
}

/** What the CPU family means for the tests. */
export function cpuText(/** @type {'x86' | 'arm' | ''} */ family) {
  if (family === 'x86') {
    return 'This browser runs on an x86 CPU (Intel or AMD): x86-TSO applies. Only store buffering (SB and the two locks) can break sequential consistency here; MP, LB, IRIW and 2+2W would show their forbidden outcomes on ARM.';
  }
  if (family === 'arm') {
    return 'This browser runs on an ARM CPU: ARMv8’s model applies. Besides store buffering, MP’s and 2+2W’s reorderings can show here (LB’s and IRIW’s rarely); x86 shows none of those.';
  }
  return 'This browser does not say which CPU it runs on. Your runs can tell: if MP or 2+2W ever shows its forbidden outcome, it is not x86.';
}

/**
 * "What you saw", from the run's own numbers.
 * @param {import('./litmus.js').LitmusTest} t
 * @param {import('./litmus.js').Access} access
 * @param {{done: number, forbidden: number, rate: number}} r
 * @param {'x86' | 'arm' | ''} family
 */
export function sawText(t, access, r, family) {
  const bad = scForbidden(t)[0];
  const what = outcomeText(t, bad.vals);
  const perMillion = r.done ? Math.round((r.forbidden * 1e6) / r.done) : 0;
  const head = `In ${fmt(r.done)} iterations of ${t.name} with ${ACCESS_WORDS[access]} (${fmt(Math.round(r.rate))} a second), ${what} — impossible in every interleaving of the threads —`;
  if (r.forbidden > 0) {
    return `${head} happened ${fmt(r.forbidden)} times (${fmt(perMillion)} per million). So this CPU does not run the threads as an interleaving: ${bad.why}. ${
      t.lock ? `The lock let both threads in at once and the counter lost ${fmt(r.forbidden)} of ${fmt(2 * r.done)} increments. ` : ''
    }Switch to Atomics and it cannot happen.`;
  }
  const why =
    access === 'atomics'
      ? 'Atomics are sequentially consistent, so no run can show it.'
      : access === 'fence' && bad.verdict.tso
        ? 'The fence keeps each load behind the store before it.'
        : !bad.verdict.tso && family !== 'arm'
          ? 'x86 never reorders these accesses; an ARM CPU may.'
          : 'It is allowed, but rare: run more iterations.';
  return `${head} never happened. ${why}`;
}
