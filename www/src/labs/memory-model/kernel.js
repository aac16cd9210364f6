// Lab `memory-model`: what each litmus worker runs, on one SharedArrayBuffer.
// No DOM and no worker API here (worker.js wraps it), so Node's worker_threads
// can run it too.
//
// Why JavaScript and not the engine's wasm threads: WebAssembly has only plain
// accesses and sequentially consistent atomics (Rust's `Relaxed` compiles to
// the latter), while a JS typed array over a SharedArrayBuffer has plain
// accesses whose races are defined but unordered (ECMAScript's memory model) —
// exactly what a litmus test needs to show the CPU's own reordering.
//
// How a run goes, as litmus7 (herdtools7) runs tests on real CPUs:
// - A spin barrier before every iteration lines the threads up, so their few
//   accesses really overlap in time.
// - Every iteration uses fresh locations, placed at random: each variable of
//   iteration j lives in its own cache line, picked by a shuffle per batch
//   (litmus7's "random placement" and "stride"). The threads find a variable's
//   place by reading an index table in shared memory. So the JIT sees only
//   `m[L[b + v]]` with an index it cannot know: it cannot hoist a racy load out
//   of the loop, merge the loads of two iterations, or prove two accesses
//   independent and reorder them. Whatever reordering shows is the CPU's.
// - Locations are reset to 0 between batches, while the other threads wait.
import { HIST_SLOTS, RADIX, threadsOf } from './litmus.js';

/** Iterations per batch: each batch uses BATCH × vars fresh cache lines. */
export const BATCH = 1024;
/** Threads at most (IRIW). */
export const MAX_THREADS = 4;
/** Variables per iteration at most (the lock tests: two flags, turn, counter). */
export const MAX_VARS = 4;
/** Int32s per cache line (64 bytes): every hot word and every location on its own line. */
const LINE = 16;

/** The shared memory's layout, in Int32 indices. Declared once; the page reads HIST and DONE. */
export const LAYOUT = (() => {
  let at = 0;
  const take = (/** @type {number} */ n) => ((at += n), at - n);
  const lines = (/** @type {number} */ n) => take(n * LINE);
  return {
    /** ARRIVE + t·LINE: the last barrier thread t reached (counts up from 1; never reset). */
    ARRIVE: lines(MAX_THREADS),
    /** FENCE + t·LINE: thread t's own word for the fence variant's Atomics.add. */
    FENCE: lines(MAX_THREADS),
    /** How many threads sleep in Atomics.wait at a barrier (an arrival wakes them only then). */
    SLEEPERS: lines(1),
    /** Iterations finished (written by thread 0 after each batch). */
    DONE: lines(1),
    /** A word no test touches: the lock tests' spin loops read it (see spinPause). */
    PAUSE: lines(1),
    /** HIST + i: how many iterations ended in outcome i (litmus.js indexOf). */
    HIST: take(Math.ceil(HIST_SLOTS / LINE) * LINE),
    /** L + j·MAX_VARS + v: where variable v of iteration j lives this batch. */
    L: take(BATCH * MAX_VARS),
    /** RES + t·BATCH + j: thread t's registers in iteration j (base-3 digits). */
    RES: take(MAX_THREADS * BATCH),
    /** The locations: BATCH × MAX_VARS cache lines. */
    SLOTS: lines(BATCH * MAX_VARS),
    get words() {
      return at;
    },
  };
})();

/** Bytes of the SharedArrayBuffer a run needs. */
export const BYTES = LAYOUT.words * 4;

/**
 * @typedef {object} Access how a thread touches the shared locations
 * @property {(m: Int32Array, i: number, v: number) => void} st
 * @property {(m: Int32Array, i: number) => number} ld
 * @property {(m: Int32Array, t: number) => void} fence between two accesses of a thread (fence variant only)
 */

/** @type {Record<import('./litmus.js').Access, Access>} */
const ACCESS = {
  plain: {
    st: (m, i, v) => {
      m[i] = v;
    },
    ld: (m, i) => m[i],
    fence: () => {},
  },
  atomics: {
    st: (m, i, v) => {
      Atomics.store(m, i, v);
    },
    ld: (m, i) => Atomics.load(m, i),
    fence: () => {},
  },
  // Plain accesses with an atomic read-modify-write between each two: on x86 a
  // locked instruction, which drains the store buffer (a full fence, like mfence).
  fence: {
    st: (m, i, v) => {
      m[i] = v;
    },
    ld: (m, i) => m[i],
    fence: (m, t) => {
      Atomics.add(m, LAYOUT.FENCE + t * LINE, 1);
    },
  },
};

/**
 * A pause inside the lock tests' spin loops. A JIT may hoist a plain load out
 * of a loop that makes no other memory access (ECMAScript allows a racy plain
 * read to be read once), and `while (flag1 === 1) {}` would then spin for
 * ever. An Atomics operation is a point no load is moved across, so every
 * round re-reads the flags. It orders nothing in hardware that matters here:
 * the load that breaks the lock is the first one, before any pause.
 */
const spinPause = (/** @type {Int32Array} */ m) => Atomics.load(m, LAYOUT.PAUSE);

/**
 * One iteration of thread `t` of a straight-line test: its ops, in order, on
 * this iteration's locations. Returns its registers as base-3 digits placed
 * at their column (litmus.js indexOf).
 * @param {import('./litmus.js').LitmusTest} test
 * @param {number} t
 * @param {Access} a
 * @returns {(m: Int32Array, b: number) => number} `b`: this iteration's row in the index table
 */
function opsThread(test, t, a) {
  const ops = /** @type {import('./litmus.js').Op[][]} */ (test.ops)[t];
  const n = ops.length;
  const isW = ops.map((op) => op.w);
  const vIdx = Int32Array.from(ops, (op) => test.vars.indexOf(op.v));
  const val = Int32Array.from(ops, (op) => (op.w ? op.val : 0));
  const weight = Int32Array.from(ops, (op) => (op.w ? 0 : RADIX ** test.cols.indexOf(op.reg)));
  const { st, ld, fence } = a;
  return (m, b) => {
    let r = 0;
    for (let k = 0; k < n; k++) {
      const at = m[LAYOUT.L + b + vIdx[k]];
      if (isW[k]) st(m, at, val[k]);
      else r += ld(m, at) * weight[k];
      if (k < n - 1) fence(m, t);
    }
    return r;
  };
}

/**
 * One iteration of thread `t` (0 or 1) of a lock test: take the lock, add 1 to
 * the counter with a separate read and write, release the lock. Variables:
 * 0 flag0, 1 flag1, 2 turn, 3 counter (litmus.js `vars`).
 * @param {'dekker' | 'peterson'} lock
 * @param {number} me
 * @param {Access} a
 * @returns {(m: Int32Array, b: number) => number}
 */
function lockThread(lock, me, a) {
  const other = 1 - me;
  const { st, ld, fence } = a;
  const L = LAYOUT.L;
  if (lock === 'peterson') {
    return (m, b) => {
      const mine = m[L + b + me];
      const theirs = m[L + b + other];
      const turn = m[L + b + 2];
      const counter = m[L + b + 3];
      st(m, mine, 1);
      st(m, turn, other);
      fence(m, me);
      while (ld(m, theirs) === 1 && ld(m, turn) === other) spinPause(m);
      const c = ld(m, counter);
      st(m, counter, c + 1);
      st(m, mine, 0);
      return 0;
    };
  }
  return (m, b) => {
    const mine = m[L + b + me];
    const theirs = m[L + b + other];
    const turn = m[L + b + 2];
    const counter = m[L + b + 3];
    st(m, mine, 1);
    fence(m, me);
    while (ld(m, theirs) === 1) {
      if (ld(m, turn) !== me) {
        st(m, mine, 0);
        while (ld(m, turn) !== me) spinPause(m);
        st(m, mine, 1);
        fence(m, me);
      }
      spinPause(m);
    }
    const c = ld(m, counter);
    st(m, counter, c + 1);
    st(m, turn, other);
    st(m, mine, 0);
    return 0;
  };
}

/**
 * A barrier for `n` threads: thread t says it reached barrier g, then waits
 * until every other thread has. It spins (the threads must leave it close
 * together for their accesses to overlap) and, after `spins` rounds, sleeps in
 * Atomics.wait so that more threads than cores (IRIW on two cores) still get
 * the CPU; an arriving thread wakes sleepers only when there are some.
 * @param {Int32Array} m
 * @param {number} t
 * @param {number} n
 * @param {number} spins
 */
function makeBarrier(m, t, n, spins) {
  const { ARRIVE, SLEEPERS } = LAYOUT;
  return (/** @type {number} */ g) => {
    Atomics.store(m, ARRIVE + t * LINE, g);
    if (Atomics.load(m, SLEEPERS) !== 0) Atomics.notify(m, ARRIVE + t * LINE);
    for (let k = 0; k < n; k++) {
      if (k === t) continue;
      const at = ARRIVE + k * LINE;
      let s = 0;
      for (;;) {
        const seen = Atomics.load(m, at);
        if (seen >= g) break;
        if (++s > spins) {
          Atomics.add(m, SLEEPERS, 1);
          Atomics.wait(m, at, seen, 2);
          Atomics.sub(m, SLEEPERS, 1);
        }
      }
    }
  };
}

/** A small fast random generator (xorshift32) for the placement shuffle. */
function xorshift(/** @type {number} */ seed) {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/**
 * @typedef {object} RunParams
 * @property {string} test a litmus.js test id
 * @property {import('./litmus.js').Access} access
 * @property {number} iters iterations in all
 * @property {number} thread this worker's thread number
 * @property {number} cores the machine's cores (more threads than cores: sleep sooner at barriers)
 * @property {number} seed for the placement shuffle
 */

/**
 * Runs thread `p.thread` of the test for `p.iters` iterations. Thread 0 also
 * keeps the books: between batches it counts outcomes into the histogram,
 * shuffles the placement and resets the locations.
 * @param {SharedArrayBuffer} sab
 * @param {RunParams} p
 * @param {import('./litmus.js').LitmusTest} test
 * @returns {{iterations: number, ms: number}} ms: thread 0's time from the first barrier to the last
 */
export function runThread(sab, p, test) {
  const m = new Int32Array(sab);
  const n = threadsOf(test);
  const t = p.thread;
  const a = ACCESS[p.access];
  const body = test.lock ? lockThread(test.lock, t, a) : opsThread(test, t, a);
  const barrier = makeBarrier(m, t, n, n > p.cores ? 64 : 20_000);
  const nv = test.vars.length;
  const finals = test.finals.map((v) => test.vars.indexOf(v));
  const finalWeight = test.finals.map((v) => RADIX ** test.cols.indexOf(v));
  const { L, RES, SLOTS, HIST, DONE } = LAYOUT;
  const random = xorshift(p.seed);
  const slots = Int32Array.from({ length: BATCH * MAX_VARS }, (_, i) => SLOTS + i * LINE);
  const counts = new Int32Array(HIST_SLOTS);
  let g = 0;

  /** Thread 0, between batches: fresh random places for the next batch's variables, all 0. */
  const place = (/** @type {number} */ size) => {
    const used = size * nv;
    // The first `used` entries become a random choice of distinct lines (a partial Fisher–Yates).
    for (let i = 0; i < used; i++) {
      const j = i + (random() % (slots.length - i));
      const tmp = slots[i];
      slots[i] = slots[j];
      slots[j] = tmp;
    }
    for (let j = 0; j < size; j++) {
      for (let v = 0; v < nv; v++) {
        const at = slots[j * nv + v];
        m[at] = 0;
        m[L + j * MAX_VARS + v] = at;
      }
    }
  };

  if (t === 0) place(Math.min(BATCH, p.iters));
  barrier(++g);
  const t0 = performance.now();
  let done = 0;
  while (done < p.iters) {
    const size = Math.min(BATCH, p.iters - done);
    for (let j = 0; j < size; j++) {
      barrier(++g);
      m[RES + t * BATCH + j] = body(m, j * MAX_VARS);
    }
    barrier(++g);
    done += size;
    if (t === 0) {
      counts.fill(0);
      for (let j = 0; j < size; j++) {
        let o = 0;
        for (let k = 0; k < n; k++) o += m[RES + k * BATCH + j];
        for (let f = 0; f < finals.length; f++) o += m[m[L + j * MAX_VARS + finals[f]]] * finalWeight[f];
        counts[o]++;
      }
      for (let i = 0; i < HIST_SLOTS; i++) if (counts[i]) Atomics.add(m, HIST + i, counts[i]);
      Atomics.store(m, DONE, done);
      if (done < p.iters) place(Math.min(BATCH, p.iters - done));
    }
    barrier(++g);
  }
  return { iterations: done, ms: performance.now() - t0 };
}
