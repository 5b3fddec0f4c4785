import { fork } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSink } from '../../src/cli/sinks/write-sink.js';

const READER = fileURLToPath(new URL('../fixtures/file-reader.mjs', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bella-sinks-atomic-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const version = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(100_000 + (n % 7) * 1000) });

describe('sink writes', () => {
  it('a reader looping in another process during 200 rewrites never sees a partial file', async () => {
    const file = join(dir, 'secrets.json');
    await writeSink(file, version(0), 0o600);
    const reader = fork(READER, [file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise((resolve) => reader.once('message', resolve));
    for (let n = 1; n <= 200; n++) expect(await writeSink(file, version(n), 0o600)).toBe('written');
    const result = await new Promise<{ reads: number; bad: number; versions: number }>((resolve) => {
      reader.once('message', (message) => resolve(message as never));
      reader.send('stop');
    });
    expect(result.bad).toBe(0);
    expect(result.reads).toBeGreaterThan(200);
    expect(result.versions).toBeGreaterThan(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('unchanged content is not rewritten (mtime kept); a wrong mode alone is corrected in place', async () => {
    const file = join(dir, 'same.env');
    await writeSink(file, 'A=1\n', 0o600);
    const before = (await stat(file)).mtimeMs;
    expect(await writeSink(file, 'A=1\n', 0o600)).toBe('unchanged');
    expect(await writeSink(file, 'A=1\n', 0o640)).toBe('mode-fixed');
    const after = await stat(file);
    expect(after.mtimeMs).toBe(before);
    expect(after.mode & 0o777).toBe(0o640);
  });
});
