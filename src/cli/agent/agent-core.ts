import type { CliLog } from '../log.js';
import type { AgentConfig } from './agent-config.js';
import { summarize, type AgentStatus } from './agent-status.js';
import { signalPidFile } from './signal-process.js';
import { WatchRunner } from './watch-runner.js';
import { mergeSets, writeSinks } from './write-sinks.js';

/** One cache file per watch when there are several (each file is sealed for one scope); the configured path itself for one. */
function cacheFor(config: AgentConfig, index: number): AgentConfig['cache'] {
  if (!config.cache) return undefined;
  if (config.watches.length === 1) return config.cache;
  const { project, environment, provider } = config.watches[index] ?? { project: String(index), environment: '' };
  const slug = [project, environment, provider].filter(Boolean).join('.').replace(/[^A-Za-z0-9_.-]/g, '_');
  return { ...config.cache, path: `${config.cache.path}.${slug}` };
}

/** The shared part of the long-running and the once agent: runners, rendering, signalling. */
export class AgentCore {
  readonly runners: WatchRunner[];
  #queue: Promise<void> = Promise.resolve();
  #collisions = '';
  /** Whether the sinks were once written (or found current) without a failure: until then the agent is `starting`. */
  #rendered = false;
  /** A sink failed to be written: try again after the next successful check, not only on the next change. */
  #retryFailed = false;
  readonly #warned = new Set<string>();
  onRendered: (() => void) | undefined;

  constructor(
    readonly config: AgentConfig,
    readonly log: CliLog,
    env: Record<string, string | undefined>,
    maxBackoff: number | undefined,
    readonly dryRun = false,
  ) {
    this.runners = config.watches.map(
      (watch, index) => new WatchRunner({ watch, cache: dryRun ? undefined : cacheFor(config, index), env, log, onSet: () => void this.render(), onChecked: () => this.#retryFailed && void this.render(), ...(maxBackoff ? { maxBackoff } : {}) }),
    );
  }

  status(): AgentStatus {
    const status = summarize(this.runners.map((runner) => runner.status()));
    return this.#rendered || status.state === 'unauthorized' ? status : { ...status, state: 'starting' };
  }

  /** Queues a render; renders never overlap. Resolves with its outcome (undefined: not every watch has a set yet). */
  render(): Promise<{ changed: string[]; failed: string[] } | undefined> {
    const run = this.#queue.then(() => this.#render());
    this.#queue = run.then(() => undefined, (error: unknown) => this.log.error(`render failed: ${String(error)}`));
    return run;
  }

  async #render(): Promise<{ changed: string[]; failed: string[] } | undefined> {
    const sets = this.runners.map((runner) => runner.values());
    if (sets.some((set) => set === undefined)) return undefined;
    const { values, collisions } = mergeSets(sets as Array<Readonly<Record<string, string>>>);
    if (collisions.join(',') !== this.#collisions) {
      this.#collisions = collisions.join(',');
      if (collisions.length > 0) this.log.warn('several watches hold the same keys: the later watch wins', { keys: collisions });
    }
    const result = await writeSinks(this.config.sinks, values, this.log, this.#warned, this.dryRun);
    if (result.changed.length > 0) {
      this.log.info(this.dryRun ? 'would write changed sinks (dry run)' : 'wrote changed sinks', { sinks: result.changed, keys: Object.keys(values).length });
      if (this.dryRun) {
        if (this.config.process?.signal) this.log.info(`would send ${this.config.process.signal} (dry run)`, { pidFile: this.config.process.pidFile });
      } else {
        await this.#signal();
      }
    }
    this.#retryFailed = result.failed.length > 0;
    if (result.failed.length === 0) {
      this.#rendered = true;
      this.onRendered?.();
    }
    return result;
  }

  async #signal(): Promise<void> {
    const { signal, pidFile } = this.config.process ?? {};
    if (!signal || !pidFile) return;
    const outcome = await signalPidFile(pidFile, signal);
    if (outcome.sent) this.log.info(`sent ${signal}`, { pid: outcome.pid });
    else this.log.warn(`did not send ${signal}: ${outcome.reason}`, { pidFile, ...(outcome.pid ? { pid: outcome.pid } : {}) });
  }

  async close(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.close()));
    await this.#queue;
  }
}
