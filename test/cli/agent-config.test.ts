import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaxterEmulator, ListeningServer } from '../../src/testing.js';
import { parseAgentConfig } from '../../src/cli/agent/load-config.js';
import { type AgentFixture, startAgentFixture, runBella } from './support/agent-harness.js';

let fixture: AgentFixture;
let bin: string;
let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let env: Record<string, string>;

beforeAll(async () => {
  fixture = await startAgentFixture('bella-agent-config-');
  ({ bin, dir, emulator, server } = fixture);
  env = fixture.envFor(emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { DATABASE_URL: 'postgres://db/shop' } }).apiKey);
}, 60_000);

afterAll(() => fixture.close());

const GOOD = 'watches:\n  - project: shop\n    environment: prod\nsinks:\n  - type: dotenv\n    path: ./out/.env\n';

describe('bella agent config errors name the file, line, column and the expected value (exit 125)', { timeout: 60_000 }, () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a bare octal mode', `${GOOD}    mode: 0600\n`, /bella-agent\.yaml:7:11: sinks\[0\]\.mode: expected a quoted octal string such as "0640": YAML reads a bare 0600 as the decimal number 600/],
    ['an unknown sink type', GOOD.replace('type: dotenv', 'type: toml'), /:5:11: sinks\[0\]\.type: expected type: dotenv, json, yaml or file/],
    ['an unset variable', GOOD.replace('project: shop', 'project: ${SHOP_PROJECT}'), /:2:14: environment variable SHOP_PROJECT is not set/],
    ['a misspelt key', GOOD.replace('environment: prod', 'environment: prod\n    poll-intervl: 5'), /:4:5: watches\[0\]\.poll-intervl: unknown setting \(expected one of: project, environment, provider, poll-interval\)/],
    ['an unknown signal', `${GOOD}process:\n  signal: SIGKILL\n  pid-file: ./app.pid\n`, /:8:11: process\.signal: expected one of sighup, sigterm, sigusr1, sigusr2, none/],
    ['a poll interval of 0', GOOD.replace('environment: prod', 'environment: prod\n    poll-interval: 0'), /:4:20: watches\[0\]\.poll-interval: expected a whole number of seconds, at least 1/],
    ['broken YAML', 'watches: [\n', /bella-agent\.yaml:\d+:\d+: not valid YAML/],
    // zod's own English message, for the one shape the schema words no message for.
    ['a watch that is not a mapping', GOOD.replace('project: shop\n    environment: prod', 'shop'), /:2:5: watches\[0\]: Invalid input: expected object, received string/],
  ];
  // The table runs in process (the parser the bin uses); one case goes through the bin for the exit code and stderr.
  it.each(cases)('%s', (_name, text, expected) => {
    expect(() => parseAgentConfig(text, 'bella-agent.yaml', {})).toThrow(expected);
  });

  it('through the bin: exit 125 and the located message on stderr', async () => {
    const sub = await mkdtemp(join(dir, 'case-'));
    await writeFile(join(sub, 'bella-agent.yaml'), `${GOOD}    mode: 0600\n`);
    const { code, stderr } = await runBella(bin, ['agent'], { cwd: sub, env });
    expect(code).toBe(125);
    expect(stderr).toMatch(/^bella: error: bella-agent\.yaml:7:11: sinks\[0\]\.mode: expected a quoted octal string/m);
  });

  it('a missing config file says how to create one', async () => {
    const { code, stderr } = await runBella(bin, ['agent', '-c', 'nope.yaml'], { cwd: dir, env });
    expect(code).toBe(125);
    expect(stderr).toMatch(/nope\.yaml: the config file does not exist: create one with 'bella agent --init'/);
  });
});

describe('a valid bella agent config resolves to absolute paths, defaults and converted values', () => {
  it('trims slugs and paths, applies defaults, reads octal modes, durations and signal names', () => {
    const text = [
      'watches:',
      '  - project: " shop "',
      '    environment: prod',
      '  - project: shop',
      '    environment: prod',
      '    provider: " pg "',
      '    poll-interval: 5',
      'sinks:',
      '  - type: dotenv',
      '    path: " ./out/.env "',
      '  - type: file',
      '    path: ./out/key.pem',
      '    key: " TLS_KEY "',
      '    mode: "0640"',
      'process:',
      '  signal: SigHup',
      '  pid-file: ./app.pid',
      'cache:',
      '  path: ./cache.bin',
      '  max-age: 24h',
      '  key: ${CACHE_KEY}',
      '',
    ].join('\n');
    expect(parseAgentConfig(text, '/srv/app/bella-agent.yaml', { CACHE_KEY: 'k'.repeat(32) })).toEqual({
      file: '/srv/app/bella-agent.yaml',
      watches: [
        { project: 'shop', environment: 'prod', provider: undefined, pollInterval: 30 },
        { project: 'shop', environment: 'prod', provider: 'pg', pollInterval: 5 },
      ],
      sinks: [
        { type: 'dotenv', path: '/srv/app/out/.env', mode: 0o600 },
        { type: 'file', path: '/srv/app/out/key.pem', key: 'TLS_KEY', mode: 0o640 },
      ],
      process: { signal: 'SIGHUP', pidFile: '/srv/app/app.pid' },
      cache: { path: '/srv/app/cache.bin', maxAgeSeconds: 86_400, key: 'k'.repeat(32) },
    });
  });

  it('signal none (any case) or no process section signals nobody; max-age in seconds or minutes', () => {
    const none = parseAgentConfig(`${GOOD}process:\n  signal: NONE\ncache:\n  path: ./c\n  max-age: 90\n`, '/a/bella-agent.yaml', {});
    expect(none.process).toEqual({ signal: undefined, pidFile: undefined });
    expect(none.cache?.maxAgeSeconds).toBe(90);
    const bare = parseAgentConfig(`${GOOD}cache:\n  path: ./c\n  max-age: 30m\n`, '/a/bella-agent.yaml', {});
    expect(bare.process).toEqual({ signal: undefined, pidFile: undefined });
    expect(bare.cache?.maxAgeSeconds).toBe(1800);
  });

  it('two sinks on one path are refused even when one path has spaces around it', () => {
    const text = GOOD.replace('    path: ./out/.env\n', '    path: ./out/.env\n  - type: json\n    path: " ./out/.env "\n');
    expect(() => parseAgentConfig(text, 'bella-agent.yaml', {})).toThrow(/:8:11: sinks\[1\]\.path: expected each sink to have its own path \(\.\/out\/\.env is already written by an earlier sink\)/);
  });
});

describe('bella agent --init', { timeout: 90_000 }, () => {
  it('writes a scaffold that starts as is once its variables are set, and refuses to overwrite it', async () => {
    const sub = await mkdtemp(join(dir, 'init-'));
    expect((await runBella(bin, ['agent', '--init'], { cwd: sub, env })).code).toBe(0);
    const scaffold = await readFile(join(sub, 'bella-agent.yaml'), 'utf8');
    expect(scaffold).toMatch(/^# bella-agent\.yaml/);

    const again = await runBella(bin, ['agent', '--init'], { cwd: sub, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists: not overwritten \(pass --force/);
    expect(await readFile(join(sub, 'bella-agent.yaml'), 'utf8')).toBe(scaffold);

    const unset = await runBella(bin, ['agent', '--once'], { cwd: sub, env });
    expect(unset.code).toBe(125);
    expect(unset.stderr).toMatch(/environment variable BELLA_PROJECT is not set/);

    const once = await runBella(bin, ['agent', '--once'], { cwd: sub, env: { ...env, BELLA_PROJECT: 'shop', BELLA_ENV: 'prod' } });
    expect(once.code).toBe(0);
    expect(await readFile(join(sub, '.env'), 'utf8')).toBe("DATABASE_URL='postgres://db/shop'\n");
    expect((await runBella(bin, ['agent', '--init', '--force'], { cwd: sub, env })).code).toBe(0);
  });
});
