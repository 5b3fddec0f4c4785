/**
 * Helpers that keep secret material out of `util.inspect`, `console.log`,
 * `JSON.stringify` and `String()`. Pure: no Node built-ins, so leaf entries
 * (webhooks, random) may use them too.
 */

/** The symbol `node:util` looks up for custom inspection; registered, so no import is needed. */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The placeholder shown instead of a secret value. */
export const REDACTED = '[REDACTED]';

/** Masks a secret for display: keeps nothing of it but its presence. */
export function mask(value: string | undefined | null): string {
  return value == null || value === '' ? '' : REDACTED;
}

/** Query parameters that carry credentials in connection URLs (`?password=`, `?sslpassword=`, `?token=`...). */
const SECRET_QUERY = /pass|pwd|secret|token|key|auth|credential/i;

/**
 * Masks the password of a connection URL (`postgres://user:pass@host/db`), a
 * user standing alone (`https://TOKEN@host`), the fragment and the values of
 * credential-like query parameters (`?password=...`), keeping everything else readable. A string that is not a URL is masked whole.
 */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    // A user with no password is a credential itself (`https://TOKEN@host`); a fragment may carry a token.
    else if (parsed.username) parsed.username = '***';
    if (parsed.hash) parsed.hash = '***';
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (SECRET_QUERY.test(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return REDACTED;
  }
}

/**
 * Makes `target` show `view()` (which must hold no secret) to `util.inspect`,
 * `JSON.stringify` and `String()`, as non-enumerable members.
 */
export function defineSafeView(target: object, label: string, view: () => Record<string, unknown>): void {
  Object.defineProperties(target, {
    [INSPECT]: {
      value(depth: number, options: unknown, inspect?: (v: unknown, o: unknown) => string) {
        const shown = view();
        const body = typeof inspect === 'function' ? inspect(shown, options) : JSON.stringify(shown);
        return `${label} ${body}`;
      },
      enumerable: false,
    },
    toJSON: { value: () => view(), enumerable: false, configurable: true },
    toString: { value: () => `${label} ${JSON.stringify(view())}`, enumerable: false, configurable: true },
  });
}
