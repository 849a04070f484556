import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './vite.config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: r('./out/main'),
      rollupOptions: { input: { index: r('./electron/main.ts') } },
    },
  },
  preload: {
    build: {
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
