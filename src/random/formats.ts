/**
 * The random formats a GenerateRandom rotation policy may name.
 * Kept apart from the generators so schemas and the emulator can validate a
 * `randomFormat` without pulling in the entropy pool.
 */

/**
 * Every format {@link generateRandom} produces, in the order the contract lists them.
 * Frozen at run time too (`as const` alone binds only TypeScript callers).
 *
 * @example
 * ```ts
 * import { RANDOM_FORMATS, generateRandom } from '@bella-baxter/sdk/random';
 * for (const format of RANDOM_FORMATS) console.log(format, generateRandom(format));
 * ```
 */
export const RANDOM_FORMATS = Object.freeze(['uuid', 'hex32', 'base64-32', 'alphanumeric-32'] as const);

/**
 * One of {@link RANDOM_FORMATS}.
 *
 * @example
 * ```ts
 * import type { RandomFormat } from '@bella-baxter/sdk/random';
 * const format: RandomFormat = 'hex32';
 * ```
 */
export type RandomFormat = (typeof RANDOM_FORMATS)[number];

/**
 * Whether `value` names a known random format. Exact match: `'UUID'` or `' hex32'` is not one.
 *
 * @example
 * ```ts
 * import { isRandomFormat } from '@bella-baxter/sdk/random';
 * if (!isRandomFormat(input)) throw new Error(`unsupported format ${input}`);
 * ```
 */
export function isRandomFormat(value: unknown): value is RandomFormat {
  return typeof value === 'string' && (RANDOM_FORMATS as readonly string[]).includes(value);
}

/** The TypeError thrown for a format that is not one of {@link RANDOM_FORMATS}. */
export function unknownFormatError(value: unknown): TypeError {
  // Never String(value): an object's toString may throw, and a long string would flood logs.
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
      : value === null
        ? 'null'
        : typeof value;
  return new TypeError(
    `@bella-baxter/sdk: unknown random format ${shown}; expected one of: ${RANDOM_FORMATS.join(', ')}`,
  );
}
