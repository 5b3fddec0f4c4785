import { describe, expect, it } from 'vitest';
import { summarize, type AgentWatchStatus } from '../../src/cli/agent/agent-status.js';

const watch = (state: AgentWatchStatus['state'], lastSuccessAt: string | null, consecutiveFailures = 0): AgentWatchStatus => ({ project: 'p', environment: state, state, lastSuccessAt, consecutiveFailures });

describe('the agent status over several watches', () => {
  it('is the worst state, the oldest last success and the longest failure streak', () => {
    const status = summarize([watch('serving', '2026-12-01T10:00:05Z'), watch('stale', '2026-12-01T09:59:00Z', 3), watch('serving', '2026-12-01T10:00:01Z')]);
    expect(status).toMatchObject({ state: 'stale', lastSuccessAt: '2026-12-01T09:59:00Z', consecutiveFailures: 3 });
    expect(summarize([watch('stale', 'x'), watch('starting', null, 2)])).toMatchObject({ state: 'starting', lastSuccessAt: null, consecutiveFailures: 2 });
    expect(summarize([watch('starting', null), watch('unauthorized', '2026-12-01T10:00:00Z', 1)]).state).toBe('unauthorized');
    expect(summarize([watch('serving', '2026-12-01T10:00:00Z')]).state).toBe('serving');
  });
});
