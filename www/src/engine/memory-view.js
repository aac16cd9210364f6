// Typed-array views over a lab's memory, built from the layout its Rust side
// exports (crate/src/memory.rs: `{base, size, fields, consts}`). No lab writes a
// view class or copies an offset, a length or a constant: all come from here.
//
// Over the threaded build's shared memory these views see the threads' writes
// as they happen. They are re-created when the memory grows: a grown memory
// hands out a new buffer (wasm-bindgen#2222), so `views` checks every time.

/**
 * @typedef {'u8' | 'u16' | 'u32' | 'i32' | 'u64'} Kind
 * @typedef {{name: string, offset: number, kind: Kind, len: number}} Field
 * @typedef {{base: number, size: number, fields: Field[], consts: Record<string, number>}} Layout
 * @typedef {Uint8Array | Uint16Array | Uint32Array | Int32Array | BigUint64Array} View
 */

/** The typed array for each element type (`i32`: the one `Atomics.wait`/`notify` take). */
const ARRAY = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  u64: BigUint64Array,
};

export class MemoryView {
  /**
   * @param {WebAssembly.Memory} memory
   * @param {Layout} layout
   */
  constructor(memory, layout) {
    this.memory = memory;
    this.layout = layout;
    /** Constants the Rust side declared beside the layout (bounds, state codes…). */
    this.consts = layout.consts;
    /** @type {ArrayBufferLike | null} */
    this.buffer = null;
    /** @type {Record<string, any>} */
    this.v = {};
  }

  /**
   * One typed array per field, by its camelCase name (`counter`, `runsDone`, …);
   * `any` because each lab knows its own fields' types.
   * @returns {Record<string, any>}
   */
  get views() {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.v = {};
      for (const f of this.layout.fields) this.v[f.name] = new ARRAY[f.kind](buffer, f.offset, f.len);
    }
    return this.v;
  }
}

/**
 * Views over a *copy* of a lab's memory: what an isolated worker sends the page
 * (its private bytes, `memory.buffer.slice(base, base + size)`), read with the
 * same field names as the shared views.
 * @param {ArrayBuffer} bytes the copy, starting at `layout.base`
 * @param {Layout} layout
 * @returns {Record<string, any>}
 */
export function viewsOfCopy(bytes, layout) {
  /** @type {Record<string, any>} */
  const v = {};
  for (const f of layout.fields) v[f.name] = new ARRAY[f.kind](bytes, f.offset - layout.base, f.len);
  return v;
}

/**
 * The bytes of a lab's memory as a fresh ArrayBuffer (a copy, for a message).
 * @param {WebAssembly.Memory} memory
 * @param {Layout} layout
 */
export const copyOf = (memory, layout) => memory.buffer.slice(layout.base, layout.base + layout.size);
