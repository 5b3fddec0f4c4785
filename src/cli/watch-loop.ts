import { backoffDelay, firstDelay, RefreshLoop, steadyDelay } from '../client/refresh-loop.js';

/** What {@link startWatchLoop} needs. */
export interface WatchLoopOptions {
  /** One check (the client's `refresh()`: hash polling, 304s); resolves whether the secrets changed. */
  check: () => Promise<boolean>;
  intervalMs: number;
  maxBackoffMs: number;
  onChanged: () => void;
  /** A failed check; `attempt` counts the current streak from 1. */
  onFailed: (error: unknown, attempt: number) => void;
  /** The first successful check after `failures` failed ones. */
  onRecovered: (failures: number) => void;
  random?: () => number;
}

/**
 * Polls for changes with the SDK's timing (first check spread over the interval, ±10% jitter,
 * exponential backoff with jitter while failing). Driven here rather than by the client's own
 * loop because `bella` needs to know when a failure streak ends (to log the recovery once),
 * which a client without a change never tells.
 */
export function startWatchLoop(options: WatchLoopOptions): { stop(): void } {
  const random = options.random ?? Math.random;
  let failures = 0;
  let stopped = false;
  const loop = new RefreshLoop(() => void tick());
  const tick = async () => {
    try {
      const changed = await options.check();
      if (stopped) return;
      if (failures > 0) options.onRecovered(failures);
      failures = 0;
      if (changed) options.onChanged();
    } catch (error) {
      if (stopped) return;
      failures += 1;
      options.onFailed(error, failures);
    }
    loop.schedule(failures === 0 ? steadyDelay(options.intervalMs, random) : backoffDelay(failures, options.intervalMs, options.maxBackoffMs, random));
  };
  loop.schedule(firstDelay(options.intervalMs, random));
  return {
    stop: () => {
      stopped = true;
      loop.stop();
    },
  };
}
