/**
 * Cloud Run entry point: serves the rotation handler on $PORT.
 * Deploy: `gcloud run deploy bella-rotation --source . --vpc-connector bella-vpc
 *   --set-env-vars REDIS_URL=redis://10.0.0.3:6379 --set-secrets BELLA_SIGNING_SECRET=bella-signing-secret:latest --allow-unauthenticated`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@bella-baxter/sdk/webhooks';
import { handler, redis } from './handler.js';

const port = Number(process.env.PORT ?? 8080);
// Cloud Run needs 0.0.0.0; set HOST=127.0.0.1 to try it locally without exposing it.
const host = process.env.HOST ?? '0.0.0.0';

export const server = createServer(toNodeHandler(handler)).listen(port, host, () => {
  console.log(`rotation function listening on http://${host}:${(server.address() as AddressInfo).port}`);
});

/** Stops accepting calls, lets in-flight rotations finish, then closes the Redis connection. */
export function shutdown(): Promise<void> {
  return new Promise((resolve) => server.close(() => void redis.close().finally(resolve)));
}

// Cloud Run sends SIGTERM before stopping an instance.
process.once('SIGTERM', () => void shutdown());
