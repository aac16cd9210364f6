// Lab `map-reduce`, the reduce step: partial histograms combined as a tree
// (log₂W rounds, each pair added at once) or by one combiner, and a float sum
// whose last bits depend on the order. Pure functions: the panel draws them,
// the tests call them in node.

/** @typedef {number[]} Histogram 256 bins */

/** @param {Histogram} a @param {Histogram} b */
const add = (a, b) => a.map((n, i) => n + b[i]);

/**
 * The tree: round after round, neighbours are added pairwise (an odd one out
 * waits for the next round) until one is left. `rounds[r]` lists round r's
 * pairs as `[left, right]` indices into the previous round's list.
 * @param {Histogram[]} parts
 * @returns {{total: Histogram, rounds: Array<Array<[number, number | null]>>}}
 */
export function treeReduce(parts) {
  /** @type {Array<Array<[number, number | null]>>} */
  const rounds = [];
  let level = parts;
  while (level.length > 1) {
    /** @type {Array<[number, number | null]>} */
    const pairs = [];
    /** @type {Histogram[]} */
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      pairs.push([i, i + 1 < level.length ? i + 1 : null]);
      next.push(i + 1 < level.length ? add(level[i], level[i + 1]) : level[i]);
    }
    rounds.push(pairs);
    level = next;
  }
  return { total: level[0] ?? new Array(256).fill(0), rounds };
}

/**
 * One combiner adds every part, one after another (W − 1 steps in a row).
 * @param {Histogram[]} parts
 */
export const linearReduce = (parts) => parts.reduce(add, new Array(256).fill(0));

/**
 * A float sum in three orders, in 32-bit floats (each addition rounded, as
 * `numpy.float32` does): left to right, right to left, and as a tree. Floating
 * point addition is not associative, so the last bits may differ; the integer
 * histogram never does.
 * @param {number[]} values
 * @returns {{order: string, sum: number, bits: string}[]}
 */
export function floatSums(values) {
  const f = Math.fround;
  const bits = (/** @type {number} */ x) => {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, x);
    return `0x${b.getUint32(0).toString(16).padStart(8, '0')}`;
  };
  const leftToRight = values.reduce((s, v) => f(s + v), 0);
  const rightToLeft = values.reduceRight((s, v) => f(s + v), 0);
  /** @param {number[]} xs @returns {number} */
  const tree = (xs) => (xs.length === 1 ? xs[0] : f(tree(xs.slice(0, xs.length >> 1)) + tree(xs.slice(xs.length >> 1))));
  const t = values.length ? tree(values) : 0;
  return [
    { order: 'left to right', sum: leftToRight, bits: bits(leftToRight) },
    { order: 'right to left', sum: rightToLeft, bits: bits(rightToLeft) },
    { order: 'as a tree', sum: t, bits: bits(t) },
  ];
}

/**
 * Each tile's mean brightness in [0, 1] as a 32-bit float: the values the float sum adds.
 * @param {Histogram[]} tileHists
 */
export const tileMeans = (tileHists) =>
  tileHists.map((h) => {
    let n = 0;
    let s = 0;
    h.forEach((c, v) => {
      n += c;
      s += c * v;
    });
    return Math.fround(n ? s / (255 * n) : 0);
  });
