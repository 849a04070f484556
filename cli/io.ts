/** What a command may touch: its output streams. Tests pass collectors; bin.mjs passes the process's streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** "1 unit", "1948 units": shared/counted.ts, in plain digits as scripts read them. */
export { counted } from '../shared/counted';

/** Exit codes: 0 done, 1 failed unexpectedly, 2 bad arguments (the caller can fix the command line). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliCommand {
  name: string;
  /** One line for `fleetledger --help`. */
  summary: string;
  run(argv: readonly string[], io: CliIo): number | Promise<number>;
}
