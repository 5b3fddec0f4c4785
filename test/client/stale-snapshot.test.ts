import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { ChangeSource, type FetchedSecrets } from '../../src/client/change-source.js';
import { createBaxterClient } from '../../src/index.js';
import { startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('memory of rotated-away secrets', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('keeps only what is served: the first fetched set is released once a rotation replaced it', async () => {
    h = await startEmulator('msw');
    const REF = { project: 'shop', environment: 'prod' };
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { DB_PASSWORD: 'first-value' } });
    const check = ChangeSource.prototype.check;
    let first: WeakRef<FetchedSecrets> | undefined;
    // Patched by hand: a vi.spyOn mock would itself keep every result it returned.
    ChangeSource.prototype.check = async function (this: ChangeSource, signal: AbortSignal) {
      const fetched = await check.call(this, signal);
      if (fetched && !first) first = new WeakRef(fetched);
      return fetched;
    };
    onTestFinished(() => {
      ChangeSource.prototype.check = check;
    });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    h.emulator.setSecret({ ...REF, key: 'DB_PASSWORD', value: 'rotated-value' });
    expect(await client.refresh()).toBe(true);
    expect(client.get('DB_PASSWORD')).toBe('rotated-value');
    for (let i = 0; i < 5 && first?.deref(); i++) {
      await turn();
      gc();
    }
    expect(first).toBeDefined();
    expect(first!.deref()).toBeUndefined();
    await client.close();
  });
});
