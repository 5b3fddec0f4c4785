/**
 * A Bella rotation function inside an Express app.
 *
 * The one Express rule: the signature covers the exact bytes Bella sent, so the
 * rotation route must get the raw body. Mount it BEFORE any app-wide
 * `express.json()`, with `express.raw()` (or no body parser at all).
 *
 * Environment: BELLA_SIGNING_SECRET, optionally BELLA_FUNCTION_API_KEY.
 */
import express from 'express';
import { createRotationHandler, toNodeHandler } from '@bella-baxter/sdk/webhooks';
import { keyApi } from './fake-key-api.js';

const signingSecret = process.env.BELLA_SIGNING_SECRET;
if (!signingSecret) throw new Error('Set BELLA_SIGNING_SECRET to the rotation policy signing secret');

const rotation = createRotationHandler({
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
});

export const app = express();

// Raw bytes for this route only; 64 KiB matches the handler's own limit.
app.post('/bella/rotate', express.raw({ type: '*/*', limit: '64kb' }), toNodeHandler(rotation));

// The rest of your app can parse JSON as usual.
app.use(express.json());
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
