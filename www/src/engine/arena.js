// Typed-array views over a wasm instance's arena (crate/src/arena.rs).
//
// Over the threaded build's shared memory these views see the threads' writes
// as they happen. Views must be re-created when the memory grows: a grown
// memory hands out a new buffer (wasm-bindgen#2222), so `views()` checks.

/** Writers a lab may run at once (arena::MAX_WRITERS). */
export const MAX_WRITERS = 16;

/**
 * @typedef {{base:number, stop:number, counter:number, finished:number, generation:number,
 *   progress:number, threadOf:number, startedUs:number, finishedUs:number,
 *   cells:number, writers:number, maxCells:number}} ArenaLayout
 *   Byte offsets in linear memory, from `arenaLayout()`.
 *
 * @typedef {{words: Int32Array, progress: Uint32Array, threadOf: Uint32Array,
 *   startedUs: Uint32Array, finishedUs: Uint32Array, cells: Uint32Array,
 *   writers: Uint8Array}} ArenaViews
 *   `words` covers the four header words: [stop, counter, finished, generation]
 *   (an Int32Array so that `Atomics.store`/`notify` work on it).
 */

export const WORD = Object.freeze({ STOP: 0, COUNTER: 1, FINISHED: 2, GENERATION: 3 });

export class ArenaView {
  /**
   * @param {WebAssembly.Memory} memory
   * @param {ArenaLayout} layout
   */
  constructor(memory, layout) {
    this.memory = memory;
    this.layout = layout;
    /** @type {ArrayBufferLike | null} */
    this.buffer = null;
    /** @type {ArenaViews | null} */
    this.v = null;
  }

  /** @returns {ArenaViews} */
  views() {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer || !this.v) {
      const L = this.layout;
      this.buffer = buffer;
      this.v = {
        words: new Int32Array(buffer, L.stop, 4),
        progress: new Uint32Array(buffer, L.progress, MAX_WRITERS),
        threadOf: new Uint32Array(buffer, L.threadOf, MAX_WRITERS),
        startedUs: new Uint32Array(buffer, L.startedUs, MAX_WRITERS),
        finishedUs: new Uint32Array(buffer, L.finishedUs, MAX_WRITERS),
        cells: new Uint32Array(buffer, L.cells, L.maxCells),
        writers: new Uint8Array(buffer, L.writers, L.maxCells),
      };
    }
    return this.v;
  }

  /** "The" counter, read atomically. */
  counter() {
    return Atomics.load(this.views().words, WORD.COUNTER) >>> 0;
  }

  /** Withdraws a stop request before a new run. */
  clearStop() {
    Atomics.store(this.views().words, WORD.STOP, 0);
  }

  /** Asks every writer to stop: one atomic store into memory the threads poll. */
  requestStop() {
    const { words } = this.views();
    Atomics.store(words, WORD.STOP, 1);
    Atomics.notify(words, WORD.STOP);
  }
}
