// `npm test`: installs what is missing (Chromium too), then runs every check
// and exits non-zero on the first failure:
//   1. Rust: rustfmt, clippy, native `cargo test` (kernels' sequential and parallel twins agree)
//   2. wasm-bindgen-test on the threaded build in headless Chromium (threads really ran)
//   3. the production build (release wasm + wasm-opt + Vite), then tsc --noEmit on the JSDoc types
//   4. node's test runner: Python equivalents (python3) and the browser tests (Playwright + Chromium)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, elapsed, run } from './lib.mjs';
import { setup } from './setup.mjs';
import { testWasm } from './test-wasm.mjs';

const stage = (name) => console.log(`\n[threadlab] ── ${name} (${elapsed()})`);

try {
  stage('set-up');
  setup({ browser: true, wasm: false });

  stage('Rust: fmt, clippy, native tests');
  run('cargo', ['fmt', '--all', '--check']);
  run('cargo', ['clippy', '--workspace', '--all-targets', '--', '-D', 'warnings']);
  run('cargo', ['test', '--workspace']);

  stage('wasm-bindgen-test: threaded build in headless Chromium');
  testWasm();

  stage('production build');
  run('node', ['scripts/build-wasm.mjs', '--release']);
  run(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'www/vite.config.js', '--logLevel', 'warn']);

  // After the wasm build: the JSDoc types are checked against the .d.ts files it emits.
  stage('JS types: tsc --noEmit (jsconfig.json)');
  run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'jsconfig.json']);

  stage('Python equivalents and browser tests');
  const files = readdirSync(join(ROOT, 'tests'))
    .filter((f) => f.endsWith('.test.mjs'))
    .map((f) => join('tests', f));
  // One file at a time: the machine has two cores and the thread tests need them.
  run('node', ['--test', '--test-concurrency=1', ...files]);
  console.log(`\n[threadlab] all tests passed (${elapsed()})`);
} catch (e) {
  console.error(`\n[threadlab] FAILED: ${e.message}`);
  process.exit(1);
}
