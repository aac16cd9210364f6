// Markup every lab panel has, written once: the predict question, the Python
// twin, the "what you saw" box. (The form comes from the schema: form.js.)

/**
 * "Predict first": a question and its answers as radios (bindPredict reports the choice).
 * @param {string} question may hold inline markup (`<code>`)
 * @param {ReadonlyArray<readonly [string, string]>} options `[value, answer text]`
 */
export const predictHtml = (question, options) => `<fieldset class="predict" id="predict">
      <legend>Predict first: ${question}</legend>
      ${options.map(([v, text]) => `<label><input type="radio" name="predict" value="${v}"> ${text}</label>`).join('')}
      <p id="predict-feedback" class="feedback" aria-live="polite"></p>
    </fieldset>`;

/**
 * The lab's Python twin, runnable, in a box the keyboard can reach and scroll
 * (a scrollable region must be focusable: axe `scrollable-region-focusable`).
 * The panel fills `#python-code` with the file's text.
 * @param {string} intro what the file shows, in a few sentences (markup allowed)
 */
export const pythonHtml = (intro) => `<details class="python">
      <summary>The same in Python (runnable)</summary>
      <p>${intro} ThreadLab’s CI runs this file with <code>python3</code>.</p>
      <pre tabindex="0" role="region" aria-label="The Python program"><code id="python-code"></code></pre>
    </details>`;

/** The box the run controller fills with the run's lesson in plain words. */
export const SAW_HTML = `<section id="what-you-saw" class="saw" aria-labelledby="saw-h" hidden>
      <h2 id="saw-h">What you saw</h2>
      <p data-saw-text></p>
    </section>`;
