/**
 * `bella`'s own status lines: always on stderr (never mixed into a child's stdout), prefixed
 * `bella:`, or one JSON object per line with `--log-format json`. Callers pass key names, counts
 * and times, never a secret value.
 */
/**
 * The level of one `bella` status line.
 *
 * @example
 * ```ts
 * import type { LogLevel } from '@bella-baxter/sdk/cli';
 *
 * const level: LogLevel = 'warn';
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where and how `bella` writes its lines.
 *
 * @example
 * ```ts
 * import type { CliLogOptions } from '@bella-baxter/sdk/cli';
 *
 * const options: CliLogOptions = { format: 'json', quiet: true };
 * ```
 */
export interface CliLogOptions {
  /** Only warnings and errors. @default false */
  quiet?: boolean;
  /** `text` (`bella: ...`) or `json` (one object per line). @default 'text' */
  format?: 'text' | 'json';
  /** Also print `debug` lines. @default false */
  verbose?: boolean;
  /** Where lines go. @default process.stderr */
  stream?: {
    /** Writes one line, newline included. */
    write(line: string): unknown;
  };
  /** The prefix of text lines. @default 'bella' */
  prefix?: string;
}

/**
 * A `bella` logger: one method per level, each taking a message and optional structured fields
 * (key names, counts, times; never a secret value). `startAgent({ log })` takes one.
 *
 * @example
 * ```ts
 * import type { CliLog } from '@bella-baxter/sdk/cli';
 *
 * const log: CliLog = {
 *   debug: () => {},
 *   info: (message, fields) => console.info(message, fields),
 *   warn: (message, fields) => console.warn(message, fields),
 *   error: (message, fields) => console.error(message, fields),
 * };
 * ```
 */
export type CliLog = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void>;

/** Builds the logger every command uses. */
export function createCliLog(options: CliLogOptions = {}): CliLog {
  const stream = options.stream ?? process.stderr;
  const prefix = options.prefix ?? 'bella';
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (options.quiet && (level === 'debug' || level === 'info')) return;
    if (level === 'debug' && !options.verbose) return;
    if (options.format === 'json') {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, source: prefix, message, ...fields })}\n`);
      return;
    }
    const extra = fields && Object.keys(fields).length > 0 ? ` ${Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : '';
    const tag = level === 'info' || level === 'debug' ? '' : `${level}: `;
    stream.write(`${prefix}: ${tag}${message}${extra}\n`);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
