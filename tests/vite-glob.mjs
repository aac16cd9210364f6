// Lets node import the app's modules that find labs by convention: a module
// hook that does what Vite does at build time with `import.meta.glob(…)` —
// eager globs become static imports, lazy ones `() => import(…)`. Used by the
// tests that check the course and registry data in node (home.test.mjs).
// Register it, then import app modules dynamically:
//   register('./vite-glob.mjs', import.meta.url); const { LABS } = await import('../www/src/labs/registry.js');
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files matching a `./*\/name.js`-style pattern (one `*` segment), relative to `dir`. */
function matches(dir, pattern) {
  const [prefix, rest] = pattern.split('*');
  const base = join(dir, prefix);
  const out = [];
  for (const d of readdirSync(base, { withFileTypes: true })) {
    const candidate = join(base, d.name + rest);
    try {
      readdirSync(dirname(candidate)).includes(candidate.split('/').at(-1)) && out.push(candidate);
    } catch {
      /* not a folder */
    }
  }
  return out.map((f) => (relative(dir, f).startsWith('.') ? relative(dir, f) : `./${relative(dir, f)}`)).sort();
}

const GLOB = /import\.meta\.glob\(\s*'([^']+)'\s*(?:,\s*(\{[^}]*\}))?\s*\)/g;

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.startsWith('file:') || !url.includes('/www/src/') || result.format !== 'module') return result;
  const source = String(result.source);
  if (!source.includes('import.meta.glob')) return result;
  const dir = dirname(fileURLToPath(url));
  const imports = [];
  let n = 0;
  const code = source.replace(GLOB, (_, pattern, opts = '') => {
    const files = matches(dir, pattern);
    const eager = /eager:\s*true/.test(opts);
    const pick = opts.match(/import:\s*'([^']+)'/)?.[1];
    const entries = files.map((f) => {
      if (!eager) return `${JSON.stringify(f)}: () => import(${JSON.stringify(f)})${pick ? `.then((m) => m[${JSON.stringify(pick)}])` : ''}`;
      const name = `__glob${n++}`;
      imports.push(`import * as ${name} from ${JSON.stringify(f)};`);
      return `${JSON.stringify(f)}: ${pick ? `${name}[${JSON.stringify(pick)}]` : name}`;
    });
    return `({${entries.join(', ')}})`;
  });
  return { ...result, source: `${imports.join('\n')}\n${code}` };
}
