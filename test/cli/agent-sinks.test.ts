import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaxterEmulator, ListeningServer } from '../../src/testing.js';
import { type AgentFixture, startAgentFixture, runBella } from './support/agent-harness.js';

/** Values both dotenv and a POSIX shell must read back byte for byte. */
const SOURCEABLE: Record<string, string> = {
  SINGLE_QUOTE: "it's here",
  DOUBLE_QUOTES: 'say "hi"',
  BACKSLASHES: 'C:\\path\\to\\file',
  TRAILING_BACKSLASH: 'ends with\\',
  LITERAL_BACKSLASH_N: 'not a \\n newline',
  NEWLINES: 'line one\nline two\n',
  DOLLARS: '$HOME and ${PATH} and $(whoami)',
  HASH: '# not a comment',
  EQUALS: 'a=b=c',
  SPACES: '  padded  ',
  UNICODE: 'ünïcødé ✓ 日本語 🙂',
  BACKTICKS: '`uname`',
  EMPTY: '',
  PEM: '-----BEGIN KEY-----\nMIIB\n-----END KEY-----',
  QUOTE_AND_NEWLINE: "it's\nmultiline",
};

/** Values no shell line can hold (a single quote with `"`, `\`, `$` or a backtick; a carriage return): dotenv only, with a warning. */
const DOTENV_ONLY: Record<string, string> = {
  QUOTE_AND_DOLLAR: "it's $HOME",
  BOTH_QUOTES: `mixed 'single' and "double"`,
  CARRIAGE_RETURN: 'a\rb',
};

let fixture: AgentFixture;
let bin: string;
let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let keys: { shell: string; dotenvOnly: string };

beforeAll(async () => {
  fixture = await startAgentFixture('bella-agent-sinks-');
  ({ bin, dir, emulator, server } = fixture);
  keys = {
    shell: emulator.addEnvironment({ project: 'shop', environment: 'shell', secrets: { ...SOURCEABLE, 'bad-key': 'x', '9LIVES': 'y' } }).apiKey,
    dotenvOnly: emulator.addEnvironment({ project: 'shop', environment: 'odd', secrets: { ...DOTENV_ONLY, UNREPRESENTABLE: "a'b\"c`d\\n\nx", PLAIN: 'ok' } }).apiKey,
  };
}, 60_000);

afterAll(() => fixture.close());

async function renderOnce(environment: string, apiKey: string, sinks: string, prepare?: (sub: string) => Promise<void>) {
  const sub = await mkdtemp(join(dir, `${environment}-`));
  await writeFile(join(sub, 'bella-agent.yaml'), `watches:\n  - project: shop\n    environment: ${environment}\nsinks:\n${sinks}`);
  await prepare?.(sub);
  const result = await runBella(bin, ['agent', '--once', '--log-format', 'json'], { cwd: sub, env: { BELLA_BAXTER_URL: server.url, BELLA_BAXTER_API_KEY: apiKey } });
  expect(result.code, result.stderr).toBe(0);
  return { sub, ...result };
}

/** What `set -a; . ./.env` exports, read back NUL-separated so newlines survive. */
function sourceInBash(cwd: string): Record<string, string> {
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', 'set -a; . ./.env; env -0'], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }).toString('utf8');
  return Object.fromEntries(out.split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

describe('bella agent sinks', { timeout: 60_000 }, () => {
  it('dotenv: hostile values read back exactly through dotenv.parse and a shell; json and yaml parse back equal; files end 0600, also over a 0644 file', async () => {
    const { sub, stderr } = await renderOnce(
      'shell',
      keys.shell,
      '  - type: dotenv\n    path: ./.env\n  - type: json\n    path: ./out/secrets.json\n  - type: yaml\n    path: ./out/secrets.yaml\n  - type: file\n    path: ./out/key.pem\n    key: PEM\n    mode: "0640"\n',
      async (cwd) => {
        await writeFile(join(cwd, '.env'), 'OLD=1\n');
        await chmod(join(cwd, '.env'), 0o644);
      },
    );
    const text = await readFile(join(sub, '.env'), 'utf8');
    expect(dotenv.parse(text)).toEqual(SOURCEABLE);
    const shell = sourceInBash(sub);
    for (const [key, value] of Object.entries(SOURCEABLE)) expect(shell[key], key).toBe(value);
    expect(Object.keys(dotenv.parse(text)).sort()).toEqual(Object.keys(SOURCEABLE).sort());
    expect(Object.keys(SOURCEABLE).sort()).toEqual(text.split('\n').flatMap((line) => /^([A-Z_0-9]+)=/.exec(line)?.[1] ?? []));

    const all = { ...SOURCEABLE, 'bad-key': 'x', '9LIVES': 'y' };
    expect(JSON.parse(await readFile(join(sub, 'out/secrets.json'), 'utf8'))).toEqual(all);
    expect(parseYaml(await readFile(join(sub, 'out/secrets.yaml'), 'utf8'))).toEqual(all);
    expect(await readFile(join(sub, 'out/key.pem'), 'utf8')).toBe(SOURCEABLE.PEM);

    expect((await stat(join(sub, '.env'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(sub, 'out/secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(sub, 'out/key.pem'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(sub, 'out'))).mode & 0o777).toBe(0o700);

    // Invalid names are skipped from the dotenv file with a warning naming them, never a value.
    expect(stderr).toMatch(/skipped a key that is not a shell variable name.*"key":"bad-key"/);
    expect(stderr).toMatch(/"key":"9LIVES"/);
    for (const value of Object.values(SOURCEABLE).filter((v) => v.length > 3)) expect(stderr).not.toContain(value);
  });

  it('dotenv: a value no shell line can hold is written for dotenv with a warning naming the key; one no dotenv line can hold is skipped', async () => {
    const { sub, lines, stderr } = await renderOnce('odd', keys.dotenvOnly, '  - type: dotenv\n    path: ./.env\n');
    expect(dotenv.parse(await readFile(join(sub, '.env'), 'utf8'))).toEqual({ ...DOTENV_ONLY, PLAIN: 'ok' });
    const warned = (kind: RegExp) => lines.filter((line) => line.level === 'warn' && kind.test(line.message)).map((line) => line.key).sort();
    expect(warned(/can no longer be sourced by a shell/)).toEqual(Object.keys(DOTENV_ONLY).sort());
    expect(warned(/no dotenv line can hold/)).toEqual(['UNREPRESENTABLE']);
    expect(stderr).not.toContain('HOME');
    expect(stderr).not.toContain('mixed');
  });

  it('several watches merge in order: the later one wins a shared key, and the collision is logged by key name', async () => {
    emulator.addEnvironment({ project: 'shop', environment: 'base', secrets: { SHARED: 'from-base', ONLY_BASE: 'b' } });
    emulator.addEnvironment({ project: 'shop', environment: 'overlay', secrets: { SHARED: 'from-overlay', ONLY_OVERLAY: 'o' } });
    const token = await emulator.createAccessToken({ project: 'shop' });
    const sub = await mkdtemp(join(dir, 'merge-'));
    await writeFile(join(sub, 'bella-agent.yaml'), 'watches:\n  - project: shop\n    environment: base\n  - project: shop\n    environment: overlay\nsinks:\n  - type: json\n    path: ./secrets.json\n');
    const { code, lines, stderr } = await runBella(bin, ['agent', '--once', '--log-format', 'json'], { cwd: sub, env: { BELLA_BAXTER_URL: server.url, BELLA_BAXTER_ACCESS_TOKEN: token } });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(await readFile(join(sub, 'secrets.json'), 'utf8'))).toEqual({ ONLY_BASE: 'b', ONLY_OVERLAY: 'o', SHARED: 'from-overlay' });
    expect(lines.filter((l) => l.level === 'warn' && /later watch wins/.test(l.message)).map((l) => l.keys)).toEqual([['SHARED']]);
    expect(stderr).not.toContain('from-base');
  });
});
