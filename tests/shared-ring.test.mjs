// The interpreters' queue (www/src/engine/shared-ring.js) under real
// concurrency: several worker threads push at once into a small ring while
// the main thread pops, as the page does. Every record arrives once, each
// producer's in order, and nothing is torn. (Node's worker_threads share
// SharedArrayBuffer and Atomics as Web Workers do.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { SharedRing } from '../www/src/engine/shared-ring.js';

const PRODUCERS = 3;
const EACH = 2000;
const WORDS = 16; // a record: [producer, i, then i repeated — a torn record would show a mix]

if (!isMainThread) {
  const ring = new SharedRing(workerData.sab);
  let waited = 0;
  for (let i = 0; i < EACH; i++) {
    waited += ring.push((slot) => {
      const w = new Int32Array(slot.buffer, slot.byteOffset, WORDS);
      w[0] = workerData.producer;
      for (let k = 1; k < WORDS; k++) w[k] = i;
    });
  }
  parentPort?.postMessage({ waited });
} else {
  test('many producers, one consumer: every record once, in each producer’s order, none torn', async () => {
    const ring = SharedRing.create(4, WORDS * 4);
    const workers = Array.from({ length: PRODUCERS }, (_, producer) => new Worker(new URL(import.meta.url), { workerData: { sab: ring.sab, producer } }));
    const done = Promise.all(workers.map((w) => new Promise((resolve, reject) => (w.once('message', resolve), w.once('error', reject)))));
    const next = new Array(PRODUCERS).fill(0);
    let got = 0;
    const deadline = Date.now() + 30_000;
    while (got < PRODUCERS * EACH) {
      assert.ok(Date.now() < deadline, `stuck after ${got} records`);
      const popped = ring.tryPop((slot) => {
        const w = new Int32Array(slot.buffer, slot.byteOffset, WORDS);
        const p = w[0];
        assert.equal(w[1], next[p], `producer ${p}'s records in order`);
        for (let k = 2; k < WORDS; k++) assert.equal(w[k], w[1], 'a whole record, not torn');
        next[p]++;
      });
      if (popped) got++;
      else await new Promise((r) => setImmediate(r));
    }
    const reports = /** @type {{waited: number}[]} */ (await done);
    assert.deepEqual(next, new Array(PRODUCERS).fill(EACH));
    assert.equal(ring.tryPop(() => {}), false, 'nothing left');
    // A ring of 4 slots and 6000 records: producers must have waited for room.
    assert.ok(reports.some((r) => r.waited > 0), 'a full ring made producers wait');
    await Promise.all(workers.map((w) => w.terminate()));
  });

  test('a full ring refuses tryPush; one pop makes room', () => {
    const ring = SharedRing.create(2, 4);
    assert.equal(ring.tryPush((b) => (b[0] = 1)), true);
    assert.equal(ring.tryPush((b) => (b[0] = 2)), true);
    assert.equal(ring.tryPush((b) => (b[0] = 3)), false, 'full');
    /** @type {number[]} */
    const seen = [];
    assert.equal(ring.tryPop((b) => seen.push(b[0])), true);
    assert.equal(ring.tryPush((b) => (b[0] = 3)), true, 'room again');
    while (ring.tryPop((b) => seen.push(b[0])));
    assert.deepEqual(seen, [1, 2, 3]);
  });
}
