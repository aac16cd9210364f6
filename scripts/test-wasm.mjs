// Runs crate/tests/web_threads.rs on the *threaded* wasm build in headless
// Chromium: a real rayon pool on Web Workers over one shared memory.
//   cargo test --target wasm32-unknown-unknown --features threads --test web_threads
// with the threaded build's flags (VARIANTS.threads in build-wasm.mjs), cargo's
// runner set to wasm-bindgen-test-runner, and chromedriver driving Debian's
// Chromium (capabilities in crate/webdriver.json).
//
// - Own target folder (target/wasm-test-threads): build-std rebuilds std when
//   flags or profile change, so the app builds keep theirs (TOOLCHAIN.md trap 5).
// - Flags via CARGO_ENCODED_RUSTFLAGS, scoped to this command: the native
//   `cargo test` stays a plain host build.
// - COOP/COEP: wasm-bindgen-test-runner's server sends
//   `Cross-Origin-Opener-Policy: same-origin` and
//   `Cross-Origin-Embedder-Policy: require-corp` by default (unless
//   WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION is set), so the page is
//   cross-origin isolated and SharedArrayBuffer works (trap 6). Unset here.
// - chromedriver starts Chromium with a fresh temporary profile per session;
//   the runner itself adds --headless, --no-sandbox, --disable-dev-shm-usage.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TOOLS, run } from './lib.mjs';
import { VARIANTS } from './build-wasm.mjs';

const RUNNER = join(TOOLS, 'bin', 'wasm-bindgen-test-runner');
const CHROMEDRIVER = process.env.CHROMEDRIVER || '/usr/bin/chromedriver';
const CRATE = join(ROOT, 'crate');

/**
 * @param {{timeoutSecs?: number, extraArgs?: string[]}} [opts] extraArgs go after
 *   `--`, to the test runner (e.g. a test-name filter).
 */
export function testWasm({ timeoutSecs = 120, extraArgs = [] } = {}) {
  const start = Date.now();
  console.log('[threadlab] wasm thread tests in headless Chromium (first build ~1 min, then seconds) …');
  for (const [what, path, fix] of [
    ['wasm-bindgen-test-runner', RUNNER, 'npm run setup'],
    ['chromedriver', CHROMEDRIVER, 'npm run setup -- --browser'],
    ['chromium', '/usr/bin/chromium', 'npm run setup -- --browser'],
  ]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}; run \`${fix}\``);
  }
  const v = VARIANTS.threads;
  const env = {
    CARGO_ENCODED_RUSTFLAGS: v.rustflags.split(' ').filter(Boolean).join('\x1f'),
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: RUNNER,
    CHROMEDRIVER,
    // Absolute, so it does not depend on the directory cargo starts the runner in.
    WASM_BINDGEN_TEST_WEBDRIVER_JSON: join(CRATE, 'webdriver.json'),
    WASM_BINDGEN_TEST_TIMEOUT: process.env.WASM_BINDGEN_TEST_TIMEOUT || String(timeoutSecs),
  };
  // Variables that would make the runner pick another driver, drop the COOP/COEP
  // headers or open a visible window: hidden from the child (run() merges
  // process.env, so take them out of it for the call and put them back after).
  const hidden = {};
  for (const k of ['GECKODRIVER', 'GECKODRIVER_REMOTE', 'SAFARIDRIVER', 'SAFARIDRIVER_REMOTE', 'CHROMEDRIVER_REMOTE',
    'MSEDGEDRIVER', 'MSEDGEDRIVER_REMOTE', 'WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION', 'NO_HEADLESS']) {
    if (k in process.env) {
      hidden[k] = process.env[k];
      delete process.env[k];
    }
  }
  try {
    run(
      'cargo',
      [
        'test', '-p', 'threadlab', '--target', 'wasm32-unknown-unknown',
        '--target-dir', join(ROOT, 'target', 'wasm-test-threads'),
        ...v.features, ...v.buildStd, '--test', 'web_threads',
        ...(extraArgs.length ? ['--', ...extraArgs] : []),
      ],
      { env, cwd: CRATE },
    );
  } finally {
    Object.assign(process.env, hidden);
  }
  console.log(`[threadlab] wasm thread tests passed in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    testWasm({ extraArgs: process.argv.slice(2) });
  } catch (e) {
    console.error(`[threadlab] wasm thread tests failed: ${e.message}`);
    process.exit(1);
  }
}
