import type { BaxterLogger } from '../observability/logger.js';
import { describeError } from '../observability/logger.js';
import { traceRefresh, tracingRefreshes, type RefreshSpan } from '../observability/tracing.js';
import type { Scope } from './change-source.js';

/** What one finished check left behind, as the live client reports it. */
export interface CheckOutcome {
  /** Consecutive failures before this check. */
  failuresBefore: number;
  /** Consecutive failures after it (0: it reached the server). */
  failuresAfter: number;
  /** The failure this check reports (a schema rejection has `attempt` 0), if any. */
  reported: { error: unknown; attempt: number } | undefined;
  nextRetryAt: Date | undefined;
}

/**
 * The live client's logging and tracing of its checks: a `bella-baxter:refresh`
 * span around each, a `warn` on the first failure of a streak (not on each
 * retry: a 401 loop logs once) and on a snapshot the schema rejects, an `info`
 * when checks work again.
 */
export class RefreshObserver {
  readonly #logger: BaxterLogger;
  readonly #scope: Scope;
  #streakStartedAt: number | undefined;

  constructor(logger: BaxterLogger, scope: Scope) {
    this.#logger = logger;
    this.#scope = scope;
  }

  trace(check: () => Promise<boolean>): Promise<boolean> {
    if (!tracingRefreshes()) return check();
    const { project, environment, provider } = this.#scope;
    const span: RefreshSpan = { project, environment, provider, changed: undefined };
    return traceRefresh(span, check);
  }

  checked(outcome: CheckOutcome): void {
    const { failuresBefore, failuresAfter, reported, nextRetryAt } = outcome;
    // Most checks log nothing: a healthy poll returns here, before any line is formatted.
    if (!reported && failuresBefore === 0) return;
    const next = nextRetryAt ? ` Next check at ${nextRetryAt.toISOString()}.` : '';
    try {
      if (reported && reported.attempt === 0) {
        this.#logger.warn(`New secrets not applied: ${describeError(reported.error)}`);
      } else if (reported && failuresBefore === 0 && failuresAfter > 0) {
        this.#streakStartedAt = Date.now();
        this.#logger.warn(`Refreshing secrets failed (the last secrets stay in use; further failures are not logged until a check succeeds): ${describeError(reported.error)}${next}`);
      } else if (failuresBefore > 0 && failuresAfter === 0) {
        const since = this.#streakStartedAt === undefined ? '' : ` (${Math.round((Date.now() - this.#streakStartedAt) / 1000)} s)`;
        this.#streakStartedAt = undefined;
        this.#logger.info(`Refreshing secrets works again after ${failuresBefore} failed check${failuresBefore === 1 ? '' : 's'}${since}.`);
      }
    } catch {
      // A logger that throws must not stop the refresh loop.
    }
  }
}
