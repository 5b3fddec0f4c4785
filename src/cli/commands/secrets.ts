import { COMMON_OPTIONS, parseFlags, secondsFlag, UsageError } from '../args.js';
import { bellaFailure, connectionFromFlags, logFromFlags, usageFailure } from '../command-kit.js';
import { EXIT } from '../exit-codes.js';
import type { CliLog } from '../log.js';
import { rotateSecret } from '../rotate-secret.js';
import { closestMatch } from '../suggest.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  key: { type: 'string', short: 'k' },
  provider: { type: 'string' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
  'poll-interval': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const HELP = `Usage: bella secrets rotate [<key>] [--key K] --provider <slug> [-p P] [-e E] [--wait] [--timeout <s>] [--json]

Rotates a secret now. The server accepts the rotation and runs it asynchronously;
--wait follows it until it is done (exit 0), failed (1, with the server's last error)
or the timeout runs out (124). A refused rotation (no policy, unknown key) exits 1.
Needs no permission to read the environment's secrets.

Options:
  -k, --key <key>            the secret (or as the positional argument)
      --provider <slug>      the provider holding it (required)
      --wait                 follow the rotation to its end
      --timeout <s>          with --wait: give up after this many seconds (default 300)
      --poll-interval <s>    with --wait: first pause between checks (default 0.25)
      --json                 print one JSON object with the outcome on stdout
  -p, --project <slug> | -e, --env <slug> | --app <name>
  -q, --quiet | --log-format text|json | --verbose | -h, --help
`;

/** `bella secrets <subcommand>`: only `rotate` here. */
export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub !== 'rotate') {
    const guess = closestMatch(sub, ['rotate']);
    const official = ['list', 'get', 'set', 'delete', 'push', 'generate'].includes(sub);
    process.stderr.write(
      `bella secrets: unknown subcommand '${sub}'.${guess ? ` Did you mean 'rotate'?` : ''}${official ? ` This bella covers run, agent, exec and secrets rotate; 'secrets ${sub}' is in the product CLI (bella-baxter-cli).` : ''}\n`,
    );
    return EXIT.usage;
  }
  return rotate(rest);
}

async function rotate(argv: string[]): Promise<number> {
  let flags;
  let key: string;
  let log: CliLog;
  let timeoutSeconds: number;
  let pollSeconds: number;
  try {
    const parsed = parseFlags(argv, OPTIONS, true);
    flags = parsed.values;
    if (flags.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    const positional = parsed.positionals;
    if (positional.length > 1) throw new UsageError(`one key at a time (got ${positional.join(', ')}).`);
    if (positional[0] !== undefined && flags.key !== undefined && positional[0] !== flags.key) throw new UsageError('the key is given twice, differently (positional and --key).');
    key = flags.key ?? positional[0] ?? '';
    if (key.trim() === '') throw new UsageError('which secret? bella secrets rotate <key> --provider <slug>');
    if (flags.provider === undefined || flags.provider.trim() === '') throw new UsageError('--provider <slug> is required.');
    timeoutSeconds = secondsFlag(flags.timeout, '--timeout', 300, 0.001);
    pollSeconds = secondsFlag(flags['poll-interval'], '--poll-interval', 0.25, 0.001);
    log = logFromFlags(flags);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, 'secrets rotate');
    throw error;
  }
  try {
    const result = await rotateSecret({
      provider: flags.provider,
      key,
      wait: flags.wait,
      timeoutSeconds,
      pollIntervalMs: pollSeconds * 1000,
      connection: connectionFromFlags(flags, log),
      onAccepted: () => log.info(`rotation of ${key} accepted; it runs asynchronously${flags.wait ? ', waiting for it to finish' : ''}`),
    });
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, lastRotatedAt: result.lastRotatedAt?.toISOString() ?? null })}\n`);
    switch (result.outcome) {
      case 'refused':
        log.error(`rotation of ${key} refused: ${result.message}`);
        break;
      case 'done':
        log.info(`rotation of ${key} done${result.lastRotatedAt ? ` at ${result.lastRotatedAt.toISOString()}` : ''}`);
        break;
      case 'failed':
        log.error(`rotation of ${key} failed${result.lastError ? `: ${result.lastError}` : ''}`);
        break;
      case 'timed-out':
        log.error(`rotation of ${key} still ${result.status ?? 'unconfirmed'} after ${timeoutSeconds} s; it goes on on the server`);
        break;
    }
    return result.exitCode;
  } catch (error) {
    return bellaFailure(log, error);
  }
}
