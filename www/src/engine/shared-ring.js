// A bounded queue of fixed-size records in one SharedArrayBuffer: many
// producers (isolated workers, each with its own wasm instance) and one
// consumer (the page). It is how the *interpreters* way hands data over — as
// Python 3.14's `concurrent.interpreters.Queue` does between subinterpreters:
// the record is written once into shared memory and read there, in place; no
// message carries it, so nothing is structured-cloned.
//
// The algorithm is Dmitry Vyukov's bounded MPMC queue: every slot has a
// sequence number that says whose turn it is, so a producer that claimed a
// slot (one CAS on `tail`) can fill it while others claim the next ones, and
// the consumer takes a slot only once its producer has published it.
//
// Layout (Int32 words, then the slots' bytes):
//   [0] head     next position the consumer takes
//   [1] tail     next position a producer claims
//   [2] freed    counts slots the consumer has freed: producers wait on it when full
//   [3] capacity slots
//   [4] record   bytes per slot
//   [5 + i]      seq[i], slot i's sequence number:
//                = position  → free for the producer of that position;
//                = position + 1 → published, for the consumer;
//                = position + capacity → freed, for the next lap.

const HEAD = 0;
const TAIL = 1;
const FREED = 2;
const CAPACITY = 3;
const RECORD = 4;
const SEQ = 5;

export class SharedRing {
  /**
   * A new, empty ring of `capacity` slots of `recordBytes` each.
   * @param {number} capacity @param {number} recordBytes
   */
  static create(capacity, recordBytes) {
    const record = Math.ceil(recordBytes / 8) * 8;
    const header = Math.ceil(((SEQ + capacity) * 4) / 8) * 8;
    const sab = new SharedArrayBuffer(header + capacity * record);
    const words = new Int32Array(sab, 0, SEQ + capacity);
    words[CAPACITY] = capacity;
    words[RECORD] = record;
    for (let i = 0; i < capacity; i++) words[SEQ + i] = i;
    return new SharedRing(sab);
  }

  /** A view on a ring made by `create` (in any worker that was handed `sab`). @param {SharedArrayBuffer} sab */
  constructor(sab) {
    this.sab = sab;
    const head = new Int32Array(sab, 0, SEQ);
    this.capacity = head[CAPACITY];
    this.record = head[RECORD];
    this.words = new Int32Array(sab, 0, SEQ + this.capacity);
    this.base = Math.ceil(((SEQ + this.capacity) * 4) / 8) * 8;
  }

  /** Slot `i`'s bytes, in shared memory. @param {number} i */
  slot(i) {
    return new Uint8Array(this.sab, this.base + i * this.record, this.record);
  }

  /**
   * Producer: claims the next free slot, lets `fill` write the record into it
   * (in place), and publishes it. False if the ring is full.
   * @param {(bytes: Uint8Array) => void} fill
   */
  tryPush(fill) {
    const w = this.words;
    for (;;) {
      const pos = Atomics.load(w, TAIL);
      const i = pos % this.capacity;
      const dif = Atomics.load(w, SEQ + i) - pos;
      if (dif < 0) return false; // the consumer has not freed this slot yet: full
      if (dif > 0) continue; // another producer claimed `pos` meanwhile: look again
      if (Atomics.compareExchange(w, TAIL, pos, pos + 1) !== pos) continue;
      fill(this.slot(i));
      // Publish: the consumer's Atomics.load of seq sees the record's bytes too.
      Atomics.store(w, SEQ + i, pos + 1);
      return true;
    }
  }

  /**
   * Producer in a worker (it may block): pushes, waiting for the consumer to
   * free a slot while the ring is full. Returns the milliseconds it waited.
   * @param {(bytes: Uint8Array) => void} fill
   */
  push(fill) {
    let waited = 0;
    for (;;) {
      const freed = Atomics.load(this.words, FREED);
      if (this.tryPush(fill)) return waited;
      const t0 = performance.now();
      // Sleeps until the consumer frees a slot (or 50 ms, then looks again).
      Atomics.wait(this.words, FREED, freed, 50);
      waited += performance.now() - t0;
    }
  }

  /**
   * Consumer (the page): reads the oldest published record in place with
   * `read`, then frees its slot. False if nothing is published.
   * @param {(bytes: Uint8Array) => void} read
   */
  tryPop(read) {
    const w = this.words;
    const pos = Atomics.load(w, HEAD);
    const i = pos % this.capacity;
    if (Atomics.load(w, SEQ + i) !== pos + 1) return false;
    read(this.slot(i));
    Atomics.store(w, HEAD, pos + 1);
    Atomics.store(w, SEQ + i, pos + this.capacity);
    Atomics.add(w, FREED, 1);
    Atomics.notify(w, FREED);
    return true;
  }
}
