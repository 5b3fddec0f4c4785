/**
 * A value built on first use, the same one after. Module-level zod schemas are built when the
 * module loads: a few milliseconds of a cold start for answers most processes never read (rotation,
 * credentials, providers), so the schemas of the root entry are built when first needed.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
