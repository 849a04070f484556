/** What a command may touch: its output streams. Tests pass collectors; bin.mjs passes the process's streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** "1 unit", "1948 units": a count and its noun (the plural made with an s), in plain digits as scripts read them (the app groups them: renderer/lib/counted.ts). */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

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
