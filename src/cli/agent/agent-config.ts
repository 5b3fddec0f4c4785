/**
 * A `bella agent` configuration with every default applied and every path
 * absolute: what {@link loadAgentConfig} returns and `startAgent` takes. Build it
 * by hand to embed the agent without a YAML file.
 *
 * @example
 * ```ts
 * import { startAgent, type AgentConfig } from '@bella-baxter/sdk/cli';
 *
 * const config: AgentConfig = {
 *   watches: [{ project: 'shop', environment: 'prod', pollInterval: 30 }],
 *   sinks: [{ type: 'dotenv', path: '/run/secrets/app.env', mode: 0o600 }],
 *   process: { signal: 'SIGHUP', pidFile: '/run/app/app.pid' },
 * };
 * const agent = await startAgent(config);
 * ```
 */
export interface AgentConfig {
  /** What to read; several merge in order (a later watch wins a key both have). */
  watches: AgentWatch[];
  /** Where to write the merged set. */
  sinks: AgentSink[];
  /** Whom to tell after a change was written. */
  process?: { signal: AgentSignal | undefined; pidFile: string | undefined };
  /** The encrypted last-known-good cache (one file per watch when there are several); `key` as the client's `cache.key`. */
  cache?: { path: string; maxAgeSeconds: number | undefined; key?: string };
  /** The config file it came from, for messages. */
  file?: string;
}

/**
 * One watched project/environment (optionally one provider's secrets), polled every `pollInterval` seconds.
 *
 * @example
 * ```ts
 * const watch: AgentWatch = { project: 'shop', environment: 'prod', provider: 'vault', pollInterval: 60 };
 * ```
 */
export interface AgentWatch {
  project: string;
  environment: string;
  provider?: string | undefined;
  /** Seconds between checks (at least 1). */
  pollInterval: number;
}

/**
 * One output file: `dotenv`, `json`, `yaml`, or `file` (one secret's raw value), written with `mode`.
 *
 * @example
 * ```ts
 * const sinks: AgentSink[] = [
 *   { type: 'dotenv', path: '/run/secrets/.env', mode: 0o600 },
 *   { type: 'file', path: '/run/tls/tls.key', key: 'TLS_KEY', mode: 0o640 },
 * ];
 * ```
 */
export type AgentSink =
  | { type: 'dotenv' | 'json' | 'yaml'; path: string; mode: number }
  | { type: 'file'; path: string; key: string; mode: number };

/**
 * The signal sent to the process in the pid file after a change.
 *
 * @example
 * ```ts
 * const signal: AgentSignal = 'SIGHUP';
 * ```
 */
export type AgentSignal = 'SIGHUP' | 'SIGTERM' | 'SIGUSR1' | 'SIGUSR2';
