// Lab `bench`, P3 and P4: two isolated workers measure between them — one
// times (`timer`), the other answers (`echo`). Runs inside the isolated
// workers (process.js's `pair` kernel); each gets one end of a MessageChannel,
// and, when the page has shared memory, the same small SharedArrayBuffer.

/**
 * @typedef {'pp-atomics' | 'pp-message' | 'h-shared' | 'h-clone' | 'h-transfer'} PairTest
 *   - `pp-atomics`: round trips through one word of shared memory (`Atomics.wait`/`notify`, after `spin` loads);
 *   - `pp-message`: round trips by `postMessage` on the MessageChannel;
 *   - `h-shared`: handing over `data` (a SharedArrayBuffer both already hold): one atomic store, nothing copied;
 *   - `h-clone` / `h-transfer`: handing over an ArrayBuffer of `bytes` by structured clone / by transfer.
 * @typedef {object} PairParams
 * @property {'timer' | 'echo'} role
 * @property {PairTest} test
 * @property {MessagePort} port this worker's end of the channel (transferred, not copied)
 * @property {SharedArrayBuffer | null} sab two words: the timer's count (0) and the echo's (1); null without shared memory
 * @property {number} rounds hand-overs or round trips
 * @property {number} [batch] round trips per sample (the timer ticks every 5 µs on an isolated page)
 * @property {number} [spin] loads before a waiter sleeps in `Atomics.wait`
 * @property {number} [bytes] the buffer's size (`h-clone`, `h-transfer`)
 * @property {SharedArrayBuffer} [data] the shared buffer (`h-shared`)
 * @typedef {{samples: number[]}} PairResult milliseconds per sample (the echo's list is empty)
 */

/**
 * Waits until `arr[i] === want`: first `spin` plain loads (cheap when the other
 * thread answers within microseconds), then `Atomics.wait`, which sleeps in
 * the kernel and costs a wake-up (tens of µs) but no CPU.
 * @param {Int32Array} arr
 * @param {number} i
 * @param {number} want
 * @param {number} spin
 */
function waitUntil(arr, i, want, spin) {
  let v;
  let n = 0;
  while ((v = Atomics.load(arr, i)) !== want) {
    if (n++ >= spin) Atomics.wait(arr, i, v, 1000);
  }
}

/** Touches the first and last word of a buffer, as a consumer would. */
const touch = (/** @type {ArrayBufferLike} */ b) => {
  const u = new Uint32Array(b);
  return u[0] + u[u.length - 1];
};

/**
 * Round trips or hand-overs through shared memory: the timer stores its count
 * in word 0, the echo answers in word 1.
 * @param {PairParams} m
 * @param {Int32Array} sab
 * @param {number[]} samples
 */
function throughShared(m, sab, samples) {
  const { rounds, spin = 0 } = m;
  const batch = Math.max(1, m.batch ?? 1);
  const data = m.test === 'h-shared' && m.data ? new Uint32Array(m.data) : null;
  let sink = 0;
  if (m.role === 'echo') {
    for (let r = 1; r <= rounds; r++) {
      waitUntil(sab, 0, r, spin);
      if (data) sink += data[0] + data[data.length - 1];
      Atomics.store(sab, 1, r);
      Atomics.notify(sab, 1);
    }
  } else {
    for (let r = 1; r <= rounds; ) {
      const t0 = performance.now();
      const end = Math.min(rounds, r + batch - 1);
      const k = end - r + 1;
      for (; r <= end; r++) {
        if (data) data[0] = r;
        Atomics.store(sab, 0, r);
        Atomics.notify(sab, 0);
        waitUntil(sab, 1, r, spin);
      }
      samples.push((performance.now() - t0) / k);
    }
  }
  return sink; // read, so the loads are not optimised away
}

/**
 * Round trips by message on the channel.
 * @param {PairParams} m
 * @param {number[]} samples
 */
async function byMessage(m, samples) {
  const { port, rounds } = m;
  const batch = Math.max(1, m.batch ?? 1);
  if (m.role === 'echo') {
    await new Promise((resolve) => {
      let seen = 0;
      port.onmessage = () => {
        port.postMessage(0);
        if (++seen === rounds) resolve(null);
      };
    });
    return;
  }
  const reply = () => new Promise((resolve) => { port.onmessage = resolve; });
  for (let r = 0; r < rounds; ) {
    const t0 = performance.now();
    const end = Math.min(rounds, r + batch);
    const k = end - r;
    for (; r < end; r++) {
      const back = reply();
      port.postMessage(0);
      await back;
    }
    samples.push((performance.now() - t0) / k);
  }
}

/**
 * Hands a buffer of `bytes` over, copied or transferred. The echo acknowledges
 * through the shared word when there is shared memory (so only the hand-over
 * is timed), else by message.
 * @param {PairParams} m
 * @param {Int32Array | null} sab
 * @param {number[]} samples
 */
async function handOver(m, sab, samples) {
  const { port, rounds } = m;
  const transfer = m.test === 'h-transfer';
  if (m.role === 'echo') {
    await new Promise((resolve) => {
      let seen = 0;
      port.onmessage = (/** @type {MessageEvent} */ e) => {
        touch(e.data);
        seen++;
        if (sab) {
          Atomics.store(sab, 1, seen);
          Atomics.notify(sab, 1);
        }
        // Transferred: send the buffer back for the next round (not timed when acked through sab).
        if (transfer) port.postMessage(e.data, [e.data]);
        else if (!sab) port.postMessage(0);
        if (seen === rounds) resolve(null);
      };
    });
    return;
  }
  let buf = new ArrayBuffer(m.bytes ?? 0);
  new Uint8Array(buf).fill(7); // commit every page before timing
  for (let r = 1; r <= rounds; r++) {
    /** @type {Promise<MessageEvent>} */
    const back = new Promise((resolve) => { port.onmessage = resolve; });
    const t0 = performance.now();
    if (transfer) port.postMessage(buf, [buf]);
    else port.postMessage(buf);
    if (sab) waitUntil(sab, 1, r, 0);
    else await back;
    samples.push(performance.now() - t0);
    if (transfer) buf = /** @type {ArrayBuffer} */ ((await back).data);
  }
}

/**
 * One worker's side of a pair measurement.
 * @param {PairParams} m
 * @returns {Promise<PairResult>}
 */
export async function pair(m) {
  const sab = m.sab ? new Int32Array(m.sab) : null;
  /** @type {number[]} */
  const samples = [];
  try {
    if (m.test === 'pp-atomics' || m.test === 'h-shared') {
      if (!sab) throw new Error(`${m.test} needs shared memory`);
      throughShared(m, sab, samples);
    } else if (m.test === 'pp-message') await byMessage(m, samples);
    else if (m.test === 'h-clone' || m.test === 'h-transfer') await handOver(m, sab, samples);
    else throw new Error(`unknown bench test "${m.test}"`);
  } finally {
    m.port.onmessage = null;
    m.port.close();
  }
  return { samples };
}
