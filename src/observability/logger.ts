import { isBaxterError } from '../errors/baxter-error.js';

/**
 * Where the SDK writes what it does: any object with `debug`, `info`, `warn`
 * and `error` methods taking a message, so `console`, pino, winston, bunyan or
 * a logger of your own fit as they are. Each call passes one self-contained
 * line of text. No line ever contains a secret value, an API key's signing
 * secret or a token: only methods, paths, statuses, durations, error codes,
 * key names and counts.
 *
 * Without the `logger` option the client writes `warn` and `info` lines to
 * stderr, and `debug` lines (one per HTTP request) only with `BELLA_BAXTER_DEBUG=1`.
 * With a logger, every line goes to it, request lines to its `debug`: its
 * level decides what is kept.
 *
 * @example
 * ```ts
 * import { createBaxterClient, type BaxterLogger } from '@bella-baxter/sdk';
 *
 * // Keep warnings and recoveries, drop the per-request debug lines (pino({ level: 'info' }) does the same).
 * const logger: BaxterLogger = { debug: () => {}, info: console.info, warn: console.warn, error: console.error };
 * const client = await createBaxterClient({ refreshInterval: 60, logger });
 * ```
 */
export interface BaxterLogger {
  /** One line per HTTP request: method, path, status, duration, attempt, request id. */
  debug(message: string): unknown;
  /** Recovery: refreshing works again after failures. */
  info(message: string): unknown;
  /** The first failure of a streak of failed refreshes, or new secrets the schema rejected. */
  warn(message: string): unknown;
  /** Reserved for failures the SDK cannot recover from by itself. */
  error(message: string): unknown;
}

/** The logger and whether per-request lines are produced at all. */
export interface ResolvedLogger {
  logger: BaxterLogger;
  /** False for the default logger without `BELLA_BAXTER_DEBUG`: no request line is even formatted. */
  requests: boolean;
}

/** Whether `BELLA_BAXTER_DEBUG` asks for request lines (`1` or `true`, as the product CLI reads it). */
export function debugEnabled(env: Record<string, string | undefined>): boolean {
  const value = env.BELLA_BAXTER_DEBUG?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

/** The default: `bella-baxter <level>: <message>` lines on stderr; `debug` only when asked. */
export function stderrLogger(debug: boolean, write: (line: string) => unknown = (line) => process.stderr.write(line)): BaxterLogger {
  const line = (level: string) => (message: string) => void write(`bella-baxter ${level}: ${message}\n`);
  return { debug: debug ? line('debug') : () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}

/** The `logger` option, else the stderr logger; request lines with a logger or `BELLA_BAXTER_DEBUG=1`. */
export function resolveLogger(option: BaxterLogger | undefined, env: Record<string, string | undefined>): ResolvedLogger {
  const debug = debugEnabled(env);
  if (option) return { logger: option, requests: true };
  return { logger: stderrLogger(debug), requests: debug };
}

/** An error as a log line may show it: its code and message for our errors (they never hold secrets), only its type otherwise. */
export function describeError(error: unknown): string {
  if (isBaxterError(error)) return `${error.code}: ${error.message}`;
  // Anything else may quote what it was given; its type is all that is safe to print.
  return error instanceof Error ? error.name : typeof error;
}
