// Lab `io`: the words — the lede, the status line after a run, and "what you
// saw", each built from the run's own numbers.
import { fmtMs } from '../../views/dom.js';
import { WAY_NAMES } from './model.js';

export const explainHtml = `When does concurrency pay? <b>N</b> requests each wait a latency <b>L</b> for a response
  and then cost <b>c</b> of CPU to handle it. The same job runs four ways on real workers: one thread, one request
  after another; <b>W</b> threads that must hold a GIL to compute but <em>release it while they wait</em>; one
  event-loop thread running N tasks that switch only at <code>await</code>; and W isolated workers (processes).
  Waiting is real blocking that uses no CPU; computing is real work.`;

/**
 * How many requests of a way ended each way.
 * @param {any} r a way's result
 */
const count = (r, /** @type {string} */ status) => (r?.requests ?? []).filter((/** @type {any} */ q) => q?.status === status).length;

/**
 * The status line after the four ways.
 * @param {Record<string, any>} v
 * @param {Record<string, any>} r
 */
export function verdictOf(v, r) {
  const parts = Object.entries(r).map(([way, x]) => `${WAY_NAMES[/** @type {keyof typeof WAY_NAMES} */ (way)]} ${fmtMs(x.elapsedMs)} ms`);
  return `Done: ${parts.join(' · ')} (N = ${v.n}, L = ${v.latency} ms, c = ${v.cpu} ms, W = ${v.workers}).`;
}

/**
 * "What you saw", from the measured ratios.
 * @param {Record<string, any>} v
 * @param {Record<string, any>} r
 */
export function sawOf(v, r) {
  const out = [];
  const seq = r.sequential?.elapsedMs;
  const x = (/** @type {string} */ way) => (seq && r[way] ? seq / r[way].elapsedMs : 0);
  if (seq) {
    out.push(`One request after another took ${fmtMs(seq)} ms.`);
    out.push(
      `${v.workers} threads under the GIL took ${fmtMs(r.threads.elapsedMs)} ms — ${x('threads').toFixed(1)}× faster: each dropped the GIL while it waited, so the waits overlapped${
        v.cpu > 0 ? `, and only the computing (${fmtMs(r.threads.cpuMs)} ms of it) took turns, ${fmtMs(r.threads.gilWaitMs)} ms spent waiting for the GIL` : ''
      }.`,
    );
    out.push(
      `One event-loop thread took ${fmtMs(r.loop.elapsedMs)} ms — ${x('loop').toFixed(1)}× — with ${r.loop.switches} switches, all at an await.`,
    );
  }
  if (r.processes) {
    out.push(
      `${v.workers} processes took ${fmtMs(r.processes.elapsedMs)} ms${seq ? ` — ${x('processes').toFixed(1)}×` : ''}: their waits overlap too, and their computing can use every core.`,
    );
  }
  if (v.timeout > 0 && r.loop) {
    const cancelled = count(r.loop, 'cancelled');
    const late = v.onTimeout === 'abandon' ? count(r.threads, 'abandoned') : count(r.threads, 'skipped');
    out.push(
      `With a ${v.timeout} ms timeout the event loop cancelled ${cancelled} slow task${cancelled === 1 ? '' : 's'} at their await; the threads could only ${
        v.onTimeout === 'abandon' ? 'be abandoned' : 'be asked to stop'
      } — ${late} of them still waited out their whole latency${v.onTimeout === 'abandon' ? ' and computed a response nobody read' : ' before they saw the request'}.`,
    );
  }
  if (v.cpu > 0 && seq && x('threads') < 1.5) out.push('Here the work is CPU-bound: the GIL lets the threads compute one at a time, so they gain little.');
  return out.join(' ');
}
