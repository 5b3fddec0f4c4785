import { checkPolicyBody, type RotationEngine, type SecretAddress } from '../rotation-engine.js';
import { json, problem } from '../problem.js';
import { readJson, type RouteContext, type RouteTable } from '../route-context.js';
import { providerOf } from './secrets.js';

/** The secret a rotation route is about, or the 404 to answer. */
function secretOf(ctx: RouteContext): SecretAddress | Response {
  const found = providerOf(ctx);
  if (found instanceof Response) return found;
  const key = ctx.params.key!;
  if (!found.provider.secrets.has(key)) return problem(404, 'Secret not found', `No secret "${key}" in provider "${found.provider.slug}".`);
  return { project: ctx.params.project!, environment: ctx.params.environment!, provider: found.provider.slug, key };
}

const noPolicy = (key: string) => problem(404, 'Rotation policy not found', `Secret "${key}" has no rotation policy.`);
/** How many versions of a secret the emulator shows (a KV v2 engine's `max_versions`). */
const MAX_VERSIONS = 10;
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Section 6 of the contract: rotation policies, manual rotation, signing secrets. */
export function rotationRoutes(engine: RotationEngine): RouteTable {
  return {
    rotationPolicy: {
      PUT: (ctx) => {
        const address = secretOf(ctx);
        if (address instanceof Response) return address;
        const checked = checkPolicyBody(readJson(ctx));
        if (!checked.ok) return problem(400, 'Invalid rotation policy', checked.detail);
        const minted = engine.setPolicy(address, checked.config);
        return json({
          success: true,
          message: `Rotation policy for ${address.key} saved.`,
          signingSecret: minted.signingSecret,
          signingSecretKeyPrefix: minted.signingSecretKeyPrefix,
        });
      },
      // The real server's RotationPolicyInfo: no secret field, not even masked. `lastError`,
      // `lastErrorAt` and `revocationDueAt` are the emulator's documented extras (null when not set).
      GET: (ctx) => {
        const address = secretOf(ctx);
        if (address instanceof Response) return address;
        const p = engine.getPolicy(address);
        if (!p) return noPolicy(address.key);
        return json({
          enabled: p.enabled,
          intervalDays: p.intervalDays,
          strategy: p.strategy,
          endpoint: p.endpoint,
          apiKeyHeader: p.apiKeyHeader,
          randomFormat: p.randomFormat,
          revokePreviousAfterDays: p.revokePreviousAfterDays,
          signingSecretKeyPrefix: p.signingSecretKeyPrefix,
          lastRotatedAt: iso(p.lastRotatedAt),
          nextRotationAt: iso(p.nextRotationAt),
          rotationStatus: p.status,
          isOverdue: p.enabled && p.nextRotationAt !== null && p.nextRotationAt.getTime() <= ctx.clock.now(),
          lastError: p.lastError,
          lastErrorAt: iso(p.lastErrorAt),
          revocationDueAt: iso(p.revocationDueAt),
        });
      },
    },
    rotate: {
      POST: (ctx) => {
        const address = secretOf(ctx);
        if (address instanceof Response) return address;
        const { outcome } = engine.trigger(address);
        if (outcome === 'no-policy') return noPolicy(address.key);
        if (outcome === 'disabled') return problem(400, 'Rotation policy disabled', `The rotation policy of "${address.key}" is disabled; enable it to rotate.`);
        const message = outcome === 'already-rotating' ? `A rotation of ${address.key} is already in progress.` : `Rotation of ${address.key} started.`;
        return json({ success: true, message, data: { key: address.key, status: 'Rotating' } }, 202);
      },
    },
    secretVersions: {
      GET: (ctx) => {
        const found = providerOf(ctx);
        if (found instanceof Response) return found;
        const { provider } = found;
        if (/database/i.test(provider.type)) {
          return problem(501, 'Versioning not supported', `Provider "${provider.slug}" (${provider.type}) does not keep secret versions.`);
        }
        const key = ctx.params.key!;
        const history = provider.versions.get(key);
        if (!history || history.length === 0) return problem(404, 'Secret not found', `No secret "${key}" in provider "${provider.slug}".`);
        const current = provider.secrets.has(key) ? history.at(-1)!.version : null;
        const kept = history.slice(-MAX_VERSIONS);
        return json({
          currentVersion: current,
          oldestVersion: kept[0]!.version,
          maxVersions: MAX_VERSIONS,
          versions: kept.map((v) => ({
            version: v.version,
            createdAt: v.createdAt.toISOString(),
            deletedAt: iso(v.deletedAt),
            isDestroyed: false,
            isCurrent: v.version === current,
          })),
        });
      },
    },
    rotateSigningSecret: {
      POST: (ctx) => {
        const address = secretOf(ctx);
        if (address instanceof Response) return address;
        const result = engine.rotateSigningSecret(address);
        if (result === 'no-policy') return noPolicy(address.key);
        if (result === 'not-webhook') return problem(400, 'No signing secret', 'Only HttpWebhook policies have a signing secret.');
        return json({
          success: true,
          message: 'Signing secret rotated: calls are signed with the new one from now on; accept both in your function while you change over.',
          newSigningSecret: result.secret,
          newSigningSecretKeyPrefix: result.prefix,
        });
      },
    },
  };
}
