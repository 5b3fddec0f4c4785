import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBaxterEmulator, EmulatorClock, type BaxterEmulator } from '../../src/testing.js';

const T0 = Date.parse('2026-03-17T17:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The emulator clock drives rotations and leases; these are the three ways to run it. */
describe('emulator clock: frozen, real time, sped up', () => {
  let emulator: BaxterEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('frozen: advance() runs each due timer at its own time, in order, and lands on the target', async () => {
    const clock = new EmulatorClock({ start: T0 });
    const seen: Array<[string, number]> = [];
    clock.at(T0 + 2 * HOUR, () => void seen.push(['b', clock.now()]));
    clock.at(T0 + HOUR, () => {
      seen.push(['a', clock.now()]);
      // A timer scheduled by a timer still runs within the same advance.
      clock.at(T0 + 90 * 60_000, () => void seen.push(['a2', clock.now()]));
    });
    const cancelled = clock.at(T0 + HOUR, () => void seen.push(['never', 0]));
    cancelled();
    await clock.advance(3 * HOUR);
    expect(seen).toEqual([['a', T0 + HOUR], ['a2', T0 + 90 * 60_000], ['b', T0 + 2 * HOUR]]);
    expect(clock.now()).toBe(T0 + 3 * HOUR);
    expect(clock.frozen).toBe(true);
  });

  it('real time: an unref\'d driver runs due timers without anyone advancing, and runDue() never freezes it', async () => {
    const clock = new EmulatorClock();
    const target = clock.now() + 30;
    const firedAt = await new Promise<number>((resolve) => clock.at(target, () => resolve(clock.now())));
    expect(firedAt).toBeGreaterThanOrEqual(target);
    await clock.runDue();
    expect(clock.frozen).toBe(false);
    clock.stop();
  });

  it('sped up: timeScale 360000 makes an emulator hour pass in 10 real milliseconds', async () => {
    emulator = createBaxterEmulator({ timeScale: 360_000, now: T0 });
    const started = performance.now();
    await new Promise<void>((resolve) => emulator!.clock.at(T0 + HOUR, resolve));
    expect(emulator.clock.now()).toBeGreaterThanOrEqual(T0 + HOUR);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(emulator.clock.timeScale).toBe(360_000);
    expect(() => createBaxterEmulator({ timeScale: 0 })).toThrow(TypeError);
  });

  it('sped up: the scheduler rotates a due GenerateRandom policy on its own', async () => {
    emulator = createBaxterEmulator({ timeScale: 8_640_000, now: T0 }); // one emulator day per 10 real ms
    emulator.addEnvironment({ project: 'shop', environment: 'prod', providers: [{ slug: 'vault', secrets: { S: 'old' } }] });
    emulator.setRotationPolicy({ project: 'shop', environment: 'prod', provider: 'vault', key: 'S', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'base64-32' } });
    await vi.waitFor(() => expect(emulator!.rotationLog.some((e) => e.event === 'rotated')).toBe(true), { timeout: 5_000 });
    const value = emulator.store.findEnvironment('shop', 'prod')!.providers.get('vault')!.secrets.get('S');
    expect(value).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const rotatedAt = emulator.rotationLog.find((e) => e.event === 'rotated')!.at.getTime();
    // Found by a tick at or after the due time, with nextRotationAt moved a day on from then.
    expect(rotatedAt).toBeGreaterThanOrEqual(T0 + DAY);
    const policy = emulator.getRotationPolicy({ project: 'shop', environment: 'prod', provider: 'vault', key: 'S' })!;
    expect(policy.nextRotationAt!.getTime() - policy.lastRotatedAt!.getTime()).toBe(DAY);
  });

  it('freeze() stops a running clock and resume() runs it again from the same reading', async () => {
    const clock = new EmulatorClock({ timeScale: 1000, start: T0 });
    clock.freeze();
    const frozenAt = clock.now();
    expect(clock.now()).toBe(frozenAt);
    clock.resume(1);
    expect(clock.frozen).toBe(false);
    expect(clock.now()).toBeGreaterThanOrEqual(frozenAt);
    expect(clock.now() - frozenAt).toBeLessThan(1_000);
    clock.stop();
  });

  it('close() stops the driver and forgets every timer', async () => {
    emulator = createBaxterEmulator();
    emulator.addEnvironment({ project: 'shop', environment: 'prod', providers: [{ slug: 'vault', secrets: { S: 'old' } }] });
    emulator.setRotationPolicy({ project: 'shop', environment: 'prod', provider: 'vault', key: 'S', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'uuid' } });
    expect(emulator.clock.pendingTimers).toBe(1);
    await emulator.close();
    expect(emulator.clock.pendingTimers).toBe(0);
  });
});
