import { BaxterConfigError } from '../../errors/config-error.js';
import { fromHex, utf8 } from '../../http/encoding.js';
import type { Auth } from '../options.js';

/** The variable an explicit cache key is read from when the `cache.key` option is unset. */
export const CACHE_KEY_VARIABLE = 'BELLA_BAXTER_CACHE_KEY';

const MIN_KEY_CHARS = 16;

/**
 * The secret input of the cache's HKDF: an explicit key (option, then
 * `BELLA_BAXTER_CACHE_KEY`), else the API key's signing secret. An access token
 * changes on every login and its holder may not be the only reader, so a
 * token setup must give an explicit key.
 */
export function resolveCacheKeyMaterial(explicit: string | undefined, auth: Auth, env: Record<string, string | undefined>): Uint8Array {
  const key = explicit ?? env[CACHE_KEY_VARIABLE];
  if (key !== undefined && key !== '') {
    if (key.length < MIN_KEY_CHARS) {
      throw new BaxterConfigError(`The cache key must be at least ${MIN_KEY_CHARS} characters (use e.g. \`openssl rand -hex 32\`). Set cache.key or ${CACHE_KEY_VARIABLE}.`, { option: 'cache.key' });
    }
    return utf8.encode(key);
  }
  if (auth.kind === 'apiKey') {
    // bax-{keyId}-{secretHex}: the part after the second dash, already validated by the authenticator.
    const secret = fromHex(auth.apiKey.split('-').slice(2).join('-'));
    if (secret && secret.byteLength > 0) return secret;
  }
  throw new BaxterConfigError(
    `The cache option needs a key with an access token: set cache.key or ${CACHE_KEY_VARIABLE} (at least ${MIN_KEY_CHARS} characters, e.g. \`openssl rand -hex 32\`).`,
    { option: 'cache.key' },
  );
}
