// Lab `io`: what the registry, the URL and the course know of it. Kernel:
// crate/src/labs/io/. Browser test: tests/io.test.mjs.

/** @type {import('../../params.js').Schema} */
const schema = {
  part: {
    type: 'enum',
    label: 'Run',
    values: ['ways', 'sweep', 'convoy'],
    options: { ways: 'The four ways, once', sweep: 'A sweep for the chart', convoy: 'The convoy effect' },
    default: 'ways',
  },
  n: { type: 'int', label: 'Requests (N)', min: 1, max: 64, default: 8, help: '1 – 64' },
  latency: { type: 'int', label: 'Latency L (ms)', min: 0, max: 1000, default: 100, help: '0 – 1,000 ms of waiting per request' },
  jitter: { type: 'int', label: 'Jitter (± % of L)', min: 0, max: 100, default: 20, help: '0 – 100, from the seed' },
  cpu: { type: 'int', label: 'CPU per response c (ms)', min: 0, max: 200, default: 2, help: '0 – 200 ms of computing' },
  workers: { type: 'int', label: 'Workers (W)', min: 1, max: 16, default: 8, help: 'threads or processes, 1 – 16' },
  timeout: { type: 'int', label: 'Timeout (ms)', min: 0, max: 5000, default: 0, help: '0 = none; up to 5,000' },
  onTimeout: {
    type: 'enum',
    label: 'A thread past its timeout is',
    values: ['abandon', 'ask'],
    options: { abandon: 'abandoned (the caller stops waiting)', ask: 'asked to stop (it looks when its wait returns)' },
    default: 'abandon',
  },
  interval: { type: 'int', label: 'Switch interval (µs)', min: 100, max: 50_000, default: 5000, help: 'sys.setswitchinterval; 100 – 50,000' },
  axis: { type: 'enum', label: 'Sweep along', values: ['n', 'cpu'], options: { n: 'N (requests)', cpu: 'c (CPU per response)' }, default: 'n' },
  seed: { type: 'int', label: 'Seed', min: 0, max: 1_000_000, default: 1, help: 'the jitter replays from it' },
};

export default {
  id: 'io',
  title: 'I/O, the GIL and the event loop',
  summary: 'Waiting overlaps on threads even under the GIL, and in one event loop; computing does not.',
  schema,
};
