import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestMatch } from './suggest.js';

/** A command-line mistake: exit code 2, with the message (and a suggestion) on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The flags every command takes: scope, logging, help. */
export const COMMON_OPTIONS = {
  project: { type: 'string', short: 'p' },
  env: { type: 'string', short: 'e' },
  environment: { type: 'string' },
  app: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'log-format': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/**
 * Splits `bella <cmd> [flags] -- program args` into bella's part and the program's. Without
 * `--`, the program starts at the first word that is neither a flag nor a flag's value, so
 * `bella run node server.js --port 3000` passes `--port 3000` to node, untouched.
 */
export function splitAtCommand(argv: readonly string[], options: OptionSpec): { own: string[]; command: string[] } {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'string') {
      takesValue.add(`--${name}`);
      if (spec.short) takesValue.add(`-${spec.short}`);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') return { own: argv.slice(0, i), command: argv.slice(i + 1) };
    if (token.startsWith('-') && token !== '-') {
      if (takesValue.has(token)) i++;
      continue;
    }
    return { own: argv.slice(0, i), command: argv.slice(i) };
  }
  return { own: [...argv], command: [] };
}

/**
 * `node:util` parseArgs, strict, with errors rewritten as {@link UsageError}s that suggest the
 * closest flag. parseArgs rather than a library: no dependency, and it does what a few flags
 * per command need (long and short names, `--flag=value`, booleans, repeated values).
 */
export function parseFlags<T extends OptionSpec>(argv: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^'\s]+)'/.exec(message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
      const names = Object.keys(options).map((name) => `--${name}`);
      const guess = closestMatch(flag.replace(/=.*$/, ''), names);
      throw new UsageError(`unknown option ${flag}.${guess ? ` Did you mean ${guess}?` : ''}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument: ${message.replace(/^.*?'([^']*)'.*$/s, '$1')}.`);
    throw new UsageError(message.split('\n')[0] ?? message);
  }
}

/** A number flag in seconds: finite and at least `min`. */
export function secondsFlag(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < min) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a number of seconds ≥ ${min}.`);
  return number;
}
