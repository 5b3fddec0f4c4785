/**
 * The wire contracts of rotation-function and custom-provider calls,
 * as zod schemas with their inferred types.
 *
 * `zod/mini` keeps the handler's bundle small (its functional API tree-shakes),
 * and every top-level call is marked pure so a bundle importing only the
 * signature helpers drops these schemas entirely. Objects strip unknown keys
 * rather than reject them, so a newer Bella adding a field breaks nobody.
 */
import * as z from 'zod/mini';

const text = /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1));
/** A provider path may be empty (the provider's root). */
const pathText = /* @__PURE__ */ z.string();

// Fields are spelled out in each object, not spread from a shared one: a
// spread counts as a side effect to bundlers and would keep every schema (and
// zod) in bundles that only verify signatures.

/**
 * Bella asks your function to create a new value for a secret.
 * @example
 * ```ts
 * const req = BellaRotateRequest.parse(JSON.parse(rawBody)); // { action: 'rotate', secretKey, projectSlug, environmentSlug, requestId }
 * ```
 */
export const BellaRotateRequest = /* @__PURE__ */ z.object({
  action: /* @__PURE__ */ z.literal('rotate'),
  /** The secret's key, e.g. `STRIPE_SECRET_KEY`. */
  secretKey: text,
  projectSlug: text,
  environmentSlug: text,
  /** Unique per logical call; Bella's retries repeat it. The idempotency key. */
  requestId: text,
});
/** @see {@link BellaRotateRequest} @example `const req: BellaRotateRequest = { action: 'rotate', secretKey: 'K', projectSlug: 'p', environmentSlug: 'e', requestId: 'r' };` */
export type BellaRotateRequest = z.infer<typeof BellaRotateRequest>;

/**
 * Bella asks your function to revoke the value identified by `oldHandle`: the
 * `newHandle` an earlier `rotate` returned, once that value has been replaced.
 * It comes after the NEXT rotation, plus `revokePreviousAfterDays` (0 = at once),
 * never for the value Bella is serving now.
 * @example
 * ```ts
 * const req = BellaRevokeRequest.parse(JSON.parse(rawBody)); // { action: 'revoke', ..., oldHandle }
 * ```
 */
export const BellaRevokeRequest = /* @__PURE__ */ z.object({
  action: /* @__PURE__ */ z.literal('revoke'),
  secretKey: text,
  projectSlug: text,
  environmentSlug: text,
  requestId: text,
  /** The `newHandle` an earlier rotate returned: the provider's id of the replaced value to revoke. */
  oldHandle: text,
});
/** @see {@link BellaRevokeRequest} @example `if (req.action === 'revoke') await provider.deleteKey(req.oldHandle);` */
export type BellaRevokeRequest = z.infer<typeof BellaRevokeRequest>;

/**
 * Any call Bella makes to a rotation function, discriminated on `action`.
 * @example
 * ```ts
 * const result = BellaRotationRequest.safeParse(JSON.parse(rawBody));
 * if (result.success && result.data.action === 'revoke') console.log(result.data.oldHandle);
 * ```
 */
export const BellaRotationRequest = /* @__PURE__ */ z.discriminatedUnion('action', [BellaRotateRequest, BellaRevokeRequest]);
/** @see {@link BellaRotationRequest} @example `function route(req: BellaRotationRequest) { return req.action; }` */
export type BellaRotationRequest = z.infer<typeof BellaRotationRequest>;

/**
 * What a rotation function answers to `rotate`. `newHandle` names the NEW value:
 * when a later rotation replaces it, Bella calls `revoke` with it as `oldHandle`
 * (`revokePreviousAfterDays` after that rotation); without it (or `null`), that
 * value is never revoked.
 * @example
 * ```ts
 * const answer: BellaRotateResponse = { newValue: 'sk_live_new', newHandle: 'key_123' };
 * ```
 */
export const BellaRotateResponse = /* @__PURE__ */ z.object({
  newValue: text,
  newHandle: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(text)),
});
/** @see {@link BellaRotateResponse} @example `return { newValue: key.secret, newHandle: key.id } satisfies BellaRotateResponse;` */
export type BellaRotateResponse = z.infer<typeof BellaRotateResponse>;

/**
 * What a rotation function answers to `revoke`.
 * @example
 * ```ts
 * const answer: BellaRevokeResponse = { success: true };
 * ```
 */
export const BellaRevokeResponse = /* @__PURE__ */ z.object({ success: /* @__PURE__ */ z.literal(true) });
/** @see {@link BellaRevokeResponse} @example `return { success: true } satisfies BellaRevokeResponse;` */
export type BellaRevokeResponse = z.infer<typeof BellaRevokeResponse>;

/**
 * The body of any non-2xx answer from a rotation function or custom provider.
 * @example
 * ```ts
 * const answer = Response.json({ error: 'Provider unavailable' } satisfies BellaRotationErrorResponse, { status: 503 });
 * ```
 */
export const BellaRotationErrorResponse = /* @__PURE__ */ z.object({ error: /* @__PURE__ */ z.string() });
/** @see {@link BellaRotationErrorResponse} @example `const body: BellaRotationErrorResponse = { error: 'Rotation failed' };` */
export type BellaRotationErrorResponse = z.infer<typeof BellaRotationErrorResponse>;

/**
 * A call from Bella to a custom HTTP secret provider, discriminated on
 * `action`: `list` the secrets under `path`, `get` / `delete` one `key`,
 * `set` one `key` to `value`. Signed like every Bella call (`X-Bella-Signature`).
 * @example
 * ```ts
 * const req = BellaProviderRequest.parse(JSON.parse(rawBody));
 * if (req.action === 'set') await vault.write(req.path, req.key, req.value);
 * ```
 */
export const BellaProviderRequest = /* @__PURE__ */ z.discriminatedUnion('action', [
  /* @__PURE__ */ z.object({ action: /* @__PURE__ */ z.literal('list'), path: pathText, requestId: text }),
  /* @__PURE__ */ z.object({ action: /* @__PURE__ */ z.literal('get'), path: pathText, requestId: text, key: text }),
  /* @__PURE__ */ z.object({ action: /* @__PURE__ */ z.literal('set'), path: pathText, requestId: text, key: text, value: /* @__PURE__ */ z.string() }),
  /* @__PURE__ */ z.object({ action: /* @__PURE__ */ z.literal('delete'), path: pathText, requestId: text, key: text }),
]);
/** @see {@link BellaProviderRequest} @example `function handle(req: BellaProviderRequest) { if (req.action === 'get') return store.get(req.key); }` */
export type BellaProviderRequest = z.infer<typeof BellaProviderRequest>;

/**
 * A custom provider's answer to `list`: every secret under the path, key to value.
 * @example
 * ```ts
 * const answer: BellaProviderListResponse = { secrets: { DB_URL: 'postgres://...' } };
 * ```
 */
export const BellaProviderListResponse = /* @__PURE__ */ z.object({
  secrets: /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.string()),
});
/** @see {@link BellaProviderListResponse} @example `return { secrets: Object.fromEntries(rows) } satisfies BellaProviderListResponse;` */
export type BellaProviderListResponse = z.infer<typeof BellaProviderListResponse>;

/**
 * A custom provider's answer to `get` (a missing key answers 404 with `{error}`).
 * @example
 * ```ts
 * const answer: BellaProviderGetResponse = { key: 'DB_URL', value: 'postgres://...' };
 * ```
 */
export const BellaProviderGetResponse = /* @__PURE__ */ z.object({ key: text, value: /* @__PURE__ */ z.string() });
/** @see {@link BellaProviderGetResponse} @example `return { key: req.key, value } satisfies BellaProviderGetResponse;` */
export type BellaProviderGetResponse = z.infer<typeof BellaProviderGetResponse>;

/**
 * A custom provider's answer to `set` and `delete`.
 * @example
 * ```ts
 * const answer: BellaProviderWriteResponse = { success: true };
 * ```
 */
export const BellaProviderWriteResponse = /* @__PURE__ */ z.object({ success: /* @__PURE__ */ z.literal(true) });
/** @see {@link BellaProviderWriteResponse} @example `return { success: true } satisfies BellaProviderWriteResponse;` */
export type BellaProviderWriteResponse = z.infer<typeof BellaProviderWriteResponse>;

/**
 * Field paths and problems of a failed parse, without any input value (it may be a secret).
 * @internal
 */
export function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}
