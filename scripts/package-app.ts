/**
 * `npm run dist` (installers) and `npm run dist:dir` (an unpacked app): make sure Electron's
 * binary is there (electron-builder unpacks the same cached download), build the three bundles,
 * then run electron-builder. Either it works, or the last line says in one sentence what is
 * missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runEnsureElectron } from './electronBinary';
import { packageFailureMessage } from './packageFailure';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const dirOnly = process.argv.includes('--dir');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

async function main(): Promise<number> {
  if ((await runEnsureElectron(projectDir, 'package')) !== 0) return 1;

  const build = spawnSync(npx, ['electron-vite', 'build'], { cwd: projectDir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    console.error('Packaging stopped: `electron-vite build` failed; its errors are above.');
    return 1;
  }

  const args = ['electron-builder', '--config', 'build/electron-builder.yml', ...(dirOnly ? ['--dir'] : [])];
  const child = spawn(npx, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  if (exitCode === 0) {
    console.log(dirOnly ? 'Packaged: the unpacked app is in release/.' : 'Packaged: the installers are in release/.');
    return 0;
  }
  console.error(packageFailureMessage(output, exitCode, dirOnly));
  return 1;
}

process.exitCode = await main();
