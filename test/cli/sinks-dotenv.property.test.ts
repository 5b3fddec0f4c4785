import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDotenv } from '../../src/cli/sinks/dotenv.js';

const HOSTILE = ['a', 'Z', '0', ' ', "'", '"', '\\', '$', '`', '#', '=', '\n', '\r', '\t', '{', '}', '(', ')', '!', ';', '&', '|', '*', '~', 'ü', '日', '🙂', 'n', 'r'];
const value = fc.array(fc.constantFrom(...HOSTILE), { maxLength: 14 }).map((chars) => chars.join(''));

describe('dotenv rendering, 400 random hostile values', () => {
  it('dotenv reads back every value it keeps; a shell reads back every value not flagged not-sourceable', async () => {
    const values = fc.sample(value, { numRuns: 400, seed: 20261201 });
    const set = Object.fromEntries(values.map((v, i) => [`V${i}`, v]));
    const { content, warnings } = renderDotenv(set);
    const skipped = new Set(warnings.filter((w) => w.kind === 'unrepresentable').map((w) => w.key));
    const dotenvOnly = new Set(warnings.filter((w) => w.kind === 'not-sourceable').map((w) => w.key));
    const parsed = dotenv.parse(content ?? '');
    for (const [key, v] of Object.entries(set)) {
      if (skipped.has(key)) expect(parsed[key], key).toBeUndefined();
      else expect(parsed[key], `${key} ${JSON.stringify(v)}`).toBe(v);
    }
    // Flagged only when no line can serve both readers: a quote with ", \, $ or `, or a CR.
    for (const key of dotenvOnly) expect(set[key], key).toMatch(/'.*["\\$`]|["\\$`].*'|\r|\0/s);

    const sourceable = Object.fromEntries(Object.entries(set).filter(([key]) => !skipped.has(key) && !dotenvOnly.has(key)));
    expect(Object.keys(sourceable).length).toBeGreaterThan(200);
    const dir = await mkdtemp(join(tmpdir(), 'bella-dotenv-prop-'));
    try {
      await writeFile(join(dir, '.env'), renderDotenv(sourceable).content ?? '');
      const out = execFileSync('bash', ['--norc', '--noprofile', '-c', 'set -a; . ./.env; env -0'], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }).toString('utf8');
      const shell = Object.fromEntries(out.split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
      for (const [key, v] of Object.entries(sourceable)) expect(shell[key], `${key} ${JSON.stringify(v)}`).toBe(v);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
