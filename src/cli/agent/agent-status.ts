/**
 * Where one watch stands: `starting` (no set yet: the server was never reached and
 * no cache served), `serving` (the last check succeeded), `stale` (checks fail,
 * the last good set is kept), `unauthorized` (401/403: the key was revoked or lost
 * its scope; the cache is deleted).
 *
 * @example
 * ```ts
 * import { loadAgentConfig, startAgent, type AgentState } from '@bella-baxter/sdk/cli';
 *
 * const agent = await startAgent(await loadAgentConfig('bella-agent.yaml'));
 * const state: AgentState = agent.status().state;
 * ```
 */
export type AgentState = 'starting' | 'serving' | 'stale' | 'unauthorized';

/**
 * One watch's part of {@link AgentStatus}.
 *
 * @example
 * ```ts
 * import { loadAgentConfig, startAgent } from '@bella-baxter/sdk/cli';
 * const agent = await startAgent(await loadAgentConfig('bella-agent.yaml'));
 * for (const w of agent.status().watches) console.log(`${w.project}/${w.environment}: ${w.state}`);
 * ```
 */
export interface AgentWatchStatus {
  project: string;
  environment: string;
  provider?: string;
  state: AgentState;
  /** ISO-8601; for a set served from the cache, when the cache was saved. */
  lastSuccessAt: string | null;
  consecutiveFailures: number;
}

/**
 * What `GET /healthz` answers (200 only when `serving`) and `agent.status()` returns:
 * the worst state of the watches, the oldest of their last successes, the longest
 * failure streak, and each watch's own.
 *
 * @example
 * ```ts
 * import { loadAgentConfig, startAgent } from '@bella-baxter/sdk/cli';
 * const agent = await startAgent(await loadAgentConfig('bella-agent.yaml'));
 * const { state, lastSuccessAt, consecutiveFailures } = agent.status();
 * if (state !== 'serving') console.warn(`secrets ${state} since ${lastSuccessAt}, ${consecutiveFailures} failures`);
 * ```
 */
export interface AgentStatus {
  state: AgentState;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  watches: AgentWatchStatus[];
}

const RANK: Record<AgentState, number> = { serving: 0, stale: 1, starting: 2, unauthorized: 3 };

/** Folds the watches into the agent's status. */
export function summarize(watches: AgentWatchStatus[]): AgentStatus {
  let state: AgentState = 'serving';
  for (const watch of watches) if (RANK[watch.state] > RANK[state]) state = watch.state;
  const times = watches.map((watch) => watch.lastSuccessAt);
  // ISO-8601 strings of one format order like the times they name.
  const lastSuccessAt = times.length === 0 || times.includes(null) ? null : (times as string[]).reduce((a, b) => (b < a ? b : a));
  const consecutiveFailures = Math.max(0, ...watches.map((watch) => watch.consecutiveFailures));
  return { state, lastSuccessAt, consecutiveFailures, watches };
}
