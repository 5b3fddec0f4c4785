import { describe, expect, it } from 'vitest';
import { parseFlags, splitAtCommand, UsageError } from '../../src/cli/args.js';
import { buildChildEnv, isReservedEnvName, sameEnv } from '../../src/cli/process/child-env.js';
import { reachedChildFromTerminal, validateSignalName } from '../../src/cli/process/signals.js';
import { unknownCommandMessage } from '../../src/cli/main.js';

const OPTIONS = { watch: { type: 'boolean' }, 'poll-interval': { type: 'string' }, project: { type: 'string', short: 'p' } } as const;

describe('bella argv', () => {
  it('splits at --, or at the first word that is not a flag, leaving the program its own flags', () => {
    expect(splitAtCommand(['--watch', '-p', 'shop', '--', 'node', '--inspect'], OPTIONS)).toEqual({ own: ['--watch', '-p', 'shop'], command: ['node', '--inspect'] });
    expect(splitAtCommand(['--poll-interval', '5', 'node', 'server.js', '--watch'], OPTIONS)).toEqual({ own: ['--poll-interval', '5'], command: ['node', 'server.js', '--watch'] });
  });

  it('an unknown flag is a usage error suggesting the closest one', () => {
    expect(() => parseFlags(['--poll-intervall', '3'], OPTIONS, false)).toThrow(new UsageError('unknown option --poll-intervall. Did you mean --poll-interval?'));
  });

  it('an unknown command suggests the closest; a product-CLI command says what this bella covers', () => {
    expect(unknownCommandMessage('exce')).toMatch(/Did you mean 'exec'\?/);
    expect(unknownCommandMessage('login')).toMatch(/covers run, agent, exec and secrets rotate/);
    expect(unknownCommandMessage('projects')).toMatch(/bella-baxter-cli/);
  });

  it('signal names are exact: sigterm and TERM are refused naming SIGTERM', () => {
    expect(validateSignalName('SIGHUP', '--signal')).toBe('SIGHUP');
    expect(() => validateSignalName('sigterm', '--stop-signal')).toThrow(/use SIGTERM/);
    expect(() => validateSignalName('TERM', '--stop-signal')).toThrow(/use SIGTERM/);
    expect(() => validateSignalName('SIGNOPE', '--stop-signal')).toThrow(/not a signal name/);
  });
});

describe('the terminal Ctrl+C rule', () => {
  it('a SIGINT or SIGQUIT from the terminal already reached a child in the foreground group: not sent twice', () => {
    expect(reachedChildFromTerminal('SIGINT', false, true)).toBe(true);
    expect(reachedChildFromTerminal('SIGQUIT', false, true)).toBe(true);
    // Its own group (--watch), no terminal, or another signal: bella passes it on.
    expect(reachedChildFromTerminal('SIGINT', true, true)).toBe(false);
    expect(reachedChildFromTerminal('SIGINT', false, false)).toBe(false);
    expect(reachedChildFromTerminal('SIGTERM', false, true)).toBe(false);
  });
});

describe('child environment', () => {
  it('withholds reserved names case-insensitively (PATH, NODE_OPTIONS, LD_*, DYLD_*, BASH_FUNC_*) and lets secrets win', () => {
    for (const name of ['PATH', 'path', 'PathExt', 'NODE_OPTIONS', 'NODE_PATH', 'LD_PRELOAD', 'dyld_insert_libraries', 'BASH_FUNC_x%%']) expect(isReservedEnvName(name)).toBe(true);
    expect(isReservedEnvName('NODE_ENV')).toBe(false);
    const built = buildChildEnv({ inherited: { PATH: '/usr/bin', A: 'old' }, injected: { A: 'new', Path: '/evil', LD_PRELOAD: 'x.so' } });
    expect(built).toEqual({ env: { PATH: '/usr/bin', A: 'new' }, withheld: ['LD_PRELOAD', 'Path'], preserved: [] });
    expect(sameEnv(built.env, { A: 'new', PATH: '/usr/bin' })).toBe(true);
    expect(sameEnv(built.env, { A: 'new' })).toBe(false);
  });
});
