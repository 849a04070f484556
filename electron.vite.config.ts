import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  // Main and preload bundle what they import, as the renderer does: the packaged app ships no
  // node_modules (build/electron-builder.yml), so an import left external could not load there.
  main: {
    build: {
      externalizeDeps: false,
      outDir: r('./out/main'),
      rollupOptions: { input: { index: r('./electron/main.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      outDir: r('./out/preload'),
      // Sandboxed preloads cannot be ES modules.
      rollupOptions: {
        input: { index: r('./electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      outDir: r('./out/renderer'),
      // Electron 45 ships Chromium 140.
      target: 'chrome140',
      rollupOptions: { input: r('./renderer/index.html') },
    },
  },
});
