// The renderer as a plain web app (`npm run web`, `npm run build:web`, the e2e tests).
// electron.vite.config.ts reuses rendererConfig for the desktop build.
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The strict CSP lives in index.html so the built app carries it everywhere (Electron and
 * browser). Vite's dev server injects inline scripts for hot reload, so in `serve` mode only
 * the meta tag is dropped; Electron's main process still sends its own CSP header.
 */
function devRelaxCsp(): Plugin {
  return {
    name: 'fleetledger-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/u, '');
    },
  };
}

export const rendererConfig: UserConfig = {
  root,
  base: './',
  plugins: [react(), devRelaxCsp()],
  build: { outDir: fileURLToPath(new URL('./dist-web', import.meta.url)), emptyOutDir: true, sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
};

export default defineConfig(rendererConfig);
