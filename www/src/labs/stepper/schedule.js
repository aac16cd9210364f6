// Schedules as the stepper's core writes them (crate/src/stepper/API.md,
// "Schedules"): pure functions, shared by the page and the step worker.
/**
 * The steps of a schedule, one token each: a digit for threads 0–9, `[12]` for
 * any thread (crate/src/stepper/API.md, "Schedules"). Characters are not steps
 * once a program has more than ten threads.
 * @param {string} schedule
 * @returns {string[]}
 */
export const scheduleSteps = (schedule) => schedule.match(/\[\d{1,2}\]|\d/g) ?? [];

/** How many steps a schedule holds. @param {string} schedule */
export const stepCount = (schedule) => scheduleSteps(schedule).length;

/** The first `n` steps of a schedule. @param {string} schedule @param {number} n */
export const schedulePrefix = (schedule, n) => scheduleSteps(schedule).slice(0, n).join('');
