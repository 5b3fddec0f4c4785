import { createCliLog, type CliLog } from '../log.js';
import type { AgentConfig } from './agent-config.js';
import { AgentCore } from './agent-core.js';
import type { AgentStatus } from './agent-status.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { validateAgentConfig } from './validate-config.js';

/**
 * Options of {@link startAgent} and {@link runAgentOnce}.
 *
 * @example
 * ```ts
 * import { loadAgentConfig, startAgent, type StartAgentOptions } from '@bella-baxter/sdk/cli';
 *
 * const options: StartAgentOptions = {
 *   health: { host: '127.0.0.1', port: 8099 },
 *   log: { debug: () => {}, info: console.info, warn: console.warn, error: console.error },
 * };
 * const agent = await startAgent(await loadAgentConfig('bella-agent.yaml'), options);
 * ```
 */
export interface StartAgentOptions {
  /** Where credentials (`BELLA_BAXTER_*`) are read from. @default process.env */
  env?: Record<string, string | undefined>;
  /** Status lines (key names and counts, never values). @default silent */
  log?: CliLog;
  /** Serve `GET /healthz` there (port 0: a free port, see `healthUrl`). @default no health server */
  health?: { host: string; port: number };
  /** Upper bound of the wait between attempts while the server is down, seconds. @default 300 */
  maxBackoff?: number;
}

/**
 * A running agent, as {@link startAgent} resolves it.
 *
 * @example
 * ```ts
 * import { loadAgentConfig, startAgent } from '@bella-baxter/sdk/cli';
 *
 * const agent = await startAgent(await loadAgentConfig('bella-agent.yaml'));
 * await agent.ready; // every watch served and the sinks written once
 * console.log(agent.status().state);
 * await agent.close();
 * ```
 */
export interface AgentHandle {
  /** Where the agent stands (what `/healthz` answers). */
  status(): AgentStatus;
  /** Resolves once every watch has a set and the sinks were rendered from it. */
  readonly ready: Promise<void>;
  /** Rejects when the agent cannot go on (a configuration error such as missing credentials); resolves after `close()`. */
  readonly done: Promise<void>;
  /** The health server's base URL, with the `health` option. */
  readonly healthUrl: string | undefined;
  /** Stops polling, closes the clients and the health server. Idempotent. */
  close(): Promise<void>;
}

const silent: CliLog = createCliLog({ stream: { write: () => true } });

/**
 * Starts the agent: one live client per watch (retrying with backoff while the
 * server is down, from the encrypted cache when it holds a usable set), the merged
 * set rendered to every sink atomically and privately, rewritten only when it
 * changed, the process in the pid file signalled once per change.
 *
 * @example
 * ```ts
 * import { loadAgentConfig, startAgent } from '@bella-baxter/sdk/cli';
 *
 * const agent = await startAgent(await loadAgentConfig('bella-agent.yaml'), { health: { host: '127.0.0.1', port: 8099 } });
 * process.on('SIGTERM', () => void agent.close());
 * ```
 */
export async function startAgent(config: AgentConfig, options: StartAgentOptions = {}): Promise<AgentHandle> {
  validateAgentConfig(config);
  const log = options.log ?? silent;
  const core = new AgentCore(config, log, options.env ?? process.env, options.maxBackoff);
  let health: HealthServer | undefined;
  if (options.health) health = await startHealthServer(options.health, () => core.status());
  const ready = new Promise<void>((resolve) => {
    core.onRendered = resolve;
  });
  let closing: Promise<void> | undefined;
  let closed: () => void = () => undefined;
  const whenClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const close = () => {
    closing ??= (async () => {
      await core.close();
      await health?.close();
      closed();
    })();
    return closing;
  };
  const done = Promise.all(core.runners.map((runner) => runner.run())).then(
    () => whenClosed,
    async (error: unknown) => {
      await close();
      throw error;
    },
  );
  // Unobserved until someone awaits it; the rejection is still delivered to whoever does.
  done.catch(() => undefined);
  return { status: () => core.status(), ready, done, healthUrl: health?.url, close };
}

/**
 * Renders the sinks once and stops (init containers): `ok` when every watch was
 * served, from the server or (logged as stale) from a usable cache, and every sink
 * was written; never retries. `dryRun` writes nothing (not even the cache, which it
 * then does not read either) and signals no one: the log says which sinks would change.
 *
 * @example
 * ```ts
 * const { ok } = await runAgentOnce(await loadAgentConfig('bella-agent.yaml'));
 * process.exitCode = ok ? 0 : 1;
 * ```
 */
export async function runAgentOnce(
  config: AgentConfig,
  options: Omit<StartAgentOptions, 'health'> & { dryRun?: boolean } = {},
): Promise<{ ok: boolean; status: AgentStatus }> {
  validateAgentConfig(config);
  const log = options.log ?? silent;
  const core = new AgentCore(config, log, options.env ?? process.env, options.maxBackoff, options.dryRun ?? false);
  try {
    const served = await Promise.all(core.runners.map((runner) => runner.attempt(false)));
    const result = served.every(Boolean) ? await core.render() : undefined;
    return { ok: result !== undefined && result.failed.length === 0, status: core.status() };
  } finally {
    await core.close();
  }
}
