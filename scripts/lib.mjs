// Helpers shared by the set-up, build and test scripts. Node built-ins only:
// these scripts run before `npm install` has happened.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Must match rust-toolchain.toml's `channel`. */
export const TOOLCHAIN = readFileSync(join(ROOT, 'rust-toolchain.toml'), 'utf8').match(
  /^channel\s*=\s*"([^"]+)"/m,
)[1];
export const TOOLS = join(ROOT, '.tools');
export const WASM_BINDGEN = join(TOOLS, 'bin', 'wasm-bindgen');

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One line of progress per step: `[threadlab] name … done (3.2 s)` or `… already there`.
 * @param {string} name what the step makes sure of
 * @param {() => boolean} isDone true when nothing needs doing
 * @param {() => void} doIt does the step; throws on failure
 * @param {string} [hint] shown while it runs, e.g. how long it takes
 */
export function step(name, isDone, doIt, hint = '') {
  if (isDone()) {
    console.log(`[threadlab] ${name}: already there`);
    return;
  }
  console.log(`[threadlab] ${name}: installing${hint ? ` (${hint})` : ''} …`);
  const start = Date.now();
  doIt();
  if (!isDone()) throw new Error(`${name}: still missing after installing it`);
  console.log(`[threadlab] ${name}: done in ${secs(Date.now() - start)}`);
}

/**
 * Runs a command, streaming its output; throws when it fails.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{env?: Record<string,string>, quiet?: boolean, cwd?: string}} [opts]
 */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, ...opts.env },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    if (opts.quiet) process.stderr.write(r.stdout + r.stderr);
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  }
  return r;
}

/** Output of a command, or '' when it cannot run. */
export function output(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...opts });
  return r.status === 0 ? r.stdout : '';
}

export const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
export const elapsed = () => secs(Date.now() - t0);
