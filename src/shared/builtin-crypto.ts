/**
 * `node:crypto` where the runtime has it (Node >= 20.16, Bun, Deno), reached through
 * `process.getBuiltinModule`: a plain call, not an `import`, so bundles for browsers and workers
 * see no Node built-in. Undefined where it is missing (Workers, browsers, edge runtimes) or the
 * lookup throws. Typed as the members a caller uses (`T`), which the caller checks before use.
 * @internal
 */
export function builtinCrypto<T>(): Partial<T> | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    return proc?.getBuiltinModule?.('node:crypto') as Partial<T> | undefined;
  } catch {
    return undefined;
  }
}
