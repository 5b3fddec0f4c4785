import { encryptForClient } from '../e2ee-encrypt.js';
import { json, problem } from '../problem.js';
import type { RouteContext } from '../route-context.js';

/** Answers JSON, end-to-end encrypted when the client sent `X-E2E-Public-Key` (or `required`). */
export async function respondMaybeEncrypted(ctx: RouteContext, body: unknown, options: { required?: boolean } = {}): Promise<Response> {
  const key = ctx.request.headers.get('x-e2e-public-key');
  if (!key) {
    return options.required
      ? problem(400, 'E2EE required', 'This endpoint answers only end-to-end encrypted: send X-E2E-Public-Key.')
      : json(body);
  }
  try {
    return json(await encryptForClient(key, body));
  } catch {
    return problem(400, 'Invalid X-E2E-Public-Key', 'X-E2E-Public-Key must be the base64 SPKI of a P-256 public key.');
  }
}
