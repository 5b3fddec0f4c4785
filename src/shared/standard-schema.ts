/**
 * The Standard Schema interface (https://standardschema.dev), copied as its
 * authors intend, so `schema` accepts zod, valibot, arktype and others without
 * this package depending on them. A hand-written object of this shape works too.
 *
 * @example
 * ```ts
 * import { createBaxterClient, type StandardSchemaV1 } from '@bella-baxter/sdk';
 *
 * const portSchema: StandardSchemaV1<Record<string, string>, { PORT: number }> = {
 *   '~standard': {
 *     version: 1,
 *     vendor: 'my-app',
 *     validate: (value) => {
 *       const port = Number((value as Record<string, string>).PORT);
 *       return Number.isInteger(port) ? { value: { PORT: port } } : { issues: [{ message: 'PORT must be an integer', path: ['PORT'] }] };
 *     },
 *   },
 * };
 * const client = await createBaxterClient({ schema: portSchema });
 * client.config.PORT; // number
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    /** Validates a value: the output, or the issues. */
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> };

/** The output type of a Standard Schema. */
export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;
