// Lab `stepper`: the panel's markup. Everything dynamic is filled in by the
// panel (panel.js) and the renderers (render.js, listings.js, explore.js).
import { PARAM_ERRORS_HTML } from '../../views/param-form.js';
import { MAX_PROGRAM_BYTES } from './url.js';
import { MODE_INFO } from './meta.js';

/** The panel's HTML, for `root.innerHTML`. */
export const markup = (/** @type {string} */ title) => `
  <article class="lab stepper" aria-labelledby="lab-title">
    <h1 id="lab-title">${title}</h1>
    <p class="lede">A small Python interpreter runs your program one bytecode at a time, and <b>you</b> pick which
    thread runs next. <code>counter += 1</code> is three steps — load, add, store — and another thread may run between
    any two of them. Step the threads by hand, replay a schedule, or let the page try every interleaving and count
    how the program can end.</p>
    <p id="no-coi-note" class="notice" hidden>The stepper needs no shared memory: everything on this page works here,
    whatever the note above says about threads.</p>
    <div class="stepper-top">
    <section class="editor" aria-labelledby="editor-h">
      <h2 id="editor-h">Program</h2>
      <div class="editor-bar">
        <label for="sample-select">Load sample</label>
        <select id="sample-select"></select>
        <button type="button" id="load-sample">Load</button>
      </div>
      <p class="program-label" id="program-label">Program text (a subset of Python: threading, multiprocessing, asyncio)</p>
      <div id="program" class="code-editor"><p class="sub">Loading the editor…</p></div>
      <p class="sub editor-keys" id="editor-keys">In the editor <kbd>Tab</kbd> indents; press <kbd>Esc</kbd> then
      <kbd>Tab</kbd> to move on (or <kbd>Ctrl</kbd>+<kbd>M</kbd> to make Tab always move on), and
      <kbd>Ctrl</kbd>+<kbd>Enter</kbd> compiles.</p>
      <div class="buttons">
        <button type="button" id="compile" class="primary">Compile</button>
        <button type="button" id="reset">Reset to step 0</button>
      </div>
      <p class="sub link-note">Compile puts the program in the page's address after <code>#</code>: copy the address
      to share it. That part of a link never reaches a server; it holds programs of up to ${MAX_PROGRAM_BYTES.toLocaleString('en-US')} bytes.</p>
      <div id="compile-error" class="errors" role="alert" hidden></div>
    </section>
    <div class="stepper-side">
    <form class="controls" id="controls" novalidate>
      <label class="num">Mode (which Python) <select name="mode" aria-describedby="mode-models">
        ${Object.entries(MODE_INFO).map(([v, m]) => `<option value="${v}">${m.label}</option>`).join('')}
      </select><small id="mode-models" class="mode-models">the same program, different switching rules</small></label>
      <label class="num">GIL interval k <input type="number" name="k" min="1" max="1000" step="1" required aria-describedby="k-help"><small id="k-help">1–1000 bytecodes (GIL mode)</small></label>
      <label class="num">Seed <input type="number" name="seed" min="0" max="4294967295" step="1" required aria-describedby="seed-help"><small id="seed-help">for the random run, and the program's <code>random</code></small></label>
      <label class="num">State budget <input type="number" name="budget" min="10" max="5000000" step="1" required aria-describedby="budget-help"><small id="budget-help">10 – 5,000,000 (exploration)</small></label>
      <input type="hidden" name="sample"><input type="hidden" name="schedule">
      <label class="num">Search <select name="search" aria-describedby="search-help">
        <option value="every">every interleaving</option>
        <option value="bounded">at most P preemptions (P = 0, 1, 2, …)</option>
      </select><small id="search-help">bounded: for programs too big to explore completely</small></label>
      <label class="num">Bug depth d <input type="number" name="depth" min="1" max="5" step="1" required aria-describedby="depth-help"><small id="depth-help">1–5, for the hunt (a lost update has depth 2)</small></label>
      <div class="buttons">
        <button type="submit" id="run" class="primary">Explore</button>
        <button type="button" id="hunt" aria-describedby="hunt-help">Hunt for a bug</button>
        <button type="button" id="stop" disabled>Stop</button>
      </div>
      <small id="hunt-help" class="sub">The hunt makes random runs (PCT: random thread priorities, d − 1 changes per run, from the seed) until one ends differently from the sequential run.</small>
    </form>
    ${PARAM_ERRORS_HTML}
    <fieldset class="predict" id="predict">
      <legend id="predict-q">Predict first</legend>
      <label><input type="radio" name="predict" value="yes"> Yes</label>
      <label><input type="radio" name="predict" value="no"> No</label>
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>
    </div>
    </div>
    <p id="status" class="status" role="status" aria-live="polite">Loading the interpreter…</p>
    <p id="step-busy" class="busy step-busy" hidden><span id="step-busy-text"></span>
      <button type="button" id="step-stop">Stop the interpreter</button></p>
    <section id="explore-view" class="explore-view panel" aria-labelledby="explore-h" hidden>
      <h2 id="explore-h">Every interleaving</h2>
      <p id="explore-busy" class="busy" hidden><progress id="explore-progress" aria-label="Exploring"></progress> <span id="explore-elapsed"></span></p>
      <p id="explore-line" class="explore-line" aria-live="off"></p>
      <p id="explore-summary"></p>
      <ol id="outcomes" class="outcomes"></ol>
    </section>
    <section id="stepper-view" class="stepper-view" aria-labelledby="stepping-h" hidden>
      <h2 id="stepping-h" tabindex="-1">Step it</h2>
      <div class="sched" role="group" aria-label="Scheduler">
        <div id="thread-buttons" class="thread-buttons"></div>
        <p id="mode-note" class="mode-note" hidden></p>
        <p id="lasso-note" class="lasso-note" hidden></p>
        <div class="sched-row">
          <button type="button" id="undo" aria-keyshortcuts="u Backspace">Undo one step (u)</button>
          <label class="timeline-label" for="timeline">Step <output id="step-no">0</output> of <span id="step-max">0</span></label>
          <input type="range" id="timeline" min="0" max="0" value="0">
          <button type="button" id="run-random">Random run (seed)</button>
          <button type="button" id="run-seq">Run sequentially</button>
        </div>
        <form id="schedule-form" class="sched-row" novalidate>
          <label for="schedule-input">Schedule</label>
          <input id="schedule-input" class="code" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" aria-describedby="schedule-help">
          <button type="submit" id="replay">Replay</button>
          <small id="schedule-help">one thread number per step; it is in the page's address, so a link replays it</small>
        </form>
        <p id="schedule-error" class="errors" role="alert" hidden></p>
      </div>
      <p id="step-live" class="step-live" role="status" aria-live="polite"></p>
      <div id="outcome" class="outcome" hidden></div>
      <div class="stepper-main">
          <section class="panel src-panel" aria-labelledby="src-h"><h3 id="src-h">Source</h3><ol id="src-lines" class="src-lines" tabindex="0" aria-label="Source, line by line, with each thread's place"></ol></section>
          <section class="panel" aria-labelledby="dis-h"><h3 id="dis-h">Bytecode <small>(as <code>dis</code> shows it)</small></h3><div id="dis" role="region" tabindex="0" aria-label="Bytecode, with each thread's next instruction"></div></section>
        <div class="state-panels">
          <div id="memories" class="memories"></div>
          <section class="panel" aria-labelledby="threads-h"><h3 id="threads-h">Threads</h3><p id="virtual-time" class="sub virtual-time">virtual time <b>0.000 s</b></p><div id="threads" class="threads"></div></section>
          <section class="panel" id="syncs-panel" aria-labelledby="syncs-h"><h3 id="syncs-h">Locks, queues and events</h3><div id="syncs"></div></section>
          <section class="panel" aria-labelledby="out-h"><h3 id="out-h">Output</h3><pre id="output" class="output" tabindex="0" role="region" aria-label="What the program printed"></pre></section>
        </div>
      </div>
    </section>
    <details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>The program is ordinary Python (a subset): save it as a file and run it with <code>python3</code>. Real
      CPython picks the schedule itself, so a race shows up only now and then — here you choose it. ThreadLab's CI
      checks that every sample, run one thread after another, prints what <code>python3</code> prints.</p>
      <pre class="python-code" tabindex="0" role="region" aria-label="The program, runnable with python3"><code id="python-code"></code></pre>
    </details>
    <details class="how">
      <summary>What you are looking at</summary>
      <p>The program is compiled to bytecode, like CPython's (the right-hand listing is what <code>dis</code> would
      print). A thread runs one instruction per step; between any two steps the scheduler — you — may switch to another
      thread. Each thread's badge (colour <em>and</em> number) marks its current line and instruction.</p>
      <p>The memory panel holds the globals. A cell takes the colour and number of the thread that wrote it last, so a
      lost update shows as a store that overwrote another thread's. Each process has its own panel: a child process
      writes its own copy and the parent's never changes.</p>
      <p>Each mode is a real Python and says where a switch may happen: <b>free-threaded</b> anywhere; <b>GIL 3.10+</b>
      only after a call or a backward jump (or when the running thread blocks); <b>GIL before 3.10</b> after k
      instructions; <b>asyncio</b> only at <code>await</code>; the <b>process</b> modes give every process its own memory
      — a copy with <b>fork</b>, a fresh run of the module with <b>spawn</b> and <b>forkserver</b>. Exploration tries
      every schedule the mode allows (identical states are merged), groups the endings, and gives one witness
      schedule for each — open it to watch that ending happen. A program that can run forever shows a
      <b>lasso</b>: the steps into a loop, then the loop, which comes back to the same state.</p>
      <p>Keys (outside text fields): <kbd>1</kbd>–<kbd>9</kbd> (and <kbd>0</kbd> for the main thread) step that thread
      one bytecode; <kbd>Shift</kbd>+digit runs it to its next line; <kbd>u</kbd> or <kbd>Backspace</kbd> undoes a step.
      The program is ordinary Python: copy it and run it with <code>python3</code>.</p>
    </details>
  </article>`;
