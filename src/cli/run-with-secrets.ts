// From the root entry, as a user's code would: see the note in tsup.config.ts on why the cli side imports it whole.
import { createBaxterClient } from '../index.js';
import type { BaxterClientOptions } from '../client/options.js';
import { exitCodeOfChild } from './exit-codes.js';
import { buildChildEnv, sameEnv } from './process/child-env.js';
import { signalNumber } from './process/signals.js';
import { SILENT_LOGGER, superviseChild, validateChildRunOptions, type ChildRunEvent, type ChildRunOptions, type ChildRunResult } from './run-options.js';
import { createDebounce } from './debounce.js';

/**
 * What {@link runWithSecrets} reports as it goes (key names, counts, pids and signals, never a
 * value): the supervisor's events plus the polling client's.
 *
 * @example
 * ```ts
 * const onEvent = (event: RunEvent) => {
 *   if (event.type === 'poll-failed' && event.attempt === 1) console.error('bella: server unreachable, child keeps running');
 * };
 * ```
 */
export type RunEvent =
  | ChildRunEvent
  | { type: 'loaded'; count: number; cachedAt?: Date }
  | { type: 'changed'; keys: string[]; action: 'restart' | 'signal' | 'none' }
  | { type: 'unchanged'; keys: string[] }
  | { type: 'poll-failed'; error: unknown; attempt: number }
  | { type: 'poll-recovered'; failures: number };

/**
 * Options of {@link runWithSecrets}.
 *
 * @example
 * ```ts
 * const options: RunWithSecretsOptions = {
 *   command: 'node',
 *   args: ['server.js'],
 *   connection: { project: 'shop', environment: 'prod' }, // credentials from BELLA_BAXTER_API_KEY
 *   watch: true,
 *   pollIntervalSeconds: 30,
 *   onChange: 'restart',
 * };
 * ```
 */
export interface RunWithSecretsOptions extends ChildRunOptions {
  /** How to reach Bella Baxter (URL, credentials, project, environment, provider); environment variables fill the rest. */
  connection?: Omit<BaxterClientOptions, 'schema' | 'refreshInterval'>;
  /** Keep polling and act on changes (`onChange`). @default false (fetch once) */
  watch?: boolean;
  /** Seconds between change checks (hash polling; 304 when unchanged). @default 30, minimum 1 */
  pollIntervalSeconds?: number;
  /** On a change: `restart` the child, send it a signal (`SIGHUP`, ...), or `none` (report only). @default 'restart' */
  onChange?: 'restart' | 'none' | NodeJS.Signals;
  /** Seconds to wait for more changes before acting; changes in between are merged. @default 2 */
  debounceSeconds?: number;
  /** Reports progress; called synchronously, must not throw. */
  onEvent?: (event: RunEvent) => void;
}

/**
 * Fetches the secrets, runs `command` with them in its environment (secrets win over inherited
 * variables; `PATH`, `NODE_OPTIONS`, `LD_*`... are withheld) and resolves when it ends. With
 * `watch`, polls for changes and, after the debounce, restarts the child (the old one has
 * exited, its whole process group, before the new one starts) or signals it, only when its
 * resulting environment really differs. A failing server leaves the child running. A child
 * that exits by itself ends the run with its code. Logs nothing: progress goes to `onEvent`.
 *
 * @throws a `BaxterError` when the secrets cannot be loaded at start (the child is not started)
 * @example
 * ```ts
 * import { runWithSecrets } from '@bella-baxter/sdk/cli';
 *
 * const result = await runWithSecrets({ command: 'node', args: ['server.js'], watch: true, onEvent: (e) => console.error(e.type) });
 * process.exitCode = result.exitCode;
 * ```
 */
export async function runWithSecrets(options: RunWithSecretsOptions): Promise<ChildRunResult> {
  const resolved = validateChildRunOptions('runWithSecrets', options, {
    pollIntervalSeconds: { value: options.pollIntervalSeconds, min: 1 },
    debounceSeconds: { value: options.debounceSeconds, min: 0 },
  });
  const emit = (event: RunEvent) => options.onEvent?.(event);
  // With --watch the client polls itself (hash each interval, backoff while failing); its events drive the restarts.
  const pollSeconds = options.pollIntervalSeconds ?? 30;
  const client = await createBaxterClient({
    logger: SILENT_LOGGER,
    ...options.connection,
    ...(options.watch ? { refreshInterval: pollSeconds, maxBackoff: Math.max(300, pollSeconds) } : { refreshInterval: 0 }),
  });
  const build = () => {
    const child = buildChildEnv({ inherited: resolved.inheritedEnv, injected: client.getAll(), preserveEnv: options.preserveEnv, allowReservedEnv: options.allowReservedEnv });
    return { ...child, maskValues: Object.values(client.getAll()) };
  };
  const supervisor = superviseChild(options, resolved, options.watch === true, emit);
  let restarts = 0;
  let stopWatching = () => {};
  const onAbort = () => void supervisor.stop();
  try {
    const first = build();
    // Started from the `cache` option (bella run --fallback): the set is as old as the cache.
    emit({ type: 'loaded', count: client.snapshot.size, ...(client.status.state === 'stale' ? { cachedAt: client.snapshot.fetchedAt } : {}) });
    if (first.withheld.length > 0) emit({ type: 'withheld', names: first.withheld });
    if (first.preserved.length > 0) emit({ type: 'preserved', names: first.preserved });
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    supervisor.start(first);
    let applied: Readonly<Record<string, string>> = first.env;
    if (options.watch) {
      const keys = new Set<string>();
      let queue = Promise.resolve();
      const apply = async () => {
        const changedKeys = [...keys].sort();
        keys.clear();
        const next = build();
        if (supervisor.stopping) return;
        if (sameEnv(next.env, applied)) return emit({ type: 'unchanged', keys: changedKeys });
        applied = next.env;
        const mode = options.onChange ?? 'restart';
        emit({ type: 'changed', keys: changedKeys, action: mode === 'restart' || mode === 'none' ? mode : 'signal' });
        if (next.withheld.length > 0) emit({ type: 'withheld', names: next.withheld });
        if (mode === 'restart') {
          await supervisor.restart(next);
          restarts += 1;
        } else if (mode !== 'none') {
          supervisor.signal(mode);
        }
      };
      const debounce = createDebounce((options.debounceSeconds ?? 2) * 1000, () => {
        queue = queue.then(apply, apply);
      });
      const listening = [
        client.on('change', ({ added, removed, changed }) => {
          for (const key of [...added, ...removed, ...changed]) keys.add(key);
          debounce.trigger();
        }),
        client.on('error', ({ error, attempt }) => emit({ type: 'poll-failed', error, attempt })),
        client.on('recovered', ({ consecutiveFailures }) => emit({ type: 'poll-recovered', failures: consecutiveFailures })),
      ];
      stopWatching = () => {
        for (const off of listening) off();
        debounce.cancel();
      };
    }
    const exit = await supervisor.done;
    return { exitCode: exitCodeOfChild(exit, signalNumber), signal: exit.signal, ...(exit.spawnErrorCode ? { spawnError: exit.spawnErrorCode } : {}), restarts };
  } finally {
    stopWatching();
    options.signal?.removeEventListener('abort', onAbort);
    await client.close();
  }
}
