/**
 * The command lines of the scripts that take flags only (`npm run bench`, `npm run gpu-check`): parsed,
 * with `--help` and mistakes answered the same way everywhere.
 */
import { parseArgs, ParseArgsConfig } from 'util';

/** A script's flags, `-h`/`--help` not included (it is added). */
type Flags = NonNullable<ParseArgsConfig['options']>;
/** The flag every script takes. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const;
/** What parseArgs gives for `flags` and --help. */
type FlagValues<F extends Flags> = ReturnType<typeof parseArgs<{ args: string[]; options: F & typeof HELP }>>['values'];

/**
 * Parses `argv` against `flags` plus `-h`/`--help`: the flags' values, or the exit code when the script is
 * done: 0 after printing `usage` for --help, 1 after printing the mistake and `usage`.
 */
export function readFlags<F extends Flags>(argv: string[], flags: F, usage: string): FlagValues<F> | number {
  let values: FlagValues<F> & { help?: boolean };
  try {
    values = parseArgs({ args: argv, options: { ...flags, ...HELP } }).values as FlagValues<F> & { help?: boolean };
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\n${usage}`);
    return 1;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  return values;
}
