import { encryptForClient, wrapDekForClient } from '../e2ee-encrypt.js';
import { json, problem } from '../problem.js';
import type { RouteContext } from '../route-context.js';
import type { EnvironmentState } from '../store.js';

/**
 * Answers JSON, end-to-end encrypted when the client sent `X-E2E-Public-Key` (or `required`).
 * When that key is a registered device key, the answer also carries the environment's data key
 * wrapped to it (`X-Bella-Wrapped-Dek`) and the lease's end (`X-Bella-Lease-Expires`).
 */
export async function respondMaybeEncrypted(ctx: RouteContext, body: unknown, options: { required?: boolean; env?: EnvironmentState } = {}): Promise<Response> {
  const key = ctx.request.headers.get('x-e2e-public-key');
  if (!key) {
    return options.required
      ? problem(400, 'E2EE required', 'This endpoint answers only end-to-end encrypted: send X-E2E-Public-Key.')
      : json(body);
  }
  try {
    const headers: Record<string, string> = {};
    const device = ctx.store.deviceKeys.get(key);
    if (device && options.env) {
      headers['X-Bella-Wrapped-Dek'] = await wrapDekForClient(key, options.env.dek);
      headers['X-Bella-Lease-Expires'] = new Date(ctx.clock.now() + device.leaseSeconds * 1000).toISOString();
    }
    return json(await encryptForClient(key, body), 200, headers);
  } catch {
    return problem(400, 'Invalid X-E2E-Public-Key', 'X-E2E-Public-Key must be the base64 SPKI of a P-256 public key.');
  }
}
