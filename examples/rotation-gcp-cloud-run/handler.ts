/**
 * A Bella rotation function for Google Cloud Run: a Fetch API handler, served
 * by `server.ts`. The same handler runs unchanged on Bun, Deno or Workers.
 *
 * Environment: BELLA_SIGNING_SECRET, optionally BELLA_FUNCTION_API_KEY.
 */
import { createRotationHandler } from '@bella-baxter/sdk/webhooks';
import { keyApi } from './fake-key-api.js';

const signingSecret = process.env.BELLA_SIGNING_SECRET;
if (!signingSecret) throw new Error('Set BELLA_SIGNING_SECRET to the rotation policy signing secret');

export const handler = createRotationHandler({
  signingSecret,
  apiKey: process.env.BELLA_FUNCTION_API_KEY || undefined,

  async rotate(request, { signal }) {
    const key = await keyApi.createKey(`${request.projectSlug}/${request.environmentSlug}/${request.secretKey}`, signal);
    return { newValue: key.secret, newHandle: key.id };
  },

  async revoke(request, { signal }) {
    await keyApi.deleteKey(request.oldHandle, signal);
  },

  onError: (error, info) => console.error(JSON.stringify({ severity: 'ERROR', message: 'rotation failed', ...info, error: String(error) })),
});
