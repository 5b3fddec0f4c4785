/**
 * `bella`'s own status lines: always on stderr (never mixed into a child's stdout), prefixed
 * `bella:`, or one JSON object per line with `--log-format json`. Callers pass key names, counts
 * and times, never a secret value.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where and how `bella` writes its lines. */
export interface CliLogOptions {
  /** Only warnings and errors. @default false */
  quiet?: boolean;
  /** `text` (`bella: ...`) or `json` (one object per line). @default 'text' */
  format?: 'text' | 'json';
  /** Also print `debug` lines. @default false */
  verbose?: boolean;
  /** @default process.stderr */
  stream?: { write(line: string): unknown };
  /** The prefix of text lines. @default 'bella' */
  prefix?: string;
}

/** A `bella` logger: one method per level, each taking a message and optional structured fields. */
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
