// Lab `deadlock`: the wait-for graph's cycle finder and the deadlock watch,
// as pure functions (no DOM, no wasm), so the page and its test share them and
// Node can test them directly (tests/deadlock.test.mjs). The same finder lives
// in Rust (crate/src/labs/deadlock/cycle.rs `find_cycle`) for the native tests.

/**
 * The wait-for graph's cycle, if it has one.
 * `holder[f]` is 0 (fork f free) or p + 1 (philosopher p holds it);
 * `waiting[p]` is 0 or f + 1 (philosopher p waits for fork f).
 * Edges: philosopher → the fork it waits for → the philosopher holding it. Each
 * node has at most one outgoing edge, so following them from every
 * philosopher finds any cycle.
 * @param {ArrayLike<number>} holder
 * @param {ArrayLike<number>} waiting
 * @returns {number[] | null} the philosophers on the cycle, in order, starting with the lowest-numbered
 */
export function findCycle(holder, waiting) {
  const n = waiting.length;
  const next = (/** @type {number} */ p) => {
    const f = waiting[p] - 1;
    if (!(f >= 0 && f < holder.length)) return -1;
    const h = holder[f] - 1;
    return h >= 0 && h < n ? h : -1;
  };
  for (let start = 0; start < n; start++) {
    const path = [start];
    for (let at = next(start); at >= 0; at = next(at)) {
      const i = path.indexOf(at);
      if (i >= 0) {
        const cycle = path.slice(i);
        const low = cycle.indexOf(Math.min(...cycle));
        return [...cycle.slice(low), ...cycle.slice(0, low)];
      }
      path.push(at);
    }
  }
  return null;
}

/**
 * The edges of a cycle as `{from, to}` node names (`P0`, `F1`, …):
 * P → the fork it waits for → its holder → … back to the first philosopher.
 * @param {number[]} cycle
 * @param {ArrayLike<number>} waiting
 */
export function cycleEdges(cycle, waiting) {
  /** @type {{from: string, to: string, kind: 'waits' | 'holds'}[]} */
  const edges = [];
  cycle.forEach((p, i) => {
    const f = waiting[p] - 1;
    const q = cycle[(i + 1) % cycle.length];
    edges.push({ from: `P${p}`, to: `F${f}`, kind: 'waits' }, { from: `F${f}`, to: `P${q}`, kind: 'holds' });
  });
  return edges;
}

/**
 * Decides when a cycle is a deadlock: the same cycle, with no meal eaten, for
 * `persistMs`. (A cycle can flicker for an instant in the mirror — a fork put
 * back a moment before the page reads — but a real deadlock never changes.)
 */
export class DeadlockWatch {
  /** @param {number} [persistMs] */
  constructor(persistMs = 400) {
    this.persistMs = persistMs;
    /** @type {{key: string, meals: number, since: number, cycle: number[]} | null} */
    this.seen = null;
  }

  /**
   * One observation of the mirror at time `now` (ms).
   * @param {number} now
   * @param {ArrayLike<number>} holder
   * @param {ArrayLike<number>} waiting
   * @param {number} meals total meals eaten so far
   * @returns {{cycle: number[] | null, deadlocked: boolean, forMs: number}}
   */
  observe(now, holder, waiting, meals) {
    const cycle = findCycle(holder, waiting);
    if (!cycle) {
      this.seen = null;
      return { cycle: null, deadlocked: false, forMs: 0 };
    }
    const key = cycle.map((p) => `${p}:${waiting[p]}`).join(',');
    if (!this.seen || this.seen.key !== key || this.seen.meals !== meals) this.seen = { key, meals, since: now, cycle };
    const forMs = now - this.seen.since;
    return { cycle, deadlocked: forMs >= this.persistMs, forMs };
  }

  reset() {
    this.seen = null;
  }
}
