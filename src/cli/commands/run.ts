import { resolve } from 'node:path';
import { COMMON_OPTIONS, parseFlags, secondsFlag, splitAtCommand, UsageError } from '../args.js';
import { bellaFailure, connectionFromFlags, finishLikeChild, logChildEvent, logFromFlags, signalFlag, usageFailure } from '../command-kit.js';
import { EXIT } from '../exit-codes.js';
import type { CliLog } from '../log.js';
import { RESERVED_ENV_NAMES } from '../process/child-env.js';
import { runWithSecrets, type RunEvent } from '../run-with-secrets.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  provider: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
  'poll-interval': { type: 'string' },
  signal: { type: 'string' },
  'stop-signal': { type: 'string' },
  grace: { type: 'string' },
  debounce: { type: 'string' },
  'preserve-env': { type: 'boolean' },
  'allow-reserved-env': { type: 'boolean' },
  mask: { type: 'boolean' },
  fallback: { type: 'string' },
} as const;

const HELP = `Usage: bella run [options] -- <command> [args...]

Runs <command> with the environment's secrets in its environment (no shell).
Secrets win over inherited variables; ${RESERVED_ENV_NAMES.join(', ')} are withheld.

Options:
  -p, --project <slug>       project (default: BELLA_BAXTER_PROJECT, or the API key's)
  -e, --env <slug>           environment (default: BELLA_BAXTER_ENV, or the API key's)
      --provider <slug>      read one provider's secrets only
      --app <name>           sent as X-App-Client for audit logs
  -w, --watch                keep polling and act on changes
      --poll-interval <s>    seconds between checks with --watch (default 30, minimum 1)
      --signal <action>      on change: restart (default), none (log only), or a signal name (SIGHUP)
      --stop-signal <SIG>    signal that stops the command (default SIGTERM)
      --grace <s>            seconds before SIGKILL after the stop signal (default 10)
      --debounce <s>         wait for more changes before acting (default 2)
      --preserve-env         keep inherited variables over secrets of the same name
      --allow-reserved-env   inject reserved names too
      --mask                 replace secret values in the command's output by ***
      --fallback <file>      keep an encrypted last-known-good copy there and start from it
                             when the server is unreachable (see the README's cache option)
  -q, --quiet                only warnings and errors
      --log-format <fmt>     text (default) or json; bella's lines go to stderr only
      --verbose              also debug lines
  -h, --help                 this help

Credentials come from BELLA_BAXTER_URL and BELLA_BAXTER_API_KEY or BELLA_BAXTER_ACCESS_TOKEN.
Exit code: the command's own; 128+n (or the signal re-raised) when a signal killed it;
125 bella failed (configuration, authentication, server down at start); 126 not executable;
127 not found; 2 usage.
`;

/** `bella run`. */
export async function main(argv: string[]): Promise<number> {
  let flags;
  let command: string[];
  let onChange: 'restart' | 'none' | NodeJS.Signals;
  let stopSignal: NodeJS.Signals;
  let log: CliLog;
  try {
    const split = splitAtCommand(argv, OPTIONS);
    flags = parseFlags(split.own, OPTIONS, false).values;
    if (flags.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    command = split.command;
    if (command.length === 0) throw new UsageError('no command given: bella run [options] -- <command> [args...]');
    const signal = flags.signal ?? 'restart';
    onChange = signal === 'restart' || signal === 'none' ? signal : signal.toLowerCase() === 'sighup' ? 'SIGHUP' : signalFlag(signal, '--signal');
    stopSignal = signalFlag(flags['stop-signal'] ?? 'SIGTERM', '--stop-signal');
    log = logFromFlags(flags);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, 'run');
    throw error;
  }
  const [program = '', ...args] = command;
  try {
    const watch = flags.watch ?? false;
    const result = await runWithSecrets({
      command: program,
      args,
      connection: {
        ...connectionFromFlags(flags, log),
        ...(flags.provider !== undefined ? { provider: flags.provider } : {}),
        ...(flags.fallback !== undefined ? { cache: { path: resolve(flags.fallback), onError: (error) => log.warn(error.message) } } : {}),
      },
      watch,
      pollIntervalSeconds: secondsFlag(flags['poll-interval'], '--poll-interval', 30, 1),
      debounceSeconds: secondsFlag(flags.debounce, '--debounce', 2, 0),
      graceSeconds: secondsFlag(flags.grace, '--grace', 10, 0),
      onChange,
      stopSignal,
      preserveEnv: flags['preserve-env'],
      allowReservedEnv: flags['allow-reserved-env'],
      mask: flags.mask,
      onEvent: (event) => logRunEvent(log, event, watch),
    });
    return finishLikeChild(log, result, program);
  } catch (error) {
    return bellaFailure(log, error);
  }
}

function logRunEvent(log: CliLog, event: RunEvent, watch: boolean): void {
  switch (event.type) {
    case 'loaded':
      if (event.cachedAt) log.warn(`the server is unreachable: starting from the --fallback cache saved ${event.cachedAt.toISOString()} (stale until a check succeeds)`);
      return log.info(`loaded ${event.count} secret(s)${watch ? ', watching for changes' : ''}`);
    case 'changed':
      return log.info(
        `secrets changed (${event.keys.join(', ') || 'values'}): ${event.action === 'restart' ? 'restarting the command' : event.action === 'signal' ? 'signalling the command' : 'not acting (--signal none)'}`,
      );
    case 'unchanged':
      return log.debug('a change left the command environment as it is: nothing to do');
    case 'poll-failed':
      // Once per failure streak: the child goes on with its current environment.
      if (event.attempt > 1) return log.debug(`still failing (${event.attempt} checks in a row)`);
      if (event.attempt === 1) log.warn(`could not check for changes; the command keeps running with its current secrets: ${event.error instanceof Error ? event.error.message : String(event.error)}`);
      return;
    case 'poll-recovered':
      return log.info(`checking for changes works again (after ${event.failures} failed check(s))`);
    default:
      return logChildEvent(log, event);
  }
}
