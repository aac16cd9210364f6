// The course: *Mastering Concurrency in Python* (Quan Nguyen, Packt 2018),
// chapter by chapter, and what Python changed since. The one source for the
// home page, the menu's order and each lab's "Next" link (nextLab).
//
// A chapter names the labs and stepper samples that teach it. A lab that is
// not built yet is listed under `coming` by its planned id, so the page can say
// so instead of hiding the chapter or linking a page that does not exist.
import { LABS } from '../labs/registry.js';
import { SAMPLE_IDS } from '../labs/stepper/meta.js';

/**
 * @typedef {{lab: string, params?: Record<string, string>, does: string}} LabLink
 *   `params`: URL parameters that open the lab on the side this chapter is about; `does`: what the learner
 *   does there, in a line.
 * @typedef {{sample: string, does: string}} SampleLink  a stepper sample (`?lab=stepper&sample=<id>`)
 * @typedef {{lab: string, does: string}} Coming  a lab that does not exist yet (its planned id)
 * @typedef {{n: number, title: string, concept: string, labs: LabLink[], samples: SampleLink[],
 *   coming: Coming[]}} Chapter
 * @typedef {{key: string, title: string, concept: string, labs: LabLink[], samples: SampleLink[],
 *   coming: Coming[]}} SinceTopic  what Python changed after the book
 */

/** The stepper's sample ids (crate/src/stepper/samples/), declared once in the stepper lab's meta. */
export const SAMPLES = SAMPLE_IDS;

/** Labs planned but not built yet: their ids and titles as their issues name them. */
export const PLANNED = /** @type {Record<string, string>} */ ({});

/** @type {Chapter[]} */
export const CHAPTERS = [
  {
    n: 1,
    title: 'Advanced introduction to concurrent and parallel programming',
    concept: 'Concurrency is making progress on several tasks at once; parallelism is running them at the same instant.',
    labs: [{ lab: 'threads-vs-processes', does: 'Run the same counting job as threads, interpreters and processes, side by side.' }, { lab: 'io', does: 'When does concurrency pay? Waiting (I/O-bound) against computing (CPU-bound).' }],
    samples: [],
    coming: [],
  },
  {
    n: 2,
    title: "Amdahl's law",
    concept: 'The part of a program that must run serially caps the speedup that any number of cores can give.',
    labs: [{ lab: 'amdahl', does: 'Choose the serial fraction, run on 1…P threads and compare with the formula.' }],
    samples: [],
    coming: [],
  },
  {
    n: 3,
    title: 'Working with threads in Python',
    concept: 'The threads of one process share its memory: start them, join them, hand work over a queue.',
    // No `mode=shared` in the link: on a host without cross-origin isolation that would be an error, not a lab.
    labs: [{ lab: 'threads-vs-processes', does: 'Watch threads write one grid and one counter live.' }],
    samples: [
      { sample: 'race', does: 'Step two threads through `counter += 1` yourself.' },
      { sample: 'prodcons', does: 'A producer and a consumer hand items over a `queue.Queue`.' },
      { sample: 'bank', does: '`threading.Thread` subclasses share a BankAccount object: a plain `deposit` loses money, a locked one never does.' },
    ],
    coming: [],
  },
  {
    n: 4,
    title: 'Using the with statement in threads',
    concept: 'A lock taken in a `with` block is released on every way out of it, even an exception.',
    labs: [{ lab: 'race', does: 'Count with and without a lock and see the price of the lock.' }],
    samples: [
      { sample: 'lock', does: 'The same counter with `with lock:` — explore every interleaving.' },
      { sample: 'exceptions', does: 'A thread raises: `with` lets the lock go, a bare `acquire()` keeps it and the explorer finds the deadlock.' },
    ],
    coming: [],
  },
  {
    n: 5,
    title: 'Concurrent web requests',
    concept: 'Threads overlap waiting: many requests finish in about the time of the slowest one.',
    labs: [{ lab: 'io', does: 'N requests with latency, on threads, an event loop and processes, timed.' }],
    samples: [{ sample: 'pool', does: 'A `ThreadPoolExecutor` downloads two pages at once: the small one finishes first, the results come back in order.' }],
    coming: [],
  },
  {
    n: 6,
    title: 'Working with processes in Python',
    concept: 'Each process owns its memory; results travel by message, and every byte of them is copied.',
    labs: [{ lab: 'threads-vs-processes', params: { mode: 'isolated' }, does: 'Watch each process fill its own grid; count the bytes copied back.' }],
    samples: [{ sample: 'processes', does: 'A child process changes its copy of a global; the parent never sees it.' }, { sample: 'poolmap', does: 'Pool.map: the workers print in any order, the results come back in input order, and a global they change stays unchanged in the parent.' }],
    coming: [],
  },
  {
    n: 7,
    title: 'Reduction operators in processes',
    concept: 'Partial results from many workers are combined; an associative operator lets them combine in parallel.',
    labs: [{ lab: 'map-reduce', does: 'A histogram reduced as a tree, and a float sum that depends on the order.' }],
    samples: [],
    coming: [],
  },
  {
    n: 8,
    title: 'Concurrent image processing',
    concept: 'Split an image into tiles across workers; copying the pixels can cost more than filtering them.',
    labs: [{ lab: 'map-reduce', params: { filter: 'threshold' }, does: 'Filter real pixels on threads, interpreters and processes.' }],
    samples: [],
    coming: [],
  },
  {
    n: 9,
    title: 'Introduction to asynchronous programming',
    concept: 'One thread, many tasks: a task gives the thread up only where it waits.',
    labs: [],
    samples: [{ sample: 'asyncio', does: 'Tasks that switch only at `await`: step them yourself.' }],
    coming: [],
  },
  {
    n: 10,
    title: 'Implementing asynchronous programming in Python',
    concept: '`async def`, `await` and the event loop: coroutines become tasks that run concurrently with `gather`.',
    labs: [{ lab: 'io', does: 'The event loop against threads on the same waiting job.' }],
    samples: [
      { sample: 'asyncio', does: 'Explore every order in which the event loop can run the tasks.' },
      { sample: 'async_timeout', does: 'Sleeps on the virtual clock decide the finishing order; `wait_for` cancels the slow task at its timeout.' },
    ],
    coming: [],
  },
  {
    n: 11,
    title: 'Building communication channels with asyncio',
    concept: 'Transports and protocols: one event loop serves many connections without a thread each.',
    labs: [{ lab: 'io', does: 'Many requests on one event-loop thread, with timeouts and cancellation.' }],
    samples: [],
    coming: [],
  },
  {
    n: 12,
    title: 'Deadlocks',
    concept: 'Threads that each hold a lock and wait for another’s wait for ever: a cycle of waiting.',
    labs: [{ lab: 'deadlock', does: 'Dining philosophers on real mutexes: see the cycle, then three fixes.' }],
    samples: [
      { sample: 'deadlock', does: 'Find the schedule that deadlocks two threads and two locks.' },
      { sample: 'spouses', does: 'Two polite threads hand a spoon back and forth for ever: a livelock, found as a loop.' },
    ],
    coming: [],
  },
  {
    n: 13,
    title: 'Starvation',
    concept: 'A thread that could run is passed over again and again, because the scheduling rule favours others.',
    labs: [{ lab: 'starvation', does: 'Readers–writers locks: watch a writer wait for ever, then a fair lock.' }],
    samples: [{ sample: 'starvation', does: 'An interleaving that never lets one thread in.' }],
    coming: [],
  },
  {
    n: 14,
    title: 'Race conditions',
    concept: 'When threads read and write shared data without a lock, the result depends on who ran when.',
    labs: [{ lab: 'race', does: 'Lose real updates on a shared counter; fix them with a lock or an atomic.' }],
    samples: [
      { sample: 'race', does: 'Every ending of `counter += 1` on two threads, each with its schedule.' },
      { sample: 'lock', does: 'The same with a lock: one ending left.' },
    ],
    coming: [],
  },
  {
    n: 15,
    title: 'The Global Interpreter Lock',
    concept: 'One lock per interpreter lets one thread run Python at a time: threads take turns on CPU-bound work.',
    labs: [{ lab: 'gil', does: 'The same work on threads under a GIL, on free threads and on processes.' }, { lab: 'io', does: 'The GIL is released while a thread waits for I/O.' }],
    samples: [
      { sample: 'gil', does: 'Where CPython before 3.10 may switch threads: after every k bytecodes.' },
      { sample: 'gil310', does: 'Python 3.10+ switches only at calls and backward jumps: `counter += 1` stops losing updates.' },
    ],
    coming: [],
  },
  {
    n: 16,
    title: 'Designing lock-based and mutex-free concurrent data structures',
    concept: 'A structure is safe to share when every operation on it is atomic — by a lock, or by compare-and-swap.',
    labs: [
      { lab: 'race', does: 'A locked counter against an atomic one: same result, different price.' },
      { lab: 'lock-free', does: 'A mutex stack against a Treiber stack, three counters, and the ABA problem caught on real threads.' },
    ],
    samples: [],
    coming: [],
  },
  {
    n: 17,
    title: 'Memory models and operations on atomic types',
    concept: 'Without atomics, a CPU may let threads see each other’s writes out of order.',
    labs: [{ lab: 'memory-model', does: 'Litmus tests on your own CPU: outcomes no interleaving allows, and the atomics that forbid them.' }],
    samples: [],
    coming: [],
  },
  {
    n: 18,
    title: 'Building a server from scratch',
    concept: 'A non-blocking server: one event loop over many sockets instead of a thread per client.',
    labs: [{ lab: 'io', does: 'Many clients on one event-loop thread against a thread each.' }],
    samples: [{ sample: 'asyncio', does: 'The event loop’s turn-taking, one `await` at a time.' }],
    coming: [],
  },
  {
    n: 19,
    title: 'Testing, debugging and scheduling concurrent applications',
    concept: 'Concurrency bugs hide in rare interleavings: explore them all, and replay the one that fails.',
    labs: [{ lab: 'stepper', does: 'Be the scheduler; explore every interleaving; replay a failing schedule from its link.' }],
    samples: [
      { sample: 'race', does: 'A failing ending and the schedule that reaches it.' },
      { sample: 'deadlock', does: 'A deadlock found by exploring, replayed step by step.' },
    ],
    coming: [],
  },
];

/** What Python changed after the book (2018). @type {SinceTopic[]} */
export const SINCE = [
  {
    key: 'free-threading',
    title: 'Free-threaded Python (3.13t, 3.14t)',
    concept: 'A build without the GIL (PEP 703): threads compute in parallel — and races the GIL made rare turn common.',
    labs: [
      { lab: 'gil', does: 'Free threads beside GIL threads on the same work.' },
      { lab: 'race', does: 'Unsynchronised counting on truly parallel threads.' },
    ],
    samples: [{ sample: 'race', does: 'The stepper’s `threads` mode switches after any bytecode, as 3.13t may.' }],
    coming: [],
  },
  {
    key: 'subinterpreters',
    title: 'Subinterpreters (3.14)',
    concept: '`concurrent.interpreters` (PEP 734): isolated interpreters in one process, sharing data only through queues.',
    labs: [
      { lab: 'threads-vs-processes', params: { mode: 'all' }, does: 'Threads, interpreters and processes count side by side: each interpreter its own memory, one shared queue.' },
      { lab: 'map-reduce', params: { mode: 'interpreters' }, does: 'Interpreters between threads and processes, on real pixels.' },
    ],
    samples: [],
    coming: [],
  },
  {
    key: 'taskgroup',
    title: '`asyncio.TaskGroup` (3.11)',
    concept: 'Structured concurrency: a task group waits for all its tasks and cancels the rest when one fails.',
    labs: [{ lab: 'io', does: 'Timeouts and cancellation in the event loop.' }],
    samples: [{ sample: 'async_timeout', does: 'A timeout cancels a task where it waits; `TaskGroup` and `asyncio.timeout()` run in the stepper too.' }],
    coming: [],
  },
  {
    key: 'start-methods',
    title: 'New default start methods (3.14)',
    concept: 'On Linux a new process now starts by `forkserver`, not `fork` (macOS: `spawn` since 3.8): children no longer inherit the parent’s state.',
    labs: [{ lab: 'threads-vs-processes', params: { mode: 'isolated' }, does: 'Processes that share nothing and talk by message.' }],
    samples: [{ sample: 'processes', does: 'A child process and its own copy of the globals (as `fork`; spawn and forkserver are planned).' }],
    coming: [],
  },
];

/** @param {string} id */
const labEntry = (id) => LABS.find((l) => l.id === id);

/** Whether a lab with this id exists (is in the registry). */
export const labExists = (/** @type {string} */ id) => !!labEntry(id);

/** The URL (relative query) of a lab link. */
export function labHref(/** @type {string} */ lab, /** @type {Record<string, string>} */ params = {}) {
  return `?${new URLSearchParams({ lab, ...params })}`;
}

/** The URL of a stepper sample. */
export const sampleHref = (/** @type {string} */ sample) => labHref('stepper', { sample });

/**
 * Every existing lab in course order: first by the chapter that first uses it,
 * then the registry's labs no chapter names (e.g. the benchmarks), in registry order.
 * @returns {string[]}
 */
export function courseOrder() {
  /** @type {string[]} */
  const order = [];
  for (const c of CHAPTERS) for (const { lab } of c.labs) if (labExists(lab) && !order.includes(lab)) order.push(lab);
  for (const l of LABS) if (!order.includes(l.id)) order.push(l.id);
  return order;
}

/** The chapters (numbers) that use a lab. */
export const chaptersOf = (/** @type {string} */ id) => CHAPTERS.filter((c) => c.labs.some((l) => l.lab === id)).map((c) => c.n);

/**
 * The lab after `id` in the course, for a lab's "Next" link; null after the
 * last lab of the course and for labs outside it (or unknown ids).
 * @param {string} id
 * @returns {{id: string, title: string, href: string, chapter: number} | null}
 *   chapter: the first chapter that uses the next lab.
 */
export function nextLab(id) {
  const inCourse = courseOrder().filter((l) => chaptersOf(l).length);
  const at = inCourse.indexOf(id);
  if (at < 0 || at === inCourse.length - 1) return null;
  const next = inCourse[at + 1];
  return { id: next, title: labEntry(next)?.title ?? next, href: labHref(next), chapter: chaptersOf(next)[0] };
}
