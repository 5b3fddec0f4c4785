import type { LeaseBook } from '../leases.js';
import { json, problem } from '../problem.js';
import { readJson, type RouteTable } from '../route-context.js';
import { respondMaybeEncrypted } from './respond.js';
import { providerOf } from './secrets.js';

/** Section 7 of the contract: dynamic database credentials, each lease expiring on the emulator clock. */
export function credentialRoutes(leases: LeaseBook): RouteTable {
  return {
    credentialsRoles: {
      GET: (ctx) => {
        const found = providerOf(ctx);
        if (found instanceof Response) return found;
        return json(found.provider.roles);
      },
    },
    credentialsGenerate: {
      POST: (ctx) => {
        const found = providerOf(ctx);
        if (found instanceof Response) return found;
        const body = readJson(ctx);
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          return problem(400, 'Invalid request', 'The body must be a JSON object {role, ttlSeconds}.');
        }
        const { role, ttlSeconds } = body as { role?: unknown; ttlSeconds?: unknown };
        if (role !== undefined && role !== null && (typeof role !== 'string' || role === '')) {
          return problem(400, 'Invalid role', 'role must be a role name or null (the provider default).');
        }
        if (ttlSeconds !== undefined && ttlSeconds !== null && !(Number.isInteger(ttlSeconds) && (ttlSeconds as number) > 0)) {
          return problem(400, 'Invalid ttlSeconds', 'ttlSeconds must be a positive integer or null (the provider default).');
        }
        const roles = found.provider.roles;
        if (roles.length === 0) return problem(400, 'No credential roles', `Provider "${found.provider.slug}" issues no dynamic credentials.`);
        const chosen = typeof role === 'string' ? role : roles[0]!;
        if (!roles.includes(chosen)) {
          return problem(400, 'Unknown role', `Provider "${found.provider.slug}" has no role "${chosen.slice(0, 64)}"; roles: ${roles.join(', ')}.`);
        }
        const lease = leases.issue({
          project: ctx.params.project!,
          environment: ctx.params.environment!,
          provider: found.provider.slug,
          role: chosen,
          ttlSeconds: (ttlSeconds as number | null | undefined) ?? null,
        });
        // Credentials are secrets: end-to-end encrypted when the client offers a key.
        return respondMaybeEncrypted(ctx, {
          username: lease.username,
          password: lease.password,
          expiresAt: lease.expiresAt.toISOString(),
          leaseDurationSeconds: lease.leaseDurationSeconds,
          leaseId: lease.leaseId,
          connectionUrl: lease.connectionUrl,
        });
      },
    },
  };
}
