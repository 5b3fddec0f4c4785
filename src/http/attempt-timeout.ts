/**
 * Thrown by a transport when one attempt took longer than its `timeoutMs`; the
 * HTTP client turns it into `BaxterTimeoutError`.
 */
export class AttemptTimedOut extends Error {
  override name = 'AttemptTimedOut';
  constructor(readonly timeoutMs: number) {
    super(`the attempt took longer than ${timeoutMs} ms`);
  }
}
