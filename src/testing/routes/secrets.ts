import { json, problem } from '../problem.js';
import type { RouteContext, RouteTable } from '../route-context.js';
import type { SecretsDigest } from '../secret-digests.js';
import type { EnvironmentState, ProviderState } from '../store.js';
import { respondMaybeEncrypted } from './respond.js';

export function environmentOf(ctx: RouteContext): EnvironmentState | Response {
  const env = ctx.store.findEnvironment(ctx.params.project!, ctx.params.environment!);
  return env ?? problem(404, 'Environment not found', `No environment "${ctx.params.environment}" in project "${ctx.params.project}".`);
}

export function providerOf(ctx: RouteContext): { env: EnvironmentState; provider: ProviderState } | Response {
  const env = environmentOf(ctx);
  if (env instanceof Response) return env;
  const provider = env.providers.get(ctx.params.provider!);
  return provider ? { env, provider } : problem(404, 'Provider not found', `No provider "${ctx.params.provider}" in this environment.`);
}

/** A hash answer with ETag, or 304 when `If-None-Match` already names it. */
function hashAnswer(ctx: RouteContext, { hash, secretCount }: SecretsDigest): Response {
  const etag = `"${hash}"`;
  const inm = ctx.request.headers.get('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers: { ETag: etag } });
  }
  return json({ hash, secretCount, computedAt: ctx.clock.date().toISOString() }, 200, { ETag: etag });
}

/** Where `/secrets/version` counts from with `versionUnits: 'distinct'`. */
const DISTINCT_VERSION_BASE = 1_000_000;

/** Sections 3 and 4 of the contract: secrets, hashes, versions, providers. */
export const secretRoutes: RouteTable = {
  envSecrets: {
    GET: (ctx) => {
      const env = environmentOf(ctx);
      if (env instanceof Response) return env;
      return respondMaybeEncrypted(ctx, {
        environmentSlug: env.slug,
        environmentName: env.name,
        secrets: ctx.store.mergedSecrets(env),
        version: env.version,
        lastModified: env.lastModified.toISOString(),
      }, { env });
    },
  },
  envSecretsHash: {
    GET: (ctx) => {
      if (!ctx.features.environmentHashEndpoint) return problem(404, 'Not Found');
      const env = environmentOf(ctx);
      if (env instanceof Response) return env;
      return hashAnswer(ctx, ctx.store.digests.environment(env));
    },
  },
  envSecretsVersion: {
    GET: (ctx) => {
      const env = environmentOf(ctx);
      if (env instanceof Response) return env;
      const version = ctx.features.versionUnits === 'distinct' ? DISTINCT_VERSION_BASE + env.version : env.version;
      return json({ environmentSlug: env.slug, version, lastModified: env.lastModified.toISOString() });
    },
  },
  providers: {
    GET: (ctx) => {
      const env = environmentOf(ctx);
      if (env instanceof Response) return env;
      return json(
        [...env.providers.values()].map((p) => ({
          id: `assign-${p.slug}`,
          providerId: `provider-${p.slug}`,
          providerSlug: p.slug,
          providerName: p.name,
          providerDescription: null,
          providerType: p.type,
          region: null,
          assignedAt: env.lastModified.toISOString(),
        })),
      );
    },
  },
  providerSecrets: {
    GET: (ctx) => {
      const found = providerOf(ctx);
      if (found instanceof Response) return found;
      // Like the real server: provider-level secrets always travel end-to-end encrypted.
      return respondMaybeEncrypted(ctx, [...found.provider.secrets].map(([key, value]) => ({ key, value })), { required: true, env: found.env });
    },
  },
  providerSecretsHash: {
    GET: (ctx) => {
      const found = providerOf(ctx);
      if (found instanceof Response) return found;
      return hashAnswer(ctx, ctx.store.digests.provider(found.env, found.provider));
    },
  },
};
