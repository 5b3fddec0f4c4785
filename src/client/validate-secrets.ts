import { BaxterValidationError } from '../errors/validation-error.js';
import type { StandardResult, StandardSchemaV1 } from '../shared/standard-schema.js';

/**
 * Runs the client's schema over a set of secrets. On failure, a
 * {@link BaxterValidationError} names the failing keys. Issue messages are left
 * out on purpose: a custom message may quote the value.
 */
export async function validateSecrets(schema: StandardSchemaV1, values: Readonly<Record<string, string>>): Promise<unknown> {
  let result: StandardResult<unknown>;
  try {
    result = await schema['~standard'].validate({ ...values });
  } catch (error) {
    // A transform or refine that throws (JSON.parse of a secret, say) is not an issue list, and its
    // message often quotes the value: keep only the error's name, and no cause.
    const kind = error instanceof Error ? error.name : typeof error;
    throw new BaxterValidationError(
      `The client's schema threw (${kind}) instead of reporting issues while validating the secrets; its message is withheld because it may quote a value. Fix the transform or refine that throws; the previous values stay in use.`,
      [],
    );
  }
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
