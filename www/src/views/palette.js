// Colours for what the canvases and charts draw, in the page's light or dark
// theme (`prefers-color-scheme`). The page's own colours are CSS custom
// properties in styles.css; the ones here are those a canvas or uPlot needs as
// values. tests/palette.test.mjs checks every number below.
//
// Writer colours: 16 per theme, chosen by scripts/choose-palette.mjs so that
// - each is at ≥ 3:1 (WCAG non-text contrast) against that theme's empty grid cell, and
// - any two stay ≥ 8.8 apart (CIEDE2000) with normal vision and with simulated deuteranopia,
//   protanopia and tritanopia (Machado et al. 2009), the first eight ≥ 10.7 — the old palette
//   had writers 8 and 16 1.2 apart under deuteranopia, and a yellow at 1.14:1 on the empty cell;
// - in farthest-point order: the first n writers are as distinct as the set allows.
// Writer w's colour differs between the themes (a lighter set on the dark grid).
// Colour is never the only channel: views label writers by number, and
// `writerMark(w)` gives each writer beyond the eighth a pattern for swatches,
// legends and any mark larger than a grid cell.

/** @typedef {'light' | 'dark'} Scheme */

/** Writer colours on the light theme's empty cell #ECEEF2. */
export const LIGHT_WRITERS = Object.freeze([
  '#2222DD', '#FF2200', '#882244', '#338888', '#996655', '#006666', '#6677FF', '#BB0000',
  '#CC5588', '#771199', '#9977BB', '#BB0066', '#885599', '#4455EE', '#778833', '#775533',
]);

/** Writer colours on the dark theme's empty cell #2A2F36. */
export const DARK_WRITERS = Object.freeze([
  '#FF3311', '#9999FF', '#55FF99', '#449988', '#FFAACC', '#998855', '#BB66BB', '#FFDD33',
  '#BBEECC', '#DD6688', '#AABB88', '#BBBB44', '#EEBBFF', '#55BBAA', '#CC99CC', '#9966FF',
]);

/** Everything a canvas or chart draws with, per theme. */
const THEMES = /** @type {const} */ ({
  light: {
    scheme: 'light',
    /** A grid cell nobody has written (also `--empty` in styles.css). */
    empty: '#ECEEF2',
    writers: LIGHT_WRITERS,
    /** Text, axes and outlines drawn on a canvas (≥ 4.5:1 on `surface`). */
    ink: '#1B1F24',
    muted: '#4A5360',
    /** A view's background (`--view`), what charts are drawn on. */
    surface: '#FFFFFF',
    /** Alternate lane backgrounds of a timeline. */
    lanes: ['#F4F5F7', '#ECEEF2'],
    /** Gridlines (decoration: no contrast needed). */
    rule: '#E3E6EB',
    /** Chart series (≥ 3:1 on `surface`), told apart by dash and marker as well. */
    chart: { theory: '#0072B2', cores: '#007A5A', measured: '#C2410C', marker: '#555555' },
  },
  dark: {
    scheme: 'dark',
    empty: '#2A2F36',
    writers: DARK_WRITERS,
    ink: '#E8EAED',
    muted: '#A9B1BC',
    surface: '#16191D',
    lanes: ['#1E2228', '#252A31'],
    rule: '#2F353D',
    chart: { theory: '#56B4E9', cores: '#3FC59B', measured: '#FF8A4C', marker: '#B8BEC6' },
  },
});

/** @typedef {typeof THEMES.light | typeof THEMES.dark} ThemeColours */

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/** The scheme the page shows now. */
export const currentScheme = () => /** @type {Scheme} */ (darkQuery?.matches ? 'dark' : 'light');

/**
 * The colours to draw with now (light or dark). Read it when drawing, not once
 * at load, and redraw on `onSchemeChange` — the learner's system may switch
 * at dusk. For the lead: canvas code takes `ink`, `muted`, `lanes`, `surface`
 * from here instead of literals; uPlot series take `chart.*` (rebuild the
 * series' stroke on a change).
 * @param {Scheme} [scheme]
 * @returns {ThemeColours}
 */
export const themeColours = (scheme = currentScheme()) => THEMES[scheme];

/**
 * Writer colours of the current scheme: a live array, updated in place when
 * the scheme changes (code that keeps a reference sees the new colours).
 * @type {string[]}
 */
export const WRITER_COLOURS = [...THEMES[currentScheme()].writers];

/** The empty cell of the current scheme (read when drawing). */
export const emptyColour = () => themeColours().empty;

/** @param {string} hex */
function rgba(hex) {
  const n = parseInt(hex.slice(1), 16);
  // ImageData is RGBA in memory; a little-endian Uint32 reads it as ABGR.
  return (0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | (n >> 16);
}

/**
 * Index 0: empty; index w+1: writer w — the arena's `writers` encoding. Live:
 * refilled in place when the scheme changes, so grid drawers always paint the
 * current theme.
 */
export const PIXELS = new Uint32Array(1 + WRITER_COLOURS.length);

function fill() {
  const t = themeColours();
  WRITER_COLOURS.splice(0, WRITER_COLOURS.length, ...t.writers);
  PIXELS.set([t.empty, ...t.writers].map(rgba));
}
fill();

/** @type {Set<(scheme: Scheme) => void>} */
const listeners = new Set();
darkQuery?.addEventListener('change', () => {
  fill();
  for (const f of listeners) f(currentScheme());
});

/**
 * Calls `f` after the colour scheme changes (the live arrays are already
 * updated); returns a function that stops the calls.
 * @param {(scheme: Scheme) => void} f
 */
export function onSchemeChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** @param {number} writer 0-based */
export const colourOf = (writer) => WRITER_COLOURS[writer % WRITER_COLOURS.length];

/**
 * The patterns that set writers 9–16 apart from 1–8 in anything bigger than a
 * grid cell. `none` for writers 1–8.
 * @typedef {'none' | 'stripes' | 'dots'} Pattern
 */

/**
 * A writer's mark: its colour, a pattern for writers beyond the eighth, and
 * the CSS `background` that draws both (for swatches and legends). A canvas
 * drawer can use `pattern` with `canvasPattern`.
 * @param {number} writer 0-based
 * @returns {{colour: string, pattern: Pattern, background: string}}
 */
export function writerMark(writer) {
  const colour = colourOf(writer);
  const w = writer % WRITER_COLOURS.length;
  /** @type {Pattern} */
  const pattern = w < 8 ? 'none' : w % 2 ? 'dots' : 'stripes';
  const over = currentScheme() === 'dark' ? 'rgba(0, 0, 0, 0.55)' : 'rgba(255, 255, 255, 0.7)';
  const background =
    pattern === 'stripes'
      ? `repeating-linear-gradient(135deg, ${colour} 0 3px, ${over} 3px 5px), ${colour}`
      : pattern === 'dots'
        ? `radial-gradient(${over} 1.3px, transparent 1.6px) 0 0 / 5px 5px, ${colour}`
        : colour;
  return { colour, pattern, background };
}

/**
 * A canvas pattern for a writer's mark (null for writers 1–8: fill with the colour).
 * @param {CanvasRenderingContext2D} g
 * @param {number} writer 0-based
 * @returns {CanvasPattern | null}
 */
export function canvasPattern(g, writer) {
  const { colour, pattern } = writerMark(writer);
  if (pattern === 'none') return null;
  const tile = new OffscreenCanvas(6, 6);
  const t = /** @type {OffscreenCanvasRenderingContext2D} */ (tile.getContext('2d'));
  t.fillStyle = colour;
  t.fillRect(0, 0, 6, 6);
  t.fillStyle = currentScheme() === 'dark' ? 'rgba(0, 0, 0, 0.55)' : 'rgba(255, 255, 255, 0.7)';
  if (pattern === 'dots') t.fillRect(2, 2, 2, 2);
  else for (let i = 0; i < 6; i++) t.fillRect(i, 5 - i, 1, 1);
  return g.createPattern(tile, 'repeat');
}
