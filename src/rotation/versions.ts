import type { SecretVersionsWire } from '../api/rotation-schemas.js';

/**
 * One stored version of a secret (metadata only: no value).
 *
 * @example
 * ```ts
 * import type { SecretVersion } from '@bella-baxter/sdk';
 * const live = (v: SecretVersion) => v.deletedAt === null && !v.isDestroyed;
 * ```
 */
export interface SecretVersion {
  readonly version: number;
  readonly createdAt: Date | null;
  readonly deletedAt: Date | null;
  readonly isDestroyed: boolean;
  readonly isCurrent: boolean;
}

/**
 * The versions of a secret, from `client.rotation.versions()`: `currentVersion`
 * goes up with every stored value (a rotation included); `null` when the
 * secret has none live (deleted).
 *
 * @example
 * ```ts
 * const before = (await client.rotation.versions({ provider: 'vault', key: 'STRIPE_KEY' })).currentVersion;
 * await client.rotation.rotate({ provider: 'vault', key: 'STRIPE_KEY' });
 * await client.rotation.waitForRotation({ provider: 'vault', key: 'STRIPE_KEY', sinceVersion: before ?? 0 });
 * ```
 */
export interface SecretVersions {
  readonly currentVersion: number | null;
  readonly oldestVersion: number | null;
  readonly maxVersions: number | null;
  readonly versions: readonly SecretVersion[];
}

const date = (v: string | null | undefined) => {
  const t = v ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? new Date(t) : null;
};

/** @internal */
export function secretVersions(wire: SecretVersionsWire): SecretVersions {
  return Object.freeze({
    currentVersion: wire.currentVersion ?? null,
    oldestVersion: wire.oldestVersion ?? null,
    maxVersions: wire.maxVersions ?? null,
    versions: Object.freeze(
      wire.versions.map((v) =>
        Object.freeze({
          version: v.version,
          createdAt: date(v.createdAt),
          deletedAt: date(v.deletedAt),
          isDestroyed: v.isDestroyed ?? false,
          isCurrent: v.isCurrent ?? false,
        }),
      ),
    ),
  });
}
