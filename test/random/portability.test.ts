import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The random entry must run on Workers, Deno, Bun and browsers: bundle it for a
// neutral platform and check that nothing outside src/random is pulled in and no
// module (node:crypto, undici, ...) is left to resolve at run time.
describe('@bella-baxter/sdk/random portability', () => {
  it('imports no Node built-in and no dependency', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/random.ts', import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'neutral',
      format: 'esm',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => !/^src\/random(\.ts|\/[\w-]+\.ts)$/.test(p))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((imp) => imp.external));
    expect(imports).toEqual([]);
  });
});
