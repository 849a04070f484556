/**
 * `npm run fuzz`: the parser fuzz tests (test/fuzz) with many more runs than `npm test` gives
 * them (FUZZ_RUNS, default here 20,000 per property; `npm run fuzz -- 100000` for more).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = process.argv[2] ?? '20000';
if (!/^[1-9][0-9]*$/u.test(runs)) {
  console.error(`npm run fuzz: the number of runs must be a whole number, not "${runs}"`);
  process.exit(2);
}
// vitest's own launcher (its package exports do not include it, so by path from the package root).
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
// Many runs take longer than a unit test may: no per-test time limit here (each input is bounded instead).
const result = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz', '--testTimeout=0'], { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs } });
process.exit(result.status ?? 1);
