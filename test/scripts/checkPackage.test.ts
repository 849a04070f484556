/**
 * scripts/checkPackage.ts (npm run check:package): the packaged app carries no node_modules, so
 * the main and preload bundles may import only Electron and Node's built-ins, and app.asar is
 * read from its header to see what was packed.
 */
import { describe, expect, it } from 'vitest';
import { asarFiles, bundleImports, isAllowedInBundle } from '../../scripts/checkPackage';

/** An asar archive as electron-builder writes one: a pickled header (sizes, then the JSON), then the files' bytes. */
function archive(files: object): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ files }));
  const padded = Math.ceil(json.length / 4) * 4;
  const bytes = new Uint8Array(16 + padded + 3);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 4, true);
  view.setUint32(4, padded + 8, true);
  view.setUint32(8, padded + 4, true);
  view.setUint32(12, json.length, true);
  bytes.set(json, 16);
  return bytes;
}

describe('check:package', () => {
  it('lists the files of an archive, folders walked', () => {
    const packed = archive({
      out: { files: { main: { files: { 'index.js': { size: 1, offset: '0' } } } } },
      'package.json': { size: 2, offset: '1' },
      node_modules: { files: { yaml: { files: { 'index.js': { size: 0, offset: '3' } } } } },
    });
    expect(asarFiles(packed)).toEqual(['node_modules/yaml/index.js', 'out/main/index.js', 'package.json']);
  });

  it('finds every package a bundle imports, and allows only Electron and Node’s built-ins', () => {
    const code = `import { app } from "electron";\nimport { readFile } from "node:fs/promises";\nconst y = require('yaml');\nconst z = await import("fflate");\nimport "./chunk.js";\nimport path from "path";`;
    const names = bundleImports(code);
    expect(names).toEqual(['electron', 'fflate', 'node:fs/promises', 'path', 'yaml']);
    expect(names.filter((n) => !isAllowedInBundle(n))).toEqual(['fflate', 'yaml']);
  });
});
