// Lab `stepper`: the program's life cycle on the page — starting a program
// (compile, then replay a schedule) in the stepping worker, what a refusal
// leaves on screen (nothing loaded, and a status line that says so), and
// recovering from a request that was stopped or whose interpreter failed: a
// fresh worker compiles the program again and replays it to the step on
// screen. Every stepping request goes through `request`.
import { Crashed, Stopped, WATCHDOG_MS } from './session.js';
import { showCompileError, showRefusal } from './compile-error.js';
import { stepCount } from './schedule.js';

/**
 * What the page holds and shows.
 * @typedef {{
 *   snap: import('./types.js').Snapshot | null,
 *   fullSchedule: string,
 *   program: {source: string, code: import('./types.js').CodeObject[]},
 *   starts: number,
 *   startedWith: {mode: string, k: number, seed?: number},
 * }} Held
 *   `snap`: the state on screen (null: nothing loaded); `fullSchedule`: the furthest schedule on the
 *   current branch (the timeline can go forward again after an undo); `program`: the compiled program on
 *   screen; `starts`: counts starts, so the answer to a superseded one is dropped; `startedWith`: the
 *   mode and k the program runs with.
 */

const said = (/** @type {unknown} */ err) => (err instanceof Error ? err.message : String(err));

/**
 * @param {{
 *   st: Held, root: HTMLElement, $: (sel: string) => HTMLElement, status: HTMLElement, live: HTMLElement,
 *   view: HTMLElement, runBtn: HTMLButtonElement, session: import('./session.js').StepSession,
 *   listings: import('./listings.js').Listings, editor: () => import('./editor.js').Editor | null,
 *   values: Record<string, any>, setParam: (name: string, v: string | number) => void,
 *   show: (s: import('./types.js').Snapshot) => void, showErrors: (errors: Record<string, string>) => void,
 *   currentErrors: () => Record<string, string>, exploringNow: () => boolean, isDisposed: () => boolean,
 * }} c
 */
export function createLifecycle(c) {
  let busyTimer = 0;

  function showScheduleError(/** @type {string} */ msg) {
    const box = c.$('#schedule-error');
    box.hidden = false;
    box.textContent = msg;
  }

  /**
   * Compiles `source` and starts it afresh (then replays `schedule`), in a fresh
   * worker if the last one failed. Resolves to false (having shown why) when it
   * cannot. `after`: what happened before, said in the status line instead of "Compiled".
   */
  async function start(/** @type {string} */ source, /** @type {string} */ schedule = '', /** @type {string} */ after = '') {
    const my = ++c.st.starts;
    if (c.root.dataset.state === 'error') delete c.root.dataset.state;
    c.$('#compile-error').hidden = true;
    c.$('#schedule-error').hidden = true;
    c.runBtn.disabled = true;
    const mode = c.values.mode;
    const k = c.values.k;
    let r;
    try {
      r = await c.session.start(source, mode, k, schedule, c.values.seed);
    } catch (err) {
      if (my !== c.st.starts || c.isDisposed() || (err instanceof Stopped && err.dropped)) return false;
      const why = err instanceof Crashed ? `the interpreter crashed (${err.message})` : said(err);
      // A schedule that cannot be replayed in time (or crashes) must not lock the program out: step 0 instead.
      if (schedule) {
        c.setParam('schedule', '');
        return start(source, '', `The schedule in the address could not be replayed: ${why}. A fresh interpreter runs the program from step 0.`);
      }
      unload();
      showRefusal(c.$('#compile-error'), `The program could not be started: ${why}. Nothing ran.`);
      c.status.textContent = `The program could not be started: ${why}. Nothing ran.`;
      c.root.dataset.compile = 'error';
      return false;
    }
    if (my !== c.st.starts || c.isDisposed()) return false;
    if (!r.compiled.ok) {
      unload();
      showCompileError(c.$('#compile-error'), source, r.compiled.error);
      if (c.editor()?.value === source) {
        c.editor()?.markThreads([]);
        c.editor()?.markError(r.compiled.error);
      }
      c.status.textContent = `Compile error at line ${r.compiled.error.line}, column ${r.compiled.error.col}. Nothing ran.`;
      c.root.dataset.compile = 'error';
      return false;
    }
    c.root.dataset.compile = 'ok';
    c.st.program = { source, code: r.compiled.code };
    c.editor()?.markError(null);
    c.$('#python-code').textContent = source;
    if (!r.snapshot) {
      unload();
      c.status.textContent = `${r.refused ?? 'The program could not start'}. Nothing ran.`;
      return false;
    }
    c.st.startedWith = { mode, k, seed: c.values.seed };
    c.listings.build(source, c.st.program.code);
    c.view.hidden = false;
    c.st.fullSchedule = r.refused ? '' : schedule;
    if (schedule && r.refused) {
      showScheduleError(`The schedule "${schedule.length > 40 ? `${schedule.slice(0, 40)}…` : schedule}" cannot be replayed: ${r.refused}. Nothing ran: back at step 0.`);
      c.setParam('schedule', '');
    }
    c.show(r.snapshot);
    c.showErrors(c.currentErrors());
    c.runBtn.disabled = c.exploringNow() || Object.keys(c.currentErrors()).length > 0;
    c.status.textContent = after
      ? after
      : schedule && r.refused
        ? 'The schedule in the address cannot be replayed; nothing ran.'
        : schedule
          ? `Replayed the schedule: ${stepCount(schedule)} steps.`
          : 'Compiled. Step 0: pick a thread to run (keys 0–9, or the buttons).';
    if (after) c.live.textContent = after;
    return true;
  }

  /**
   * After a request was stopped (Stop, the watchdog) or its interpreter failed:
   * a fresh worker compiles the program again and replays it to the step on
   * screen, the last state known to be good.
   * @param {unknown} err
   * @param {string} what the request, as the start of a sentence ("The random run")
   */
  async function recover(err, what) {
    if (c.isDisposed() || (err instanceof Stopped && err.dropped)) return;
    const why = err instanceof Crashed
      ? `${what} failed: the interpreter crashed (${err.message}${/unreachable|memory/i.test(err.message) ? ' — most likely the program used more memory than the interpreter has' : ''})`
      : err instanceof Stopped && err.message === 'stopped' ? `${what} was stopped` : `${what} was ended: ${said(err)}`;
    const at = c.st.snap?.schedule ?? '';
    c.root.dataset.recoveries = String(Number(c.root.dataset.recoveries ?? 0) + 1);
    await start(c.st.program.source, at, `${why}. A fresh interpreter compiled the program again${at ? ` and replayed it to step ${at.length}` : ''}: it works as before.`);
  }

  /**
   * Sends one stepping request; a Stop, the watchdog or a failure is recovered
   * from (see `recover`) and gives null.
   * @template T
   * @param {string} what
   * @param {() => Promise<T>} send
   * @returns {Promise<T | null>}
   */
  async function request(what, send) {
    try {
      return await send();
    } catch (err) {
      await recover(err, what);
      return null;
    }
  }

  /** While a request runs long: how long, and the Stop that ends it. */
  function showBusy(/** @type {number | null} */ since) {
    const box = c.$('#step-busy');
    clearInterval(busyTimer);
    box.hidden = since === null;
    if (since === null) return;
    const tick = () => {
      c.$('#step-busy-text').textContent = `The interpreter is working… ${((performance.now() - since) / 1000).toFixed(1)} s (it stops by itself after ${WATCHDOG_MS / 1000} s).`;
    };
    tick();
    busyTimer = window.setInterval(tick, 250);
  }

  /** Nothing loaded: no stepper view, no exploring. */
  function unload() {
    c.st.snap = null;
    c.view.hidden = true;
    c.runBtn.disabled = true;
    delete c.root.dataset.step;
  }

  return { start, recover, request, showBusy, showScheduleError, unload, dispose: () => clearInterval(busyTimer) };
}
