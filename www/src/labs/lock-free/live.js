// Lab `lock-free`: the per-frame view over the lab's shared memory
// (ctx.shared.view('lock-free').views, typed arrays from the Rust layout):
// the Treiber stack as it is now, and each thread's operations, CAS retries
// and approximate-counter shard.
import { fmt } from '../../views/dom.js';

/**
 * The stack from its head, top first: at most `nodes` + 1 steps (a corrupted
 * stack can loop). Nodes are numbered as the kernel and the stepper program
 * number them, from 0.
 * @param {Record<string, any>} v the views
 * @param {Record<string, number>} c the consts
 * @returns {{tag: number, nodes: number[], loops: boolean}}
 */
export function stackOf(v, c) {
  const head = /** @type {bigint} */ (v.head[0]);
  const tag = Number(head >> 32n);
  /** @type {number[]} */
  const nodes = [];
  let at = Number(head & 0xffffffffn);
  const seen = new Set();
  while (at !== c.empty && nodes.length <= c.nodes) {
    if (seen.has(at) || at >= c.nodes) return { tag, nodes, loops: true };
    seen.add(at);
    nodes.push(at);
    at = v.next[at];
  }
  return { tag, nodes, loops: false };
}

export class LiveView {
  /**
   * @param {HTMLElement} stackBox where the stack is drawn
   * @param {HTMLTableSectionElement} body the per-thread table's body
   * @param {HTMLElement} line a one-line summary (what runs, the counter's global)
   */
  constructor(stackBox, body, line) {
    this.stackBox = stackBox;
    this.body = body;
    this.line = line;
  }

  /** @param {import('../../engine/memory-view.js').MemoryView} mem */
  render(mem) {
    const v = mem.views;
    const c = mem.consts;
    const { tag, nodes, loops } = stackOf(v, c);
    const held = Array.from(v.holder.slice(0, c.nodes), (h, i) => [i, h]).filter(([, h]) => h);
    this.stackBox.dataset.nodes = String(nodes.length);
    this.stackBox.dataset.loops = String(loops);
    this.stackBox.replaceChildren(
      ...nodes.map((n) => {
        const li = document.createElement('li');
        li.textContent = String(n);
        return li;
      }),
    );
    const T = v.threads[0];
    const running = v.running[0];
    const what = running === c.aba ? 'the ABA run' : running === c.idle ? 'nothing (idle)' : 'a throughput run';
    const heldText = held.length ? ` Held by threads: ${held.map(([i, h]) => `${i} (thread ${h})`).join(', ')}.` : '';
    this.line.textContent = `Running: ${what}. Head tag ${fmt(tag)}; ${nodes.length} node${nodes.length === 1 ? '' : 's'} on the stack${loops ? ' — the walk came back to a node: the stack is a loop' : ''}.${heldText}`;
    const shards = Array.from(v.shards.slice(0, T));
    const rows = [];
    for (let t = 0; t < T; t++) {
      const tr = document.createElement('tr');
      tr.innerHTML = `<th scope="row">${t + 1}</th><td>${fmt(v.ops[t])}</td><td>${fmt(v.retries[t])}</td><td>${fmt(shards[t])}</td>`;
      rows.push(tr);
    }
    const g = document.createElement('tr');
    g.innerHTML = `<th scope="row">global</th><td colspan="2">approximate counter's global value</td><td>${fmt(v.global[0])}</td>`;
    this.body.replaceChildren(...rows, g);
  }
}
