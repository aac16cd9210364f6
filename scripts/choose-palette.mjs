// How the writer palettes in www/src/views/palette.js were chosen (run it to
// see the search; it prints the palettes and their scores). For each theme:
// 16 colours, each at ≥ 3:1 (WCAG) against that theme's empty grid cell, as
// far apart as possible (the smallest CIEDE2000 distance of any pair) as seen
// with normal vision and simulated deuteranopia, protanopia and tritanopia.
// Greedy farthest-point order, so the first few writers — the common case —
// are the most distinct; then passes that swap a colour for a better one.
// The dark palette starts from the light one made lighter; the search then
// moves each colour freely, so writer w's hue can differ between the themes
// (keeping each writer within 30° of hue across themes was tried: the closest
// pair fell from 8.8 to 8.0 ΔE2000, so distinctness won).
//
//   node scripts/choose-palette.mjs
import { VISIONS, contrast, deltaE2000, lab, rgbToHex, simulate } from '../tests/colour-vision.mjs';

const EMPTY = { light: '#ECEEF2', dark: '#2A2F36' };
const MIN_CONTRAST = 3.15; // a little over 3:1, so rounding never drops a colour below it
const STEP = 17; // sRGB grid: 0, 17, …, 255 (16 levels a channel)
/** Lightness (L*) bands and least chroma (C*): colours, not near-blacks and greys that differ only in lightness. */
const BAND = { light: [30, 60], dark: [55, 90] };
const MIN_CHROMA = 25;

/** Every grid colour that meets the contrast bound on `empty`, with its Lab in each vision. */
function candidates(/** @type {'light' | 'dark'} */ theme) {
  const empty = EMPTY[theme];
  const [lo, hi] = BAND[theme];
  const out = [];
  for (let r = 0; r <= 255; r += STEP) {
    for (let g = 0; g <= 255; g += STEP) {
      for (let b = 0; b <= 255; b += STEP) {
        const hex = rgbToHex([r / 255, g / 255, b / 255]);
        if (contrast(hex, empty) < MIN_CONTRAST) continue;
        const labs = VISIONS.map((v) => lab(simulate(hex, v)));
        const [L, a, bb] = labs[0];
        if (L < lo || L > hi || Math.hypot(a, bb) < MIN_CHROMA) continue;
        out.push({ hex, labs });
      }
    }
  }
  return out;
}

/** Smallest distance, over every vision, between candidate `c` and the chosen colours except index `skip`. */
function minTo(c, chosen, skip = -1) {
  let m = Infinity;
  for (let i = 0; i < chosen.length; i++) {
    if (i === skip) continue;
    for (let v = 0; v < VISIONS.length; v++) m = Math.min(m, deltaE2000(c.labs[v], chosen[i].labs[v]));
  }
  return m;
}

/** The palette's score: its closest pair in its worst vision. */
const score = (/** @type {any[]} */ chosen) => Math.min(...chosen.map((c, i) => minTo(c, chosen, i)));

/**
 * @param {any[]} pool
 * @param {any[]} seed starting colours (greedy when empty)
 * @param {any[] | null} anchors per index, a colour to stay near when choices tie within 1 ΔE
 */
function search(pool, seed, anchors) {
  let chosen = seed.slice();
  if (!chosen.length) {
    // Start from the most saturated-looking candidate: the farthest from mid grey in normal vision.
    chosen.push(pool.reduce((a, c) => (Math.hypot(c.labs[0][1], c.labs[0][2]) > Math.hypot(a.labs[0][1], a.labs[0][2]) ? c : a)));
    while (chosen.length < 16) chosen.push(pool.reduce((a, c) => (minTo(c, chosen) > minTo(a, chosen) ? c : a)));
  }
  for (let pass = 0; pass < 6; pass++) {
    let improved = false;
    for (let i = 0; i < chosen.length; i++) {
      const now = minTo(chosen[i], chosen, i);
      let best = chosen[i];
      let bestD = now;
      for (const c of pool) {
        const d = minTo(c, chosen, i);
        const near = anchors ? deltaE2000(c.labs[0], anchors[i].labs[0]) < deltaE2000(best.labs[0], anchors[i].labs[0]) : false;
        if (d > bestD + 0.01 || (anchors && d > bestD - 1 && d >= now && near)) {
          best = c;
          bestD = Math.max(d, bestD);
        }
      }
      if (best !== chosen[i]) {
        const before = score(chosen);
        const old = chosen[i];
        chosen[i] = best;
        if (score(chosen) < before) chosen[i] = old;
        else improved = true;
      }
    }
    if (!improved) break;
  }
  return chosen;
}

/**
 * The same colours in farthest-point order: the first two the farthest apart, then each the farthest from all
 * before it — so any first n writers are as distinct as these colours allow (the passes above keep no order).
 */
function spreadOrder(/** @type {any[]} */ set) {
  let [a, b] = [0, 1];
  for (let i = 0; i < set.length; i++) for (let j = i + 1; j < set.length; j++) if (minTo(set[i], [set[j]]) > minTo(set[a], [set[b]])) [a, b] = [i, j];
  const out = [set[a], set[b]];
  const rest = set.filter((_, i) => i !== a && i !== b);
  while (rest.length) {
    const k = rest.reduce((best, c, i) => (minTo(c, out) > minTo(rest[best], out) ? i : best), 0);
    out.push(rest.splice(k, 1)[0]);
  }
  return out;
}

const light = spreadOrder(search(candidates('light'), [], null));
const darkPool = candidates('dark');
// Each light colour, lightened: the dark-theme candidate nearest to it with L* raised by 30.
const lifted = light.map((c) => {
  const target = [Math.min(95, c.labs[0][0] + 30), c.labs[0][1], c.labs[0][2]];
  return darkPool.reduce((a, d) => (deltaE2000(d.labs[0], target) < deltaE2000(a.labs[0], target) ? d : a));
});
const dark = spreadOrder(search(darkPool, lifted, lifted));

for (const [name, p, empty] of /** @type {const} */ ([['light', light, EMPTY.light], ['dark', dark, EMPTY.dark]])) {
  console.log(`${name} (empty ${empty}): min ΔE2000 over all visions ${score(p).toFixed(1)}`);
  console.log(`  ${JSON.stringify(p.map((c) => c.hex))}`);
  console.log(`  contrast: ${p.map((c) => contrast(c.hex, empty).toFixed(2)).join(' ')}`);
}
