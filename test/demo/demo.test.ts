import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');

/** Runs `npm run demo` (build included) as a user would, collecting its output and exit code. */
function runDemo(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'demo'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

describe('npm run demo', () => {
  it('narrates every step against the embedded emulator and exits 0', { timeout: 120_000 }, async () => {
    const { code, out } = await runDemo();
    expect(out).toMatch(/Bella Baxter emulator on http:\/\/127\.0\.0\.1:\d+/);
    // It says where its code is, and what the words it prints mean.
    expect(out).toMatch(/The code of this demo is examples\/demo\/demo\.mjs/);
    expect(out).toMatch(/304 is "Not Modified"/);
    expect(out).toMatch(/A "handle" is the id the rotation function returns/);
    expect(out).toMatch(/The "grace period" \(revokePreviousAfterDays\)/);
    // 1. hash-only polls every second
    expect(out).toMatch(/poll 1: GET …\/secrets\/hash → 304 \(0 bytes\)/);
    expect(out).toMatch(/poll 3: GET …\/secrets\/hash → 304/);
    // 2. GenerateRandom rotation picked up within one interval (1 s, +10% jitter)
    const change = /change event after (\d+) ms: changed=\[SESSION_SECRET\]/.exec(out);
    expect(change).not.toBeNull();
    expect(Number(change![1])).toBeLessThanOrEqual(1_500);
    expect(out).toMatch(/secrets requests since step 1: (envSecretsHash:304, )+envSecretsHash:200, envSecrets:200/);
    // 3. HttpWebhook rotation through a real rotation function, then revoke of the old handle after the grace
    expect(out).toMatch(/rotation #2: POST …\/rotate → 202; status 🔵 Rotating…/);
    expect(out).toMatch(/status ⏳ Pending revocation \(revocation due/);
    expect(out).toMatch(/rotation function: revoke\(key_2\)/);
    expect(out).toMatch(/status ✅ Up to date; key API: key_1=active, key_2=revoked, key_3=active/);
    // 4. one failure: Error, backoff retry, success, old value kept meanwhile
    expect(out).toMatch(/status 🔴 Error \(Rotation failed: .*503/);
    expect(out).toMatch(/meanwhile the service still serves the old key: yes/);
    expect(out).toMatch(/retry succeeded; status ⏳ Pending revocation/);
    // 5. dynamic credentials, masked, renewed before expiry
    expect(out).toMatch(/DB_PASSWORD: '\[REDACTED\]'/);
    expect(out).toMatch(/DATABASE_URL: 'postgresql:\/\/v-app-[0-9a-f]+:\*\*\*@/);
    expect(out).toMatch(/renewed before expiry: v-app-\w+ → v-app-\w+/);
    // No secret value is printed in full: only 4-character peeks and masked fields.
    expect(out).not.toMatch(/sk_live_key_\d+_[0-9a-f]{32}/);
    const seconds = Number(/Done in ([\d.]+) s/.exec(out)?.[1]);
    expect(seconds).toBeLessThan(30);
    expect(code).toBe(0);
  });

  it('does not rebuild when dist/ is up to date with src/ (the run above built it if needed)', { timeout: 30_000 }, async () => {
    const started = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', () => resolve(text));
    });
    expect(out).toMatch(/dist\/ is up to date with src\//);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
