/**
 * `bella-emulator --port 8787 [--host 127.0.0.1] [--seed file.json]`: serves the
 * Bella Baxter emulator so tools and SDKs in any language can test against it.
 * Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// The core, not createBaxterEmulator: the bin must run without msw installed.
import { BaxterEmulatorCore } from '../testing/emulator.js';
import type { EmulatorSeed } from '../testing/store.js';

const USAGE = `Usage: bella-emulator [--port 8787] [--host 127.0.0.1] [--seed seed.json] [--time-scale N]

Serves the Bella Baxter emulator. Without --seed it creates project "demo",
environment "dev" with two secrets, and prints an API key for it.
--time-scale N runs emulator time N times faster (rotations, leases).`;

/** Reads a seed file; errors name the file, since a JSON parser's own message does not. */
function readSeed(file: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--seed: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let seed: unknown;
  try {
    seed = JSON.parse(text);
  } catch (error) {
    throw new Error(`--seed: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!seed || typeof seed !== 'object' || Array.isArray(seed)) throw new Error(`--seed: ${file} must hold a JSON object ({ projects, apiKeys, rotationPolicies })`);
  return seed as EmulatorSeed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port.trim() === '' ? Number.NaN : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const rawScale = values['time-scale'];
  const timeScale = rawScale === undefined ? undefined : rawScale.trim() === '' ? Number.NaN : Number(rawScale);
  if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale > 0)) throw new Error(`--time-scale must be a number > 0, got "${rawScale}"`);
  const emulator = new BaxterEmulatorCore({
    ...(values.seed ? { seed: readSeed(values.seed) } : {}),
    ...(timeScale === undefined ? {} : { timeScale }),
  });
  const keys: string[] = [];
  if (!values.seed) {
    keys.push(emulator.addEnvironment({ project: 'demo', environment: 'dev', secrets: { GREETING: 'hello', DATABASE_URL: 'postgres://app:app@127.0.0.1:5432/app' } }).apiKey);
  }
  const server = await emulator.listen({ port, host: values.host });
  console.log(`bella-emulator listening on ${server.url}`);
  for (const key of keys) console.log(`API key for demo/dev: ${key}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping bella-emulator`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`bella-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
