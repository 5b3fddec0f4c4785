import { signWebhookPayload } from '../../src/webhooks.js';

export const SECRET = 'whsec-handler-test-secret';
export const T = 1_767_225_600;
export const now = () => T * 1000;

export const rotateBody = (requestId = 'req-1', extra: Record<string, unknown> = {}) => ({
  action: 'rotate',
  secretKey: 'STRIPE_KEY',
  projectSlug: 'shop',
  environmentSlug: 'prod',
  requestId,
  ...extra,
});

export const revokeBody = (requestId = 'rev-1', oldHandle = 'key_1') => ({ ...rotateBody(requestId), action: 'revoke', oldHandle });

/** A signed POST as Bella would send it. */
export async function signedRequest(
  body: unknown,
  options: { secret?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<Request> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = await signWebhookPayload(options.secret ?? SECRET, raw, { timestamp: T });
  return new Request('http://127.0.0.1/rotate', {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'x-bella-signature': signature, ...options.headers },
    body: raw,
  });
}
