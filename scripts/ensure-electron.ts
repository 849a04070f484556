/**
 * `npm start` and `npm run dev` run this first: it downloads Electron's binary when it is
 * missing (see electronBinary.ts for why electron-vite cannot do it) and ends with one clear
 * sentence, exit code 1, when it cannot.
 */
import { fileURLToPath } from 'node:url';
import { runEnsureElectron } from './electronBinary';

process.exitCode = await runEnsureElectron(fileURLToPath(new URL('..', import.meta.url)), 'start');
