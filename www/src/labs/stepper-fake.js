// TEMPORARY development fake of the core's wasm exports (STEPPER_API.md), only the race program.
// Not to be committed.
const RACE = `import threading

counter = 0


def worker():
    global counter
    counter += 1


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
print(counter)
`;
const I = (offset, line, op, arg = '') => ({ offset, line, op, arg, text: arg === '' ? op : `${op} ${arg}` });
const CODE = [
  {
    name: '<module>',
    instrs: [
      I(0, 3, 'LOAD_CONST', '0'), I(2, 3, 'STORE_GLOBAL', 'counter'),
      I(4, 13, 'START', 't1'), I(6, 14, 'START', 't2'), I(8, 15, 'JOIN', 't1'), I(10, 16, 'JOIN', 't2'),
      I(12, 17, 'LOAD_GLOBAL', 'counter'), I(14, 17, 'PRINT'), I(16, 17, 'RETURN_VALUE'),
    ],
  },
  {
    name: 'worker',
    instrs: [I(0, 8, 'LOAD_GLOBAL', 'counter'), I(2, 8, 'LOAD_CONST', '1'), I(4, 8, 'BINARY_ADD'), I(6, 8, 'STORE_GLOBAL', 'counter'), I(8, 8, 'RETURN_VALUE')],
  },
];
export default async function init() {}
export function stepperSamples() {
  const ids = ['race', 'lock', 'deadlock', 'starvation', 'prodcons', 'processes', 'gil', 'asyncio'];
  return JSON.stringify(ids.map((id) => ({ id, title: id === 'race' ? 'Race: two threads, counter += 1' : `Sample ${id}`, mode: id === 'asyncio' ? 'asyncio' : id === 'processes' ? 'processes' : id === 'gil' ? 'gil' : 'threads', source: RACE.replace('import threading', `import threading  # ${id}`) })));
}
export function stepperCompile(src) {
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].indexOf('lambda');
    if (c >= 0) return JSON.stringify({ ok: false, error: { line: i + 1, col: c + 1, message: '`lambda` is not supported in ThreadLab\'s Python subset' } });
  }
  return JSON.stringify({ ok: true, code: CODE });
}
class State {
  constructor() {
    this.threads = [{ id: 0, pc: 0, stack: [], status: 'ready', fn: 0 }];
    this.globals = new Map();
    this.writer = new Map();
    this.output = [];
    this.schedule = '';
  }
  clone() {
    const s = new State();
    s.threads = this.threads.map((t) => ({ ...t, stack: [...t.stack] }));
    s.globals = new Map(this.globals);
    s.writer = new Map(this.writer);
    s.output = [...this.output];
    s.schedule = this.schedule;
    return s;
  }
  blockedOn(t) {
    const ins = CODE[t.fn].instrs[t.pc];
    if (ins?.op === 'JOIN') {
      const id = ins.arg === 't1' ? 1 : 2;
      if (this.threads[id].status !== 'done') return id;
    }
    return null;
  }
  runnable() {
    return this.threads.filter((t) => t.status !== 'done' && this.blockedOn(t) === null).map((t) => t.id);
  }
  step(id) {
    const t = this.threads[id];
    if (!t || !this.runnable().includes(id)) throw new Error(`thread ${id} cannot run now`);
    const ins = CODE[t.fn].instrs[t.pc];
    t.pc++;
    switch (ins.op) {
      case 'LOAD_CONST': t.stack.push(Number(ins.arg)); break;
      case 'STORE_GLOBAL': this.globals.set(ins.arg, t.stack.pop()); this.writer.set(ins.arg, id); break;
      case 'LOAD_GLOBAL': t.stack.push(this.globals.get(ins.arg)); break;
      case 'BINARY_ADD': { const b = t.stack.pop(); const a = t.stack.pop(); t.stack.push(a + b); break; }
      case 'START': this.threads.push({ id: this.threads.length, pc: 0, stack: [], status: 'ready', fn: 1 }); break;
      case 'JOIN': break;
      case 'PRINT': this.output.push({ thread: id, text: String(t.stack.pop()) }); break;
      case 'RETURN_VALUE': t.status = 'done'; break;
    }
    this.schedule += String(id);
  }
}
export class Stepper {
  constructor(source, mode, k) {
    const c = JSON.parse(stepperCompile(source));
    if (!c.ok) throw new Error(`line ${c.error.line}, column ${c.error.col}: ${c.error.message}`);
    this.mode = mode;
    this.s = new State();
  }
  snapshot() {
    const s = this.s;
    const done = s.threads.every((t) => t.status === 'done');
    return JSON.stringify({
      step: s.schedule.length, schedule: s.schedule, mode: this.mode, runnable: s.runnable(),
      threads: s.threads.map((t) => {
        const ins = CODE[t.fn].instrs[Math.min(t.pc, CODE[t.fn].instrs.length - 1)];
        const b = s.blockedOn(t);
        return {
          id: t.id, name: t.id ? `Thread-${t.id}` : 'MainThread', kind: t.id ? 'thread' : 'main',
          status: t.status === 'done' ? 'done' : b !== null ? 'blocked' : 'ready',
          waitingFor: b !== null ? `join Thread-${b}` : null, line: ins.line, offset: ins.offset, instr: ins.text,
          frames: t.status === 'done' ? [] : [{ func: CODE[t.fn].name, line: ins.line, locals: {}, stack: t.stack.map(String) }], process: 0,
        };
      }),
      memories: [{ process: 0, name: 'main process', globals: [...s.globals].map(([name, v]) => ({ name, value: String(v), writer: s.writer.get(name) ?? null })) }],
      syncs: [],
      output: s.output,
      outcome: done ? { kind: 'finished', message: 'every thread finished', line: null } : null,
    });
  }
  step(t) { this.s.step(t); }
  stepLine(t) {
    const line = () => { const th = this.s.threads[t]; return CODE[th.fn].instrs[th.pc]?.line; };
    const l0 = line();
    do { this.s.step(t); } while (this.s.threads[t].status !== 'done' && line() === l0 && this.s.runnable().includes(t));
  }
  runRandom(seed, max) {
    let x = seed || 1; let n = 0;
    while (n < max) { const r = this.s.runnable(); if (!r.length) break; x = (x * 1103515245 + 12345) >>> 0; this.s.step(r[x % r.length]); n++; }
    return n;
  }
  runSequential(max) { let n = 0; while (n < max) { const r = this.s.runnable(); if (!r.length) break; this.s.step(r[0]); n++; } }
  replay(sch) {
    this.s = new State();
    for (let i = 0; i < sch.length; i++) {
      try { this.s.step(Number(sch[i])); } catch (e) { throw new Error(`schedule position ${i + 1} ("${sch[i]}"): ${e.message}`); }
    }
  }
  undo(to) { this.replay(this.s.schedule.slice(0, to)); }
  schedule() { return this.s.schedule; }
  explore(budget) {
    const seen = new Set(); const out = new Map(); let states = 0; let transitions = 0; let hit = false;
    const dfs = (s) => {
      if (states >= budget) { hit = true; return; }
      const key = JSON.stringify([s.threads, [...s.globals], s.output]);
      if (seen.has(key)) return; seen.add(key); states++;
      const r = s.runnable();
      if (!r.length) {
        const g = Object.fromEntries([...s.globals].map(([k, v]) => [k, String(v)]));
        const o = s.output.map((x) => x.text).join('\n');
        const k = JSON.stringify([g, o]);
        const e = out.get(k) ?? { kind: 'finished', globals: g, output: o, message: '', count: 0, witness: s.schedule };
        e.count++; out.set(k, e); return;
      }
      for (const id of r) { const n = s.clone(); n.step(id); transitions++; dfs(n); }
    };
    dfs(new State());
    return JSON.stringify({ states, transitions, complete: !hit, budgetHit: hit, naiveStates: null, ms: 1, outcomes: [...out.values()] });
  }
}
