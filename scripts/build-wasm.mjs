// Builds the crate twice for the browser and runs wasm-bindgen on each:
//   threads → www/pkg/threads  (atomics, shared memory, rayon pool)
//   plain   → www/pkg/plain    (no atomics: one private instance per isolated worker)
// `--release` also shrinks both with wasm-opt from npm `binaryen` (Debian's
// binaryen 108 corrupts wasm-bindgen output: TOOLCHAIN.md trap 4).
// Each variant has its own target folder: build-std rebuilds std whenever the
// flags change, and the two would otherwise evict each other (trap 5).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WASM_BINDGEN, mtime, run } from './lib.mjs';

const MAX_MEMORY = 1 << 30; // 1 GiB: room for 16 thread stacks and the bench's 64 MiB buffers.

export const VARIANTS = {
  threads: {
    features: ['--features', 'threads'],
    // `+atomics` no longer implies a shared memory (rust-lang/rust#147225): the
    // link args ask for it, and export the TLS symbols wasm-bindgen's thread
    // start-up needs ("failed to find `__wasm_init_tls`" otherwise).
    rustflags: [
      '-C target-feature=+atomics,+bulk-memory,+mutable-globals',
      '-C link-arg=--shared-memory',
      '-C link-arg=--import-memory',
      `-C link-arg=--max-memory=${MAX_MEMORY}`,
      '-C link-arg=--export=__wasm_init_tls',
      '-C link-arg=--export=__tls_size',
      '-C link-arg=--export=__tls_align',
      '-C link-arg=--export=__tls_base',
    ].join(' '),
    buildStd: ['-Z', 'build-std=panic_abort,std'],
  },
  plain: { features: [], rustflags: '', buildStd: [] },
};

const WASM_OPT_FLAGS = [
  '-O3',
  '--enable-threads',
  '--enable-bulk-memory',
  '--enable-mutable-globals',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-reference-types',
  '--enable-multivalue',
];

/**
 * @param {{release?: boolean, variants?: string[]}} [opts]
 */
export function buildWasm({ release = false, variants = Object.keys(VARIANTS) } = {}) {
  for (const name of variants) {
    const v = VARIANTS[name];
    const targetDir = join(ROOT, 'target', `wasm-${name}`);
    const outDir = join(ROOT, 'www', 'pkg', name);
    const start = Date.now();
    console.log(`[threadlab] wasm build "${name}" (first build ~40 s, then seconds) …`);
    run(
      'cargo',
      [
        'build', '-p', 'threadlab', '--lib', '--release', '--target', 'wasm32-unknown-unknown',
        '--target-dir', targetDir, ...v.features, ...v.buildStd,
      ],
      // Flags scoped to this command, so the native `cargo test` stays a plain
      // host build. The encoded form wins over any RUSTFLAGS in the environment.
      { env: { CARGO_ENCODED_RUSTFLAGS: v.rustflags.split(' ').filter(Boolean).join('\x1f') } },
    );
    const wasm = join(targetDir, 'wasm32-unknown-unknown', 'release', 'threadlab.wasm');
    const out = join(outDir, 'threadlab_bg.wasm');
    const stampFile = join(outDir, 'build.json');
    let stamp = {};
    try {
      stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    } catch {}
    if (mtime(out) > mtime(wasm) && stamp.optimized === release) {
      console.log(`[threadlab] wasm "${name}": up to date`);
      continue;
    }
    run(WASM_BINDGEN, ['--target', 'web', '--out-dir', outDir, wasm]);
    if (release) {
      run(join(ROOT, 'node_modules', '.bin', 'wasm-opt'), [...WASM_OPT_FLAGS, out, '-o', out]);
    }
    mkdirSync(outDir, { recursive: true });
    // Vite resolves wasm-bindgen-rayon's `import('../../..')` in its worker
    // helper through this file (TOOLCHAIN.md: "Failed to resolve import").
    writeFileSync(
      join(outDir, 'package.json'),
      JSON.stringify(
        { name: `threadlab-${name}`, type: 'module', main: 'threadlab.js', module: 'threadlab.js', sideEffects: false },
        null,
        2,
      ) + '\n',
    );
    writeFileSync(stampFile, JSON.stringify({ optimized: release }) + '\n');
    console.log(`[threadlab] wasm "${name}": ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildWasm({ release: process.argv.includes('--release') });
  } catch (e) {
    console.error(`[threadlab] wasm build failed: ${e.message}`);
    process.exit(1);
  }
}
