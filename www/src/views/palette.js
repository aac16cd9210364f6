// Writer colours. The first eight are Okabe & Ito's palette, chosen to stay
// distinguishable under the common colour-vision deficiencies; the next eight
// are Paul Tol's "muted" set. Colour is never the only channel: every view
// also labels writers by number.

/** @type {ReadonlyArray<string>} */
export const WRITER_COLOURS = Object.freeze([
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#555555',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255',
]);

/** A cell nobody has written. */
export const EMPTY_COLOUR = '#ECEEF2';

/** @param {string} hex */
function rgba(hex) {
  const n = parseInt(hex.slice(1), 16);
  // ImageData is RGBA in memory; a little-endian Uint32 reads it as ABGR.
  return (0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | (n >> 16);
}

/** Index 0: empty; index w+1: writer w — the arena's `writers` encoding. */
export const PIXELS = Uint32Array.from([EMPTY_COLOUR, ...WRITER_COLOURS], rgba);

/** @param {number} writer 0-based */
export const colourOf = (writer) => WRITER_COLOURS[writer % WRITER_COLOURS.length];
