// Lab `deadlock` inside the coordinator worker: one philosopher per pool
// thread, real mutexes as forks. The call may never return (a real deadlock):
// the page then ends this worker.

/** @typedef {{n: number, strategy: string, meals: number, think: number, eat: number, pause: number}} Params `pause` in ms */
/** @typedef {{meals: number[], stopped: boolean}} Result the kernel's `Outcome` */

/** @type {import('../../engine/lab-sides.js').ThreadsSide} */
export default {
  layout: (wasm) => wasm.deadlockLayout(),
  kernels: {
    run: (wasm, /** @type {Params} */ p) => wasm.deadlockRunThreads(p.n, p.strategy, p.meals, p.think, p.eat, p.pause),
  },
};
