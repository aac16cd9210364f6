// An isolated worker: its own instance of the plain (non-threaded) build, its
// own memory — the process analogue. Nothing is shared: the page learns what
// happened here only from the messages this worker posts, each a copy.
import init, { arenaLayout, arenaReset, wasmMemory, tvpRunChunk, benchSum } from '../../pkg/plain/threadlab.js';
import { raceIsoChunk, raceIsoReset } from '../../pkg/plain/threadlab.js';
import { amdahlSumRange } from '../../pkg/plain/threadlab.js';
import { gilRunUnits } from '../../pkg/plain/threadlab.js';
import { MSG } from './messages.js';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** The cells of this lab's grid. */
const TVP_CELLS = 128 * 128;
/** Slow motion: 16 ms per 1024 steps, the same pace the threaded writers keep. */
const SLOW_CHUNK = 1024;
const SLOW_PAUSE_MS = 16;

const ready = init().then(
  () => self.postMessage({ type: MSG.ISO_READY }),
  (err) => self.postMessage({ type: MSG.ERROR, message: `wasm failed to load: ${err?.message ?? err}` }),
);

/** @type {import('./arena.js').ArenaLayout | null} Fixed for the instance's life: read once. */
let layout = null;

/** A copy of this worker's private grid: what the page will see of it. */
function snapshot() {
  layout ??= arenaLayout();
  const mem = /** @type {WebAssembly.Memory} */ (wasmMemory());
  return {
    counter: new Uint32Array(mem.buffer, layout.counter, 1)[0],
    writers: new Uint8Array(mem.buffer, layout.writers, TVP_CELLS).slice(),
  };
}

/** Runs one writer's share in chunks, posting a snapshot after each. */
async function runThreadsVsProcesses(/** @type {any} */ m) {
  const { writer, iters, slow } = m.params;
  arenaReset();
  const t0 = performance.now();
  // At full speed eight snapshots are enough to watch; in slow motion, one per 1024 steps.
  const chunk = slow ? SLOW_CHUNK : Math.max(1, Math.ceil(iters / 8));
  let done = 0;
  while (done < iters) {
    const end = Math.min(iters, done + chunk);
    done += tvpRunChunk(writer, done, end);
    if (done < iters) {
      self.postMessage({ type: MSG.ISO_PROGRESS, id: m.id, writer, done, ...snapshot() });
      if (slow) await sleep(SLOW_PAUSE_MS);
    }
  }
  self.postMessage({ type: MSG.ISO_DONE, id: m.id, writer, done, elapsedMs: performance.now() - t0, ...snapshot() });
}

// --- lab `bench` -----------------------------------------------------------

/** The sequential sum on this worker's plain (single-threaded) instance, timed `repeats` times after a warm-up. */
function runBenchSum(/** @type {any} */ m) {
  const { n, repeats } = m.params;
  const checksum = Array.from(benchSum(n));
  const samples = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    benchSum(n);
    samples.push(performance.now() - t0);
  }
  self.postMessage({ type: MSG.ISO_DONE, id: m.id, writer: 0, checksum, samples });
}

/**
 * Waits until `arr[i] === want`: first `spin` plain loads (cheap when the other
 * thread answers within microseconds), then `Atomics.wait`, which sleeps in
 * the kernel and costs a wake-up (tens of µs) but no CPU.
 */
function waitUntil(/** @type {Int32Array} */ arr, /** @type {number} */ i, /** @type {number} */ want, /** @type {number} */ spin) {
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
 * Two workers, `a` and `b`, measure between them (lab `bench`, P3 and P4):
 * - `pp-atomics`: round trips through one word of shared memory (`Atomics.wait`/`notify`, after `spin` loads);
 * - `pp-message`: round trips by `postMessage` on a MessageChannel;
 * - `h-shared`: handing over `data` (a SharedArrayBuffer both already hold): one atomic store, nothing copied;
 * - `h-clone` / `h-transfer`: handing over an ArrayBuffer of `bytes` by structured clone / by transfer.
 * `b` acknowledges through `sab` (word 1) when there is shared memory, else by message. `a` returns
 * milliseconds per sample; a sample is `batch` round trips or hand-overs (the timer's resolution is 5 µs).
 */
async function benchPair(/** @type {any} */ m) {
  const { role, test, port, rounds, spin = 0 } = m;
  const batch = Math.max(1, m.batch ?? 1);
  const sab = m.sab ? new Int32Array(m.sab) : null;
  const samples = [];
  const nextMessage = () => new Promise((resolve) => { port.onmessage = (/** @type {MessageEvent} */ e) => resolve(e.data); });
  if (test === 'pp-atomics' || test === 'h-shared') {
    if (!sab) throw new Error(`${test} needs shared memory`);
    const data = test === 'h-shared' ? new Uint32Array(m.data) : null;
    let sink = 0;
    if (role === 'b') {
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
    if (sink < 0) console.log(sink);
  } else if (test === 'pp-message') {
    if (role === 'b') {
      await new Promise((resolve) => {
        let seen = 0;
        port.onmessage = () => {
          port.postMessage(0);
          if (++seen === rounds) resolve(null);
        };
      });
    } else {
      for (let r = 0; r < rounds; ) {
        const t0 = performance.now();
        const end = Math.min(rounds, r + batch);
        const k = end - r;
        for (; r < end; r++) {
          const reply = nextMessage();
          port.postMessage(0);
          await reply;
        }
        samples.push((performance.now() - t0) / k);
      }
    }
  } else if (test === 'h-clone' || test === 'h-transfer') {
    const transfer = test === 'h-transfer';
    if (role === 'b') {
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
    } else {
      let buf = new ArrayBuffer(m.bytes);
      new Uint8Array(buf).fill(7); // commit every page before timing
      for (let r = 1; r <= rounds; r++) {
        const back = nextMessage();
        const t0 = performance.now();
        if (transfer) port.postMessage(buf, [buf]);
        else port.postMessage(buf);
        if (sab) waitUntil(sab, 1, r, 0);
        else await back;
        samples.push(performance.now() - t0);
        if (transfer) buf = /** @type {ArrayBuffer} */ (await back);
      }
    }
  } else {
    throw new Error(`unknown bench test "${test}"`);
  }
  port.onmessage = null;
  port.close();
  self.postMessage({ type: MSG.BENCH_RESULT, id: m.id, role, samples });
}

// --- lab race -------------------------------------------------------------

/**
 * One "process" of lab `race`: the same unsynchronised `counter += 1` (load,
 * then store) N times on this instance's private counter, in chunks, posting
 * the counter after each. Alone in its memory it loses nothing; the page sees
 * the count only in these messages.
 */
async function runRace(/** @type {any} */ m) {
  const { worker, iters } = m.params;
  raceIsoReset();
  const t0 = performance.now();
  const chunk = Math.max(1, Math.ceil(iters / 8));
  let done = 0;
  let counter = 0;
  while (done < iters) {
    const n = Math.min(chunk, iters - done);
    counter = raceIsoChunk(n);
    done += n;
    if (done < iters) {
      self.postMessage({ type: MSG.ISO_PROGRESS, id: m.id, writer: worker, done, counter });
      await sleep(0);
    }
  }
  self.postMessage({ type: MSG.ISO_DONE, id: m.id, writer: worker, done, counter, elapsedMs: performance.now() - t0 });
}

// --- lab amdahl -------------------------------------------------------------

/** Progress messages per piece of work: the page sees a worker's progress only when one arrives. */
const AMDAHL_REPORTS = 4;

/**
 * Lab `amdahl`, process side: `Σ item(i)` over `start..end` (a serial part or
 * one share) on this worker's private instance, in a few pieces with a
 * progress message after each but the last. The result — a 64-bit checksum as
 * two words — comes back by message, like everything a process gives its parent.
 */
function runAmdahl(/** @type {any} */ m) {
  const { worker, start, end } = m.params;
  const piece = Math.max(1, Math.ceil((end - start) / AMDAHL_REPORTS));
  let sum = 0n;
  for (let at = start; at < end; ) {
    const to = Math.min(end, at + piece);
    const [l, h] = amdahlSumRange(at, to);
    sum = (sum + ((BigInt(h) << 32n) | BigInt(l))) & 0xffff_ffff_ffff_ffffn;
    at = to;
    if (at < end) self.postMessage({ type: MSG.ISO_PROGRESS, id: m.id, worker, done: at - start });
  }
  self.postMessage({ type: MSG.ISO_DONE, id: m.id, worker, done: end - start, checksum: [Number(sum & 0xffff_ffffn), Number(sum >> 32n)] });
}


// --- lab gil ----------------------------------------------------------------

/**
 * Lab `gil`, variant (c): this worker's share of the CPU-bound task — units
 * `first..first + count` — on its own plain instance. Replies with the checksum
 * as `[low, high]` and the compute time measured here, so the page can tell
 * the message cost (its round trip minus this) apart.
 */
function runGil(/** @type {any} */ m) {
  const { first, count } = m.params;
  const [lo, hi, us] = gilRunUnits(first, count);
  self.postMessage({ type: MSG.ISO_DONE, id: m.id, writer: m.params.worker, checksum: [lo >>> 0, hi >>> 0], computeMs: us / 1000 });
}


const LABS = { 'threads-vs-processes': runThreadsVsProcesses, 'bench-sum': runBenchSum, race: runRace, amdahl: runAmdahl, gil: runGil };

self.addEventListener('message', async (/** @type {MessageEvent<any>} */ e) => {
  const m = e.data;
  try {
    await ready;
    if (m.type === MSG.BENCH_PAIR) {
      await benchPair(m);
    } else if (m.type === MSG.ISO_RUN) {
      const lab = LABS[m.lab];
      if (!lab) throw new Error(`no isolated kernel for lab "${m.lab}"`);
      await lab(m);
    }
  } catch (err) {
    self.postMessage({ type: MSG.ERROR, id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
});
