// Vite serves www/ in development and builds it into dist/.
// Both servers send the two headers that make the page cross-origin isolated,
// which is what lets the browser hand out SharedArrayBuffer (and so threads).
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // An isolated course page on another origin may embed embed.html and load
  // threadlab-embed.js only if they allow it (its COEP checks CORP).
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/**
 * `THREADLAB_COI=1 vite build` (or `THREADLAB_COI=1 npm run build`): the
 * built pages opt in to the cross-origin-isolation service worker
 * (www/public/coi-sw.js, www/src/embed/coi-register.js) for hosts that cannot
 * send headers. A host can also add the same <meta> to dist/*.html by hand.
 */
function coiMeta() {
  const on = process.env.THREADLAB_COI === '1';
  return {
    name: 'threadlab-coi-meta',
    transformIndexHtml: (/** @type {string} */ html) =>
      on ? html.replace('<head>', '<head>\n    <meta name="threadlab-coi" content="serviceworker" />') : html,
  };
}

/** In `npm run dev`, rebuild the wasm when the Rust source changes, then reload. */
function rebuildWasmOnChange() {
  return {
    name: 'threadlab-rebuild-wasm',
    apply: 'serve',
    configureServer(server) {
      let timer = null;
      let building = false;
      const rebuild = () => {
        if (building) return void (timer = setTimeout(rebuild, 300));
        building = true;
        server.config.logger.info('[threadlab] Rust changed: rebuilding wasm…', { timestamp: true });
        const p = spawn(process.execPath, ['scripts/build-wasm.mjs'], { cwd: repo, stdio: 'inherit' });
        p.on('exit', (code) => {
          building = false;
          if (code === 0) server.ws.send({ type: 'full-reload' });
          else server.config.logger.error('[threadlab] wasm build failed; the page keeps the last good build');
        });
      };
      const w = watch(`${repo}/crate/src`, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(rebuild, 200);
      });
      server.httpServer?.on('close', () => w.close());
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [rebuildWasmOnChange(), coiMeta()],
  server: { headers: ISOLATION_HEADERS, port: 5173, watch: { ignored: ['**/pkg/**/*.wasm'] } },
  preview: { headers: ISOLATION_HEADERS, port: 4173 },
  worker: { format: 'es' },
  // The wasm packages are local files, not dependencies; keep the optimiser off
  // them anyway (it can drop a linked package's worker/wasm files: vitejs/vite#8427, #13314).
  optimizeDeps: { exclude: ['threadlab-threads', 'threadlab-plain'] },
  // THREADLAB_DIST lets two builds (e.g. two test runs) use separate folders.
  build: {
    outDir: process.env.THREADLAB_DIST ?? '../dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    // Two pages: the full app and the chrome-less embed view.
    rollupOptions: { input: { main: `${root}index.html`, embed: `${root}embed.html` } },
  },
});
