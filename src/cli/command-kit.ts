import { isBaxterError } from '../errors/baxter-error.js';
import { EXIT } from './exit-codes.js';
import { createCliLog, type CliLog } from './log.js';
import { validateSignalName } from './process/signals.js';
import { UsageError } from './args.js';
import type { ChildRunEvent, ChildRunResult } from './run-options.js';

/** The logger the common flags ask for. */
export function logFromFlags(values: { quiet?: boolean; verbose?: boolean; 'log-format'?: string }): CliLog {
  const format = values['log-format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--log-format ${JSON.stringify(format)}: expected text or json.`);
  return createCliLog({ quiet: values.quiet, verbose: values.verbose, format });
}

/** The client options the common flags give (credentials come only from the environment). */
export function connectionFromFlags(values: { project?: string; env?: string; environment?: string; app?: string }, log: CliLog) {
  const environment = values.env ?? values.environment;
  return {
    // The client's own lines (requests with BELLA_BAXTER_DEBUG=1, refresh failures) become bella's
    // debug lines: bella reports failures itself, once, with its prefix.
    logger: { debug: log.debug, info: log.debug, warn: log.debug, error: log.error },
    ...(values.project !== undefined ? { project: values.project } : {}),
    ...(environment !== undefined ? { environment } : {}),
    ...(values.app !== undefined ? { appClient: values.app } : {}),
  };
}

/** Prints a usage error with the command's help pointer; exit code 2. */
export function usageFailure(error: UsageError, command: string): number {
  process.stderr.write(`bella ${command}: ${error.message}\nRun 'bella ${command} --help' for its options.\n`);
  return EXIT.usage;
}

/** `bella`'s own failure (configuration, authentication, the server): message and hint, exit 125. */
export function bellaFailure(log: CliLog, error: unknown): number {
  if (error instanceof UsageError) {
    log.error(error.message);
    return EXIT.usage;
  }
  if (isBaxterError(error)) {
    log.error(error.message, { code: error.code });
    if (error.code === 'BAXTER_VALIDATION_FAILED') return EXIT.usage;
  } else {
    log.error(error instanceof Error ? error.message : String(error));
  }
  return EXIT.bellaFailed;
}

/** Logs the child events every child-running command shares. */
export function logChildEvent(log: CliLog, event: ChildRunEvent): void {
  switch (event.type) {
    case 'withheld':
      return log.warn(`not injected (reserved names; --allow-reserved-env injects them): ${event.names.join(', ')}`);
    case 'preserved':
      return log.info(`kept the inherited value of (--preserve-env): ${event.names.join(', ')}`);
    case 'started':
      return log.debug(event.restart ? 'restarted the command' : 'started the command', { pid: event.pid });
    case 'stopping':
      return log.debug(`stopping the command (${event.reason}) with ${event.signal}`, { pid: event.pid });
    case 'forced':
      return log.warn('the command did not exit within the grace period: killed with SIGKILL', { pid: event.pid });
    case 'received':
      return log.debug(`received ${event.signal}${event.forwarded ? ', passed on to the command' : ' (the command got it from the terminal)'}`);
    case 'exited':
      return log.debug(event.signal ? `the command was killed by ${event.signal}` : `the command exited with ${event.exitCode}`, { pid: event.pid });
  }
}

/**
 * Ends like the child did: a spawn failure is reported (127/126), a death by signal is
 * re-raised on `bella` itself (so a parent sees the same signal), falling back to 128 + n
 * where the signal does not end `bella` (PID 1, or a signal Node ignores).
 */
export function finishLikeChild(log: CliLog, result: ChildRunResult, command: string): number {
  if (result.spawnError === 'ENOENT') {
    log.error(`${command}: command not found`);
    return result.exitCode;
  }
  if (result.spawnError !== undefined) {
    log.error(`${command}: cannot be executed (${result.spawnError})`);
    return result.exitCode;
  }
  if (result.signal) {
    log.info(`the command was killed by ${result.signal}`);
    try {
      process.kill(process.pid, result.signal);
    } catch {
      // Fall back to the exit code.
    }
  }
  return result.exitCode;
}

/** A signal-name flag (`--stop-signal`, `--signal`): a bad name is a usage error naming the flag. */
export function signalFlag(value: string, flag: string): NodeJS.Signals {
  try {
    return validateSignalName(value, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
