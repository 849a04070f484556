/**
 * Reading a command line with node:util's parseArgs, the commands' one way: every problem is one
 * line naming the argument (the caller prints it and exits 2), an option given twice is refused
 * rather than silently taking the last (unless it is declared `multiple`, a list), and `-h` / `--help` wins over everything else.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseIsoDate, type IsoDate } from '../shared/dates';
import { err, ok, type Result } from '../shared/result';

/** Turns parseArgs' errors into one line naming the argument. */
export function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = /'([^']+)'/u.exec(message)?.[1] ?? '';
  const flag = quoted.split(' ')[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag} (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // The one code for a flag given a value (--json=yes) and an option given none.
      if (/does not take an argument/u.test(message)) return `${flag} takes no value (write ${flag} alone)`;
      return `${flag} needs a value (write ${flag}=VALUE for one that starts with -)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}" (options start with --)`;
    default:
      return message.split('\n')[0] ?? message;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The values of `options`: strings for string options, booleans for flags, absent when not given. */
export type OptionValues<O extends Options> = { [K in keyof O]?: O[K] extends { multiple: true } ? string[] : O[K]['type'] extends 'string' ? string : boolean };

export interface CommandLine<O extends Options> {
  values: OptionValues<O>;
  positionals: string[];
}

/** Parses `argv` against `options`; `positionals` allows bare arguments (e.g. a file name). */
export function readCommandLine<O extends Options>(argv: readonly string[], options: O, positionals = false): Result<CommandLine<O>> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals, tokens: true });
  } catch (error) {
    return err(describeParseError(error));
  }
  const values = parsed.values as OptionValues<O> & { help?: boolean };
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (values.help === true) break;
    if (token.kind !== 'option') continue;
    // An option that may repeat (`multiple: true`, e.g. move --check) is a list.
    if ((options[token.name] as { multiple?: boolean } | undefined)?.multiple === true) continue;
    if (seen.has(token.name)) return err(`--${token.name}: given more than once`);
    seen.add(token.name);
  }
  return ok({ values, positionals: parsed.positionals });
}

/** `--as-of <YYYY-MM-DD>`: the date given, else `today`; a bad date names the option. */
export function asOfOption(value: string | undefined, today: IsoDate): Result<IsoDate> {
  if (value === undefined) return ok(today);
  const d = parseIsoDate(value);
  return d.ok ? d : err(`--as-of: ${d.error}`);
}
