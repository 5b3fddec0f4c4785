import { describe, expect, it } from 'vitest';
import { maskUrlPassword } from '../../src/shared/redact.js';

describe('maskUrlPassword', () => {
  it('masks the password in the user info and keeps the rest readable', () => {
    expect(maskUrlPassword('postgresql://app:s3cr3t@db:5432/shop?sslmode=require')).toBe('postgresql://app:***@db:5432/shop?sslmode=require');
  });

  it('masks credential-like query parameters too', () => {
    const masked = maskUrlPassword('postgresql://db/shop?user=app&password=s3cr3t&sslpassword=p2&sslmode=require&api_key=k');
    expect(masked).not.toMatch(/s3cr3t|p2|=k(&|$)/);
    expect(masked).toContain('user=app');
    expect(masked).toContain('sslmode=require');
  });

  it('masks a string that is not a URL whole', () => {
    expect(maskUrlPassword('not a url with s3cr3t')).toBe('[REDACTED]');
  });
});
