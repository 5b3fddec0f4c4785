/** zod/mini schema of `GET .../providers` (wire contract §3), written from the OpenAPI extract. */
import * as z from 'zod/mini';
import { lazy } from '../shared/lazy.js';

export const environmentProviderSchema = lazy(() =>
  z.object({
  id: z.string(),
  providerId: z.string(),
  providerSlug: z.string(),
  providerName: z.string(),
  providerDescription: z.optional(z.nullable(z.string())),
  providerType: z.string(),
  region: z.optional(z.nullable(z.string())),
  assignedAt: z.string(),
}),
);
export const environmentProvidersSchema = lazy(() =>
  z.array(environmentProviderSchema()),
);

/**
 * A provider assigned to the client's environment, as `GET .../providers`
 * answers (the real server's `EnvironmentProviderResponse`): `providerSlug` is
 * what `provider` options take; `assignedAt` is ISO-8601.
 *
 * @example
 * ```ts
 * import type { EnvironmentProviderResponse } from '@bella-baxter/sdk';
 *
 * const providers: EnvironmentProviderResponse[] = await client.listProviders();
 * const databases = providers.filter((p) => p.providerType === 'VaultDatabase').map((p) => p.providerSlug);
 * ```
 */
export type EnvironmentProviderResponse = z.output<ReturnType<typeof environmentProviderSchema>>;
