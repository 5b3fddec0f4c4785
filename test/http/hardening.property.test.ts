import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSegmentFailure, paths } from '../../src/api/paths.js';
import { hashMarkerSchema } from '../../src/api/schemas.js';
import { maskUrlPassword } from '../../src/shared/redact.js';
import { propertyRuns } from '../support/reliability.js';

const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('.', '..', '%2e', '%2e%2e', '/', '?', '#', '\r\n', ''));

describe('hardening properties', () => {
  it('any slug or key is either refused or lands as exactly one, intact path segment', () => {
    fc.assert(
      fc.property(anyString, fc.constantFrom('project', 'environment', 'provider', 'key'), (value, param) => {
        const ref = { project: 'p', environment: 'e', provider: 'v', key: 'k', [param]: value };
        if (findSegmentFailure(value)) {
          expect(() => paths.rotationPolicy(ref)).toThrow();
          return;
        }
        const url = new URL(`http://h${paths.rotationPolicy(ref)}`);
        const segments = url.pathname.split('/');
        expect(segments).toHaveLength(12);
        expect(url.search + url.hash).toBe('');
        expect(decodeURIComponent(segments[{ project: 4, environment: 6, provider: 8, key: 10 }[param]]!)).toBe(value);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('a hash marker the schema accepts is always a valid If-None-Match header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.stringMatching(/^[0-9a-f]{1,64}$/)), (hash) => {
        if (!hashMarkerSchema().safeParse(hash).success) return;
        expect(() => new Headers({ 'If-None-Match': `"${hash}"` })).not.toThrow();
        expect(hash.length).toBeLessThanOrEqual(256);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('a masked connection URL never shows its password, a lone user or its fragment', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/);
    fc.assert(
      fc.property(secret, fc.constantFrom('password', 'user', 'fragment'), (s, where) => {
        const url = where === 'password' ? `postgres://app:${s}@db/x` : where === 'user' ? `https://${s}@db/x` : `https://db/x#${s}`;
        expect(maskUrlPassword(url)).not.toContain(s);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
