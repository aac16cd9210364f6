// A run's lifecycle, the same for every lab: the panel's run state, the Run
// and Stop buttons, focus, the run-started / run-finished events, a failed
// run's message, and Stop. A lab supplies only what a run *does* (`start`)
// and how it is stopped (`stop`).
import { EMBED, emitLabEvent, emitRunFinished } from '../embed/protocol.js';
import { bindParamForm, showRunFailed } from './param-form.js';

/**
 * What a lab's run reports when it ends.
 * @typedef {object} RunOutcome
 * @property {'done' | 'stopped' | 'deadlock'} state the panel's run state afterwards
 * @property {string} summary the status line: what happened, in a sentence or two
 * @property {Record<string, unknown>} [results] the lab's own numbers, plain JSON, for a course page
 *   around an embedded lab (no BigInt: convert to Number or String)
 * @property {string} [saw] "what you saw": the run's lesson in plain words, drawn from its own numbers
 */

/**
 * @typedef {object} RunContext what `start` gets
 * @property {number} no this run's number on the page, from 1
 * @property {Record<string, any>} params the values the run uses (a copy)
 * @property {() => boolean} stopRequested whether Stop was pressed during this run
 * @property {(text: string) => void} say sets the status line (progress)
 */

/**
 * @typedef {object} RunHooks
 * @property {HTMLElement} root the lab's panel (`#main`): its `data-state` is the run state tests and
 *   the embed read (`running`, `done`, `stopped`, `deadlock`, `error`)
 * @property {{form: HTMLFormElement, runBtn: HTMLButtonElement, stopBtn: HTMLButtonElement, status: HTMLElement}} controls
 * @property {Record<string, any>} values the form's current valid values (updated in place by the form)
 * @property {(run: RunContext) => Promise<RunOutcome>} start does the run
 * @property {() => unknown} stop asks the run to end (cooperatively, or by ending its workers)
 * @property {FormHooks} [params] binds the form to the lab's schema (bindParamForm): every edit is checked,
 *   the URL follows the form, and Run is enabled only while the values are valid and no run goes
 * @property {() => void} [refresh] re-enables Run when the form allows it (for a lab that binds its form itself)
 * @property {(outcome: RunOutcome | null) => void} [after] runs after every run, failed ones too (null)
 */

/**
 * What `bindParamForm` needs beyond what the controller already has.
 * @typedef {object} FormHooks
 * @property {import('../params.js').Schema} schema
 * @property {import('../main.js').LabContext} ctx
 * @property {HTMLElement} errorsBox where bad values are listed
 * @property {string[]} [threadModes] the `mode` values that need shared memory
 * @property {(raw: Record<string, string>) => Record<string, string>} [check] errors the schema cannot know
 * @property {() => void} [onValues] after every edit, valid or not
 * @property {() => boolean} [blocked] true while the lab cannot run at all (Run stays disabled)
 */

export class RunController {
  /** @param {RunHooks} h */
  constructor(h) {
    this.h = h;
    this.running = false;
    this.stopPressed = false;
    this.runs = 0;
    const { form, runBtn, stopBtn } = h.controls;
    const p = h.params;
    /** The form's binding (null when the lab binds its form itself). */
    this.binding = p
      ? bindParamForm({
          form,
          runBtn,
          values: h.values,
          schema: p.schema,
          ctx: p.ctx,
          errorsBox: p.errorsBox,
          threadModes: p.threadModes,
          check: p.check,
          onValues: p.onValues,
          isRunning: () => this.running || !!p.blocked?.(),
        })
      : null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });
    stopBtn.addEventListener('click', () => void this.stop());
  }

  /** Starts a run (what Run does); ignored while one goes or the form is invalid. */
  async run() {
    const { root, controls, values } = this.h;
    const { runBtn, stopBtn, status } = controls;
    if (this.running || runBtn.disabled) return;
    this.running = true;
    this.stopPressed = false;
    const no = ++this.runs;
    const params = { ...values };
    // Keep focus where the learner is: Run is about to be disabled, which
    // would drop focus to <body>; Stop is what they may want next.
    const focusWasOnRun = document.activeElement === runBtn || document.activeElement === document.body;
    stopBtn.disabled = false;
    runBtn.disabled = true;
    if (focusWasOnRun || root.contains(document.activeElement)) stopBtn.focus();
    root.dataset.state = 'running';
    emitLabEvent(root, EMBED.RUN_STARTED, { run: no, params });
    /** @type {RunOutcome | null} */
    let outcome = null;
    try {
      outcome = await this.h.start({
        no,
        params,
        stopRequested: () => this.stopPressed,
        say: (text) => {
          status.textContent = text;
        },
      });
      root.dataset.state = outcome.state;
      status.textContent = outcome.summary;
    } catch (err) {
      showRunFailed(root, status, err);
    } finally {
      this.running = false;
      const focusWasOnStop = document.activeElement === stopBtn || document.activeElement === document.body;
      runBtn.disabled = false;
      this.binding?.refresh();
      this.h.refresh?.();
      if (focusWasOnStop && !runBtn.disabled) runBtn.focus();
      stopBtn.disabled = true;
      this.showSaw(outcome);
      this.h.after?.(outcome);
      emitRunFinished(root, { run: no, params, results: outcome?.results ?? {}, summary: status.textContent ?? '' });
    }
  }

  /** Stop: tells the lab once, and says so. */
  async stop() {
    if (!this.running || this.stopPressed) return;
    this.stopPressed = true;
    // Focus on the now disabled Stop falls to <body>; the run's end puts it on Run.
    this.h.controls.stopBtn.disabled = true;
    this.h.controls.status.textContent = 'Stopping…';
    await this.h.stop();
  }

  /**
   * Fills the panel's "what you saw" box (`#what-you-saw`, if the lab has one)
   * from the run's own words.
   * @param {RunOutcome | null} outcome
   */
  showSaw(outcome) {
    const box = /** @type {HTMLElement | null} */ (this.h.root.querySelector('#what-you-saw'));
    const text = box?.querySelector('[data-saw-text]');
    if (!box || !text) return;
    box.hidden = !outcome?.saw;
    text.textContent = outcome?.saw ?? '';
  }
}

/**
 * Stops whichever runtime a lab's run is using now: the threads (the stop word,
 * then the watchdog) or the isolated workers (terminated). What most labs'
 * `stop` hook does.
 * @param {import('../main.js').LabContext} ctx
 * @param {string | null} side `shared`, `isolated`, or null when neither runs
 */
export async function stopSide(ctx, side) {
  if (side === 'shared') await ctx.shared?.stop();
  else if (side === 'isolated') ctx.isolated.stop();
}
