// Installs whatever is missing for `npm run dev` (and, with --browser, for
// `npm test`), one progress line per step, skipping what is already there:
//   1. the pinned nightly with rust-src and the wasm32 target (rust-toolchain.toml)
//   2. the wasm-bindgen CLI of exactly Cargo.lock's version, into .tools/
//   3. npm packages
//   4. (--browser) Debian's Chromium and ChromeDriver, for the browser tests
//   5. the two wasm builds (threads, plain) — cargo skips them when unchanged
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TOOLCHAIN, TOOLS, WASM_BINDGEN, elapsed, mtime, output, run, step } from './lib.mjs';
import { buildWasm } from './build-wasm.mjs';

const wantBrowser = process.argv.includes('--browser');
const release = process.argv.includes('--release');

export function wasmBindgenVersion() {
  const lock = readFileSync(join(ROOT, 'Cargo.lock'), 'utf8');
  const m = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!m) throw new Error('Cargo.lock names no wasm-bindgen version');
  return m[1];
}

export function setup({ browser = wantBrowser, wasm = true } = {}) {
  // 1. Rust. RUSTUP_AUTO_INSTALL=0 on these machines: cargo will not fetch the
  // pinned toolchain by itself, so ask rustup, which reads rust-toolchain.toml.
  step(
    `Rust ${TOOLCHAIN} + rust-src + wasm32 target`,
    () =>
      output('rustup', ['component', 'list', '--installed', '--toolchain', TOOLCHAIN]).includes('rust-src') &&
      output('rustup', ['target', 'list', '--installed', '--toolchain', TOOLCHAIN]).includes('wasm32-unknown-unknown'),
    () => run('rustup', ['toolchain', 'install', '--no-self-update']),
    '~15 s',
  );

  // 2. wasm-bindgen CLI. Must equal the library's version in Cargo.lock.
  // No `--locked`: a locked dependency of the CLI is not served here (TOOLCHAIN.md trap 3).
  const version = wasmBindgenVersion();
  step(
    `wasm-bindgen CLI ${version} (in .tools/)`,
    () => output(WASM_BINDGEN, ['--version']).trim() === `wasm-bindgen ${version}`,
    () => run('cargo', ['install', 'wasm-bindgen-cli', '--version', version, '--root', TOOLS, '--force']),
    'compiles from source, ~2 min on 2 cores',
  );

  // 3. npm packages (installed again when package-lock.json changed).
  step(
    'npm packages',
    () => mtime(join(ROOT, 'node_modules', '.package-lock.json')) >= mtime(join(ROOT, 'package-lock.json')),
    () => run('npm', ['ci', '--no-audit', '--no-fund']),
    '~20 s',
  );

  // 4. Chromium for the browser tests. Browser downloads by test tools do not
  // work here (no `npx playwright install`): Debian's Chromium is the one.
  if (browser) {
    step(
      "Debian's Chromium + ChromeDriver",
      () => existsSync('/usr/bin/chromium') && existsSync('/usr/bin/chromedriver'),
      () => {
        const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
        const apt = (args) => run(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, {
          env: { DEBIAN_FRONTEND: 'noninteractive' },
        });
        apt(['update', '-q']);
        apt(['install', '-y', '-q', 'chromium', 'chromium-driver']);
      },
      'apt-get, ~40 s',
    );
  }

  // 5. The wasm builds.
  if (wasm) buildWasm({ release });
  console.log(`[threadlab] ready (${elapsed()})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setup();
  } catch (e) {
    console.error(`[threadlab] set-up failed: ${e.message}`);
    process.exit(1);
  }
}
