// The three ways of doing `counter += 1` as the page shows them. Their order
// is not copied here: each variant's number comes from the kernel's layout
// (`consts.racy`, `consts.mutex`, `consts.atomic`; crate/src/labs/race/).
import { WRITER_COLOURS } from '../../views/palette.js';

/**
 * @typedef {'racy' | 'mutex' | 'atomic'} VariantKey
 * @typedef {{key: VariantKey, name: string, code: string, colour: string, pattern: string}} VariantLook
 */

/** @type {ReadonlyArray<VariantLook>} in the order the page lists them */
export const VARIANTS = [
  { key: 'racy', name: 'Unsynchronised', code: 'let v = counter.load();\ncounter.store(v + 1);', colour: WRITER_COLOURS[5], pattern: 'hatched' },
  {
    key: 'mutex',
    name: 'With a mutex',
    code: 'let _guard = lock.lock();\nlet v = counter.load();\ncounter.store(v + 1);',
    colour: WRITER_COLOURS[4],
    pattern: 'solid',
  },
  { key: 'atomic', name: 'Atomic fetch_add', code: 'counter.fetch_add(1);', colour: WRITER_COLOURS[2], pattern: 'dotted' },
];

/**
 * A variant's number in the kernel's arrays (`counters`, `trials[r]`, …).
 * @param {Record<string, number>} consts the layout's constants
 * @param {VariantKey} key
 */
export const indexOf = (consts, key) => consts[key];
