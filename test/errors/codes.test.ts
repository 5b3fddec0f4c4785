import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';
import * as webhooks from '../../src/webhooks.js';

describe('error codes', () => {
  it('every exported error class carries a stable BAXTER_ code of its own', () => {
    const classes = [...Object.entries(sdk), ...Object.entries(webhooks)].filter(
      ([name, value]) => typeof value === 'function' && /Error$/.test(name) && value.prototype instanceof Error,
    );
    expect(classes.length).toBeGreaterThanOrEqual(12);
    const codes = new Map<string, string>();
    for (const [name, value] of classes) {
      const instance = Object.create((value as { prototype: object }).prototype) as { code?: unknown };
      // Class fields are set by the constructor, so read the code off a constructed instance where we can.
      let code: unknown = instance.code;
      try {
        code = (Reflect.construct(value as never, ['x', {}]) as { code: unknown }).code;
      } catch {
        // Constructors with structured arguments are covered below.
      }
      if (typeof code === 'string') codes.set(name, code);
    }
    // Upper case, digits allowed (E2EE).
    for (const code of codes.values()) expect(code).toMatch(/^BAXTER_[A-Z0-9_]+$/);
    expect(codes.get('BaxterConfigError')).toBe('BAXTER_CONFIG_INVALID');
  });

  it('an API error names its status class in the code', () => {
    const make = (status: number) => new sdk.BaxterApiError({ status, method: 'GET', path: '/api/v1/keys/me' });
    expect(make(401).code).toBe('BAXTER_UNAUTHORIZED');
    expect(make(403).code).toBe('BAXTER_FORBIDDEN');
    expect(make(404).code).toBe('BAXTER_NOT_FOUND');
    expect(make(429).code).toBe('BAXTER_RATE_LIMITED');
    expect(make(503).code).toBe('BAXTER_SERVER_ERROR');
    expect(make(418).code).toBe('BAXTER_API_ERROR');
  });

  it('the wire-fidelity errors have their own codes', () => {
    expect(new sdk.BaxterE2eeDowngradeError({ method: 'GET', path: '/p', status: 200 }).code).toBe('BAXTER_E2EE_DOWNGRADE');
    expect(new sdk.BaxterEncryptedValueError({ key: 'K', path: '/p' }).code).toBe('BAXTER_ENCRYPTED_VALUE');
    expect(new sdk.BaxterRotationFailedError({ provider: 'vault', key: 'K', lastError: 'boom' })).toMatchObject({ code: 'BAXTER_ROTATION_FAILED', lastError: 'boom' });
    expect(sdk.isBaxterRotationFailedError(new sdk.BaxterRotationFailedError({ provider: 'vault', key: 'K' }))).toBe(true);
  });

  it('a missing secret is BAXTER_SECRET_MISSING', () => {
    expect(new sdk.BaxterMissingSecretError('DB_URL', 3).code).toBe('BAXTER_SECRET_MISSING');
  });
});
