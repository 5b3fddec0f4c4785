import { findSegmentFailure } from '../api/paths.js';
import { BaxterConfigError } from '../errors/config-error.js';

/**
 * Type checks of `createBaxterClient`'s options, before anything reads them:
 * a wrong type is a {@link BaxterConfigError} naming the option and what it
 * expects, never a `TypeError` from deep inside (`option?.trim is not a
 * function`), and never a value (an option may hold a credential).
 */
const STRING_OPTIONS = ['baxterUrl', 'apiKey', 'accessToken', 'project', 'environment', 'provider', 'appClient', 'privateKey'] as const;
const NUMBER_OPTIONS = ['refreshInterval', 'maxBackoff', 'timeoutMs', 'maxAttempts', 'maxResponseBytes'] as const;

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function wrongType(option: string, expected: string, value: unknown): BaxterConfigError {
  return new BaxterConfigError(`Option ${option} must be ${expected} (got ${kindOf(value)}).`, { option });
}

/** Throws on the first option of the wrong type. `undefined` always means "not set". */
export function validateOptionTypes(options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new BaxterConfigError(`createBaxterClient() takes an options object or nothing (got ${kindOf(options)}).`, { option: 'options' });
  }
  const o = options as Record<string, unknown>;
  for (const name of STRING_OPTIONS) if (o[name] !== undefined && typeof o[name] !== 'string') throw wrongType(name, 'a string', o[name]);
  for (const name of NUMBER_OPTIONS) if (o[name] !== undefined && typeof o[name] !== 'number') throw wrongType(name, 'a number', o[name]);
  if (o.e2ee !== undefined && typeof o.e2ee !== 'boolean') throw wrongType('e2ee', 'true or false (a boolean; the string "false" is not false)', o.e2ee);
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw wrongType('fetch', 'a Fetch-API function', o.fetch);
  if (o.env !== undefined && (o.env === null || typeof o.env !== 'object')) throw wrongType('env', 'an object of environment variables', o.env);
  if (o.signal !== undefined && !isAbortSignal(o.signal)) throw wrongType('signal', 'an AbortSignal', o.signal);
  if (o.schema !== undefined && !isStandardSchema(o.schema)) {
    throw new BaxterConfigError(
      'Option schema must be a Standard Schema (zod, valibot, arktype... or an object with a "~standard".validate function).',
      { option: 'schema' },
    );
  }
}

function isAbortSignal(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean' && typeof (value as AbortSignal).addEventListener === 'function';
}

function isStandardSchema(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const standard = (value as Record<string, unknown>)['~standard'];
  return typeof standard === 'object' && standard !== null && typeof (standard as Record<string, unknown>).validate === 'function';
}

/** A project, environment or provider slug the client will put in its paths. */
export function validateSlugOption(option: 'project' | 'environment' | 'provider', value: string | undefined): void {
  if (value === undefined) return;
  const failure = findSegmentFailure(value);
  if (failure) throw new BaxterConfigError(`Option ${option} ${failure}.`, { option });
}

/**
 * `baxterUrl`: an absolute http(s) URL with no query or fragment (they would
 * break every path) and no credentials (use apiKey or accessToken). Never
 * quoted whole: it may hold a password.
 */
export function validateBaxterUrl(baxterUrl: string): void {
  let url: URL;
  try {
    url = new URL(baxterUrl);
  } catch {
    // No cause: the TypeError keeps the input (and any password in it) in `input`.
    throw new BaxterConfigError('baxterUrl is not an absolute http(s) URL. Set the baxterUrl option or BELLA_BAXTER_URL, e.g. https://api.bella-baxter.io.', { option: 'baxterUrl' });
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BaxterConfigError(`baxterUrl must be an http(s) URL (got ${url.protocol} scheme). Set the baxterUrl option or BELLA_BAXTER_URL.`, { option: 'baxterUrl' });
  }
  if (url.username || url.password) {
    throw new BaxterConfigError(`baxterUrl for ${shown} carries credentials (user:password@); remove them and pass apiKey or accessToken instead.`, { option: 'baxterUrl' });
  }
  if (url.search || url.hash || baxterUrl.includes('?') || baxterUrl.includes('#')) {
    throw new BaxterConfigError(`baxterUrl for ${shown} has a query or fragment, which would break every request path; give the base URL only (e.g. ${shown}).`, { option: 'baxterUrl' });
  }
}

/** A credential that goes into a header: no control characters, only Latin-1, so fetch never quotes it in an error. */
export function validateHeaderCredential(option: 'apiKey' | 'accessToken' | 'appClient', value: string): void {
  if (/[^\x20-\x7E]/.test(value)) {
    throw new BaxterConfigError(
      `Option ${option} contains characters not allowed in an HTTP header (a line break or a non-ASCII character, often from copy-pasting). Copy it again.`,
      { option },
    );
  }
}
