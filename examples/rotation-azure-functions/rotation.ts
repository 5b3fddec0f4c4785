/**
 * A Bella rotation function for Azure Functions (Node programming model v4).
 * `index.ts` registers it with `app.http`.
 *
 * App settings: BELLA_SIGNING_SECRET, optionally BELLA_FUNCTION_API_KEY.
 */
import { createRotationHandler, toAzureFunctionsHandler } from '@bella-baxter/sdk/webhooks';
import { keyApi } from './fake-key-api.js';

const signingSecret = process.env.BELLA_SIGNING_SECRET;
if (!signingSecret) throw new Error('Set the BELLA_SIGNING_SECRET app setting to the rotation policy signing secret');

export const rotation = toAzureFunctionsHandler(
  createRotationHandler({
    signingSecret,
    apiKey: process.env.BELLA_FUNCTION_API_KEY || undefined,

    async rotate(request, { signal }) {
      const key = await keyApi.createKey(`${request.projectSlug}/${request.environmentSlug}/${request.secretKey}`, signal);
      return { newValue: key.secret, newHandle: key.id };
    },

    async revoke(request, { signal }) {
      await keyApi.deleteKey(request.oldHandle, signal);
    },

    onError: (error, info) => console.error('rotation failed', info, error),
  }),
);
