// Lab `map-reduce`: what the registry, the URL and the course know of it.
// Kernel: crate/src/labs/map_reduce/. Browser test: tests/map-reduce.test.mjs.

const cores = globalThis.navigator?.hardwareConcurrency || 0;

/** Largest image side the lab takes (the kernel's MAX_SIDE; its layout says it too). */
export const MAX_SIDE = 4096;

export default {
  id: 'map-reduce',
  title: 'Map and reduce on images',
  summary: 'Filter real pixels on threads, interpreters and processes; reduce histograms as a tree.',
  /** @type {import('../../params.js').Schema} */
  schema: {
    mode: {
      type: 'enum',
      label: 'Ways',
      values: ['all', 'threads', 'interpreters', 'isolated'],
      options: {
        all: 'All three, side by side',
        threads: 'Threads (one shared image)',
        interpreters: 'Interpreters (shared queue)',
        isolated: 'Processes (copies by message)',
      },
      default: 'all',
    },
    filter: {
      type: 'enum',
      label: 'Filter',
      values: ['threshold', 'grayscale', 'box', 'gaussian'],
      options: { threshold: 'Threshold (the book’s)', grayscale: 'Grayscale', box: 'Box blur', gaussian: 'Gaussian blur' },
      default: 'gaussian',
      widget: 'select',
    },
    radius: { type: 'int', label: 'Blur radius', min: 1, max: 8, default: 4, help: '1–8 px: the halo each tile needs' },
    level: { type: 'int', label: 'Threshold level', min: 0, max: 255, default: 127, help: '0–255' },
    width: { type: 'int', label: 'Generated image width', min: 16, max: MAX_SIDE, default: 1024, help: `16–${MAX_SIDE} px` },
    height: { type: 'int', label: 'Generated image height', min: 16, max: MAX_SIDE, default: 768, help: `16–${MAX_SIDE} px` },
    tile: { type: 'int', label: 'Tile side', min: 16, max: 1024, default: 128, help: '16–1024 px' },
    workers: {
      type: 'int',
      label: 'Workers (W)',
      min: 1,
      max: 16,
      default: Math.min(16, Math.max(1, cores || 4)),
      help: `1–16 · this machine has ${cores || '?'} cores`,
    },
    schedule: {
      type: 'enum',
      label: 'Threads take tiles by',
      values: ['steal', 'static'],
      options: { steal: 'Work stealing (rayon)', static: 'Static split' },
      default: 'steal',
    },
    uneven: { type: 'bool', label: 'Uneven tiles: the top quarter costs 4×', default: false },
    transfer: { type: 'bool', label: 'Processes transfer tiles instead of copying', default: false },
    sweep: { type: 'bool', label: 'For Amdahl’s law, measure at fewer workers too (W = 1, 2, 4 …)', default: false },
    slow: { type: 'bool', label: 'Slow motion', default: false },
  },
};
