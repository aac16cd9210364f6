// The colours, measured: writer colours against the empty grid cell and
// against each other as people with each common colour-vision deficiency see
// them (simulated, Machado et al. 2009; distances in CIEDE2000), the page's
// theme colours (styles.css) for text and non-text contrast, and the chart
// colours a canvas draws with. No browser needed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DARK_WRITERS, LIGHT_WRITERS, themeColours } from '../www/src/views/palette.js';
import { VISIONS, closestPair, contrast, simulate } from './colour-vision.mjs';

/** Smallest CIEDE2000 distance we accept between two writers, in every vision. Side by side, ~2 is a just noticeable difference; 8 is plainly different. */
const MIN_DE = 8;

/** The palette before this test existed: Okabe & Ito, then Tol's muted set. */
const OLD = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#555555',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255'];

describe('the measure itself', () => {
  test('finds what was wrong with the old palette', () => {
    const deut = closestPair(OLD, 'deuteranopia');
    assert.deepEqual([deut.i, deut.j], [7, 15], 'writers 8 and 16 are the closest pair under deuteranopia');
    assert.ok(deut.dE < 2, `writers 8 and 16 look the same under deuteranopia (ΔE ${deut.dE.toFixed(2)})`);
    const yellow = contrast(OLD[3], '#ECEEF2');
    assert.ok(yellow < 1.2, `yellow on the empty cell: ${yellow.toFixed(2)}:1`);
  });

  test('simulation: a dichromat loses one axis (red and green merge under deuteranopia)', () => {
    const d = closestPair(['#FF0000', '#00A000'], 'normal').dE;
    const dd = closestPair([simulate('#CC3333', 'deuteranopia'), simulate('#669900', 'deuteranopia')], 'normal').dE;
    assert.ok(d > 40 && dd < 15, `red/green ${d.toFixed(1)} normally; a red and an olive ${dd.toFixed(1)} under deuteranopia`);
  });
});

for (const [scheme, writers] of /** @type {const} */ ([['light', LIGHT_WRITERS], ['dark', DARK_WRITERS]])) {
  describe(`writer colours, ${scheme} theme`, () => {
    const t = themeColours(scheme);
    test('16 writers, as the arena encodes them', () => {
      assert.equal(writers.length, 16);
      assert.equal(new Set(writers).size, 16);
      assert.deepEqual([...t.writers], [...writers]);
    });

    test('every writer is at ≥ 3:1 against the empty cell', () => {
      const ratios = writers.map((c) => contrast(c, t.empty));
      const worst = Math.min(...ratios);
      assert.ok(worst >= 3, `lowest ${worst.toFixed(2)}:1 (${writers[ratios.indexOf(worst)]} on ${t.empty})`);
    });

    for (const vision of VISIONS) {
      test(`all 16 stay apart with ${vision} vision (ΔE2000 ≥ ${MIN_DE})`, () => {
        const { dE, i, j } = closestPair([...writers], vision);
        assert.ok(dE >= MIN_DE, `writers ${i + 1} and ${j + 1} (${writers[i]}, ${writers[j]}) are ${dE.toFixed(2)} apart`);
      });
      test(`the first 8 (the common case) are further apart still with ${vision} vision (≥ 10)`, () => {
        const all = closestPair([...writers], vision).dE;
        const first = closestPair(writers.slice(0, 8), vision).dE;
        assert.ok(first >= all && first >= 10, `first 8: ${first.toFixed(2)}, all 16: ${all.toFixed(2)}`);
      });
    }

    test('chart series at ≥ 3:1 on the chart background; canvas text at ≥ 4.5:1', () => {
      for (const [name, c] of Object.entries(t.chart)) {
        assert.ok(contrast(c, t.surface) >= 3, `${name} ${c}: ${contrast(c, t.surface).toFixed(2)}:1`);
      }
      assert.ok(contrast(t.ink, t.surface) >= 4.5);
      assert.ok(contrast(t.muted, t.surface) >= 4.5);
      for (const lane of t.lanes) assert.ok(contrast(t.ink, lane) >= 4.5, `ink on lane ${lane}`);
    });
  });
}

describe('the page theme (styles.css)', () => {
  const css = readFileSync(new URL('../www/src/styles.css', import.meta.url), 'utf8');
  /** The custom properties of the first block after `marker`. */
  const props = (/** @type {number} */ from) => {
    const body = css.slice(css.indexOf('{', css.indexOf(':root', from)) + 1, css.indexOf('}', from));
    return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1], m[2]]));
  };
  const light = props(0);
  const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');
  const dark = { ...light, ...props(darkAt) };

  test('declares light and dark', () => {
    assert.match(css, /:root\s*{\s*color-scheme:\s*light dark;/);
    assert.ok(darkAt > 0);
    assert.ok(Object.keys(props(darkAt)).length >= 20, 'the dark block overrides the colours');
    const html = readFileSync(new URL('../www/index.html', import.meta.url), 'utf8');
    assert.match(html, /<meta name="color-scheme" content="light dark" \/>/);
  });

  test('the grid’s empty cell is the one palette.js draws', () => {
    assert.equal(light.empty.toUpperCase(), themeColours('light').empty);
    assert.equal(dark.empty.toUpperCase(), themeColours('dark').empty);
  });

  for (const [scheme, p] of /** @type {const} */ ([['light', light], ['dark', dark]])) {
    test(`${scheme}: text at ≥ 4.5:1, controls and focus at ≥ 3:1`, () => {
      /** [foreground, background, least ratio] */
      const pairs = [
        ['ink', 'bg', 4.5], ['ink', 'panel', 4.5], ['ink', 'view', 4.5], ['muted', 'bg', 4.5], ['muted', 'panel', 4.5],
        ['muted', 'view', 4.5], ['accent', 'bg', 4.5], ['accent', 'panel', 4.5], ['accent-ink', 'accent', 4.5],
        ['bad-ink', 'bad-bg', 4.5], ['bad-ink', 'bg', 4.5], ['good-ink', 'bg', 4.5], ['good-ink', 'view', 4.5],
        ['ink', 'warn-bg', 4.5], ['ink', 'note-bg', 4.5], ['ink', 'mark-bg', 4.5], ['ink', 'control-bg', 4.5],
        ['accent', 'view', 4.5], ['muted', 'note-bg', 4.5],
        ['control-line', 'bg', 3], ['input-line', 'bg', 3], ['input-line', 'control-bg', 3], ['focus', 'bg', 3], ['focus', 'panel', 3],
      ];
      for (const [fg, bg, least] of pairs) {
        const r = contrast(p[fg], p[bg]);
        assert.ok(r >= least, `--${fg} ${p[fg]} on --${bg} ${p[bg]}: ${r.toFixed(2)}:1 < ${least}`);
      }
    });
  }
});
