#!/usr/bin/env node
/**
 * `bella-emulator --port 8787 [--host 127.0.0.1] [--seed file.json]`: serves the
 * Bella Baxter emulator so tools and SDKs in any language can test against it.
 * Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// The core, not createBaxterEmulator: the bin must run without msw installed. From the testing entry
// (which loads msw only when emulator.handlers is read), so the bin shares its chunks: see tsup.config.ts.
import { BaxterEmulatorCore } from '../testing.js';
import type { EmulatorSeed } from '../testing/store.js';

const USAGE = `Usage: bella-emulator [--port 8787] [--host 127.0.0.1] [--seed seed.json] [--time-scale N]

Serves the Bella Baxter emulator. Without --seed it creates project "demo",
environment "dev" with two secrets, and prints an API key for it, as a ready
to paste BELLA_BAXTER_URL=... BELLA_BAXTER_API_KEY=... line. The admin API
(set secrets, move the clock, run the scheduler, inject faults, read the
request log) is at /_emulator on the same port, for loopback callers.
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

/** A value as a POSIX shell reads it back unchanged (slugs may hold spaces). */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
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
  const seed = values.seed ? readSeed(values.seed) : undefined;
  let emulator: BaxterEmulatorCore;
  try {
    emulator = new BaxterEmulatorCore({ ...(seed ? { seed } : {}), ...(timeScale === undefined ? {} : { timeScale }) });
  } catch (error) {
    // Seed validation lists each problem with its path; name the file too.
    throw new Error(`--seed: ${values.seed}: ${error instanceof Error ? error.message.replace(/^@bella-baxter\/sdk\/testing: /, '') : String(error)}`);
  }
  // Before anything is printed: a caller may signal as soon as it reads the first line.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping bella-emulator`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const warning of emulator.seedWarnings) console.error(`bella-emulator: warning: ${warning}`);
  const keys: Array<{ project: string; environment: string; apiKey: string }> = seed?.apiKeys ?? [];
  if (!seed) {
    keys.push(emulator.addEnvironment({ project: 'demo', environment: 'dev', secrets: { GREETING: 'hello', DATABASE_URL: 'postgres://app:app@127.0.0.1:5432/app' } }));
  }
  const server = await emulator.listen({ port, host: values.host });
  console.log(`bella-emulator listening on ${server.url}`);
  for (const key of keys) console.log(`API key for ${key.project}/${key.environment}: ${key.apiKey}`);
  console.log(`Admin API: ${server.url}/_emulator (loopback only; GET it for the list of routes)`);
  if (keys.length > 0) console.log('\nReady to paste (one line per API key):');
  for (const key of keys) {
    console.log(`BELLA_BAXTER_URL=${server.url} BELLA_BAXTER_API_KEY=${key.apiKey} BELLA_BAXTER_PROJECT=${shellQuote(key.project)} BELLA_BAXTER_ENV=${shellQuote(key.environment)}`);
  }
}

main().catch((error: unknown) => {
  console.error(`bella-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
