import { COMMON_OPTIONS, parseFlags, secondsFlag, splitAtCommand, UsageError } from '../args.js';
import { bellaFailure, connectionFromFlags, finishLikeChild, logChildEvent, logFromFlags, signalFlag, usageFailure } from '../command-kit.js';
import { execWithCredentials, type ExecEvent } from '../exec-with-credentials.js';
import { EXIT } from '../exit-codes.js';
import type { CliLog } from '../log.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  provider: { type: 'string' },
  role: { type: 'string' },
  ttl: { type: 'string' },
  'env-map': { type: 'string', multiple: true },
  renew: { type: 'boolean' },
  'stop-signal': { type: 'string' },
  grace: { type: 'string' },
  'preserve-env': { type: 'boolean' },
  'allow-reserved-env': { type: 'boolean' },
  mask: { type: 'boolean' },
} as const;

const HELP = `Usage: bella exec --provider <slug> [options] -- <command> [args...]

Generates database credentials just in time and runs <command> with DB_USERNAME,
DB_PASSWORD and (when the provider has a connection URL) DATABASE_URL. Nothing is
written to disk. Needs no permission to read the environment's secrets.

Options:
      --provider <slug>      the database provider (required)
      --role <role>          the role to issue (default: the provider's)
      --ttl <s>              lease length in seconds (default: the provider's)
      --env-map <A=B,...>    rename variables, e.g. DB_USERNAME=PGUSER,DB_PASSWORD=PGPASSWORD
      --renew                renew before expiry and restart the command with the new credentials
      --stop-signal <SIG>    signal that stops the command (default SIGTERM)
      --grace <s>            seconds before SIGKILL (default 10)
      --preserve-env         keep inherited variables of the same name
      --allow-reserved-env   inject reserved names too
      --mask                 replace the password in the command's output by ***
  -p, --project <slug>       project (default: BELLA_BAXTER_PROJECT, or the API key's)
  -e, --env <slug>           environment (default: BELLA_BAXTER_ENV, or the API key's)
      --app <name>           sent as X-App-Client for audit logs
  -q, --quiet | --log-format text|json | --verbose | -h, --help

Exit code: the command's own; 125 when the credentials cannot be generated (the command
is not started); 126 not executable; 127 not found; 2 usage.
`;

/** `bella exec`. */
export async function main(argv: string[]): Promise<number> {
  let flags;
  let command: string[];
  let envMap: Record<string, string>;
  let log: CliLog;
  let stopSignal: NodeJS.Signals;
  try {
    const split = splitAtCommand(argv, OPTIONS);
    flags = parseFlags(split.own, OPTIONS, false).values;
    if (flags.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    command = split.command;
    if (flags.provider === undefined || flags.provider.trim() === '') throw new UsageError('--provider <slug> is required.');
    if (command.length === 0) throw new UsageError('no command given: bella exec --provider <slug> -- <command> [args...]');
    envMap = parseEnvMap(flags['env-map'] ?? []);
    stopSignal = signalFlag(flags['stop-signal'] ?? 'SIGTERM', '--stop-signal');
    log = logFromFlags(flags);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, 'exec');
    throw error;
  }
  const [program = '', ...args] = command;
  try {
    const ttl = flags.ttl === undefined ? undefined : secondsFlag(flags.ttl, '--ttl', 0, 1);
    if (ttl !== undefined && !Number.isInteger(ttl)) throw new UsageError(`--ttl ${flags.ttl}: expected a whole number of seconds.`);
    const result = await execWithCredentials({
      provider: flags.provider,
      ...(flags.role !== undefined ? { role: flags.role } : {}),
      ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
      envMap,
      renew: flags.renew,
      command: program,
      args,
      connection: connectionFromFlags(flags, log),
      stopSignal,
      graceSeconds: secondsFlag(flags.grace, '--grace', 10, 0),
      preserveEnv: flags['preserve-env'],
      allowReservedEnv: flags['allow-reserved-env'],
      mask: flags.mask,
      onEvent: (event) => logExecEvent(log, event),
    });
    return finishLikeChild(log, result, program);
  } catch (error) {
    return bellaFailure(log, error);
  }
}

/** `DB_USERNAME=PGUSER,DB_PASSWORD=PGPASSWORD` (the flag may also be repeated). */
function parseEnvMap(values: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of values.flatMap((value) => value.split(','))) {
    const [from, to, extra] = pair.split('=').map((part) => part.trim());
    if (!from || !to || extra !== undefined) throw new UsageError(`--env-map ${JSON.stringify(pair)}: expected FROM=TO, e.g. DB_USERNAME=PGUSER.`);
    map[from] = to;
  }
  return map;
}

function logExecEvent(log: CliLog, event: ExecEvent): void {
  switch (event.type) {
    case 'issued':
      return log.info(`${event.renewal ? 'renewed' : 'issued'} database credentials, valid until ${event.expiresAt.toISOString()}`, event.connectionUrl ? { url: event.connectionUrl } : undefined);
    case 'expiring':
      return log.warn(`the database credentials expire at ${event.expiresAt.toISOString()} (in ${event.secondsLeft} s); run with --renew to renew them`);
    case 'renew-failed':
      return log.warn(`renewing the database credentials failed (attempt ${event.attempt})${event.expired ? '; they have expired' : ''}: ${event.error instanceof Error ? event.error.message : String(event.error)}`);
    default:
      return logChildEvent(log, event);
  }
}
