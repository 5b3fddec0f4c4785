import { BaxterValidationError } from '../errors/validation-error.js';
import type { StandardSchemaV1 } from '../shared/standard-schema.js';

/**
 * Runs the client's schema over a set of secrets. On failure, a
 * {@link BaxterValidationError} names the failing keys. Issue messages are left
 * out on purpose: a custom message may quote the value.
 */
export async function validateSecrets(schema: StandardSchemaV1, values: Readonly<Record<string, string>>): Promise<unknown> {
  const result = await schema['~standard'].validate({ ...values });
  if (!result.issues) return result.value;
  const keys = [
    ...new Set(
      result.issues.map((issue) => {
        const first = issue.path?.[0];
        return String(typeof first === 'object' && first !== null ? first.key : (first ?? '(root)'));
      }),
    ),
  ];
  throw new BaxterValidationError(
    `Secrets failed the client's schema for keys: ${keys.join(', ')}. Fix these secrets in Bella Baxter; the previous values stay in use.`,
    keys,
  );
}
