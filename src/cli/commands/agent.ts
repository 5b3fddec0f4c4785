import { parseArgs } from 'node:util';
import { isBaxterError } from '../../errors/baxter-error.js';
import { loadAgentConfig } from '../agent/load-config.js';
import { parseHealthAddress } from '../agent/health-server.js';
import { writeAgentScaffold } from '../agent/scaffold.js';
import { runAgentOnce, startAgent } from '../agent/start-agent.js';
import { EXIT } from '../exit-codes.js';
import { createCliLog, type CliLog } from '../log.js';

const USAGE = `Usage: bella agent [-c bella-agent.yaml] [--health 127.0.0.1:PORT] [--once]
       bella agent --init [--force] [-c bella-agent.yaml]

Keeps secret files (dotenv, json, yaml, raw file) current from Bella Baxter and
signals the app after a change. Writes are atomic and private (0600 by default);
files are written only from a complete, successful fetch and never rewritten
when unchanged. The server down: keeps retrying (and serves the encrypted cache
when configured); never exits on its own, except with --once.

Options:
  -c, --config <file>    the agent config (default bella-agent.yaml)
      --init             write a commented starter config; --force overwrites
      --health <addr>    serve GET /healthz on host:port (200 only when serving)
      --once             render once and exit: 0 written (maybe from the cache), 1 not
      --dry-run          with --once: say which files would change; write and signal nothing
      --log-format <f>   text (default) or json, on stderr
  -q, --quiet            only warnings and errors
  -v, --verbose          also debug lines
`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      config: { type: 'string', short: 'c', default: 'bella-agent.yaml' },
      init: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      health: { type: 'string' },
      once: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'log-format': { type: 'string', default: 'text' },
      quiet: { type: 'boolean', short: 'q', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

async function init(file: string, force: boolean, log: CliLog): Promise<number> {
  try {
    await writeAgentScaffold(file, force);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      log.error(`${file} already exists: not overwritten (pass --force to replace it)`);
      return EXIT.failed;
    }
    throw error;
  }
  log.info(`wrote ${file}: set BELLA_PROJECT and BELLA_ENV (or edit the file), then run: bella agent -c ${file}`);
  return EXIT.ok;
}

/** Resolves on the first SIGTERM or SIGINT; every handler removed afterwards. */
function waitForStopSignal(): { stopped: Promise<string>; dispose: () => void } {
  let dispose = () => undefined as void;
  const stopped = new Promise<string>((resolve) => {
    const onTerm = () => resolve('SIGTERM');
    const onInt = () => resolve('SIGINT');
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
    dispose = () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    };
  });
  return { stopped, dispose };
}

/** `bella agent`: see {@link USAGE}. */
export async function main(argv: string[]): Promise<number> {
  let flags: ReturnType<typeof parse>;
  try {
    flags = parse(argv);
  } catch (error) {
    process.stderr.write(`bella: agent: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const format = flags['log-format'];
  if (format !== 'text' && format !== 'json') {
    process.stderr.write(`bella: agent: --log-format must be text or json, not '${format}'\n`);
    return EXIT.usage;
  }
  const log = createCliLog({ format, quiet: flags.quiet, verbose: flags.verbose });
  if (flags.init) return init(flags.config, flags.force, log);
  const health = flags.health === undefined ? undefined : parseHealthAddress(flags.health);
  if (flags.health !== undefined && !health) {
    log.error(`--health must be host:port or a port, such as 127.0.0.1:8099, not '${flags.health}'`);
    return EXIT.usage;
  }
  if (flags['dry-run'] && !flags.once) {
    log.error('--dry-run goes with --once (bella agent --once --dry-run)');
    return EXIT.usage;
  }
  if (flags.once && health) {
    log.error('--health and --once do not go together: --once exits after one render');
    return EXIT.usage;
  }
  try {
    const config = await loadAgentConfig(flags.config);
    if (flags.once) {
      const { ok, status } = await runAgentOnce(config, { log, dryRun: flags['dry-run'] });
      if (ok && flags['dry-run']) log.info('dry run: nothing was written');
      else if (ok) log.info(status.state === 'serving' ? 'rendered the sinks' : `rendered the sinks from the cache (${status.state}: last success ${status.lastSuccessAt ?? 'unknown'})`);
      else log.error('could not render the sinks', { state: status.state });
      return ok ? EXIT.ok : EXIT.failed;
    }
    return await serve(config, health, log);
  } catch (error) {
    log.error(isBaxterError(error) ? error.message : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.bellaFailed;
  }
}

async function serve(config: Awaited<ReturnType<typeof loadAgentConfig>>, health: { host: string; port: number } | undefined, log: CliLog): Promise<number> {
  const { stopped, dispose } = waitForStopSignal();
  // The clients' timers are unref'd (a library must not hold a process open); the agent is the process.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    const agent = await startAgent(config, { log, ...(health ? { health } : {}) });
    if (agent.healthUrl) log.info(`health on ${agent.healthUrl}/healthz`);
    log.info(`agent started: ${config.watches.length} watch(es), ${config.sinks.length} sink(s)`);
    const outcome = await Promise.race([stopped.then((signal) => ({ signal })), agent.done.then(() => ({ signal: 'closed' }))]);
    log.info(`stopping (${outcome.signal})`);
    await agent.close();
    return EXIT.ok;
  } finally {
    clearInterval(keepAlive);
    dispose();
  }
}
