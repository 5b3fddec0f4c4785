// A microservice that reads its configuration from Bella Baxter and follows rotations
// without a restart. Run it against the emulator: `npx bella-emulator` prints a URL and an
// API key; then `BELLA_BAXTER_URL=... BELLA_BAXTER_API_KEY=... node server.js`.
import express from 'express';
import { z } from 'zod';
import { createBaxterClient, isBaxterApiError } from '@bella-baxter/sdk';

// Typed configuration: PORT becomes a number; a snapshot that fails this is never applied.
const Config = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  GREETING: z.string().min(1),
});

const secrets = await createBaxterClient({
  schema: Config,
  refreshInterval: 60, // seconds; each check is a cheap hash request, the full set only on change
  appClient: 'express-microservice', // shows up in Bella's audit log
});

secrets.on('change', ({ changed, added, removed }) => {
  // Key names only: values never belong in logs.
  console.log('secrets changed', { changed, added, removed });
});
secrets.on('error', ({ error, attempt, nextRetryAt }) => {
  // The last good secrets keep being served meanwhile.
  const status = isBaxterApiError(error) ? error.status : undefined;
  console.warn('secrets refresh failed', { attempt, status, nextRetryAt });
});

const app = express();
app.get('/', (_req, res) => {
  // Read on every request: after a rotation the new value is used at once.
  res.send(`${secrets.config.GREETING}\n`);
});
app.get('/healthz', (_req, res) => {
  const { state, consecutiveFailures } = secrets.status;
  res.status(200).json({ secrets: state, consecutiveFailures });
});

const server = app.listen(secrets.config.PORT, () => console.log(`listening on :${secrets.config.PORT}`));

// Graceful shutdown: close() stops polling and releases sockets, so the process exits by itself.
process.on('SIGTERM', () => {
  server.close();
  void secrets.close();
});
