// After finish-types: the ESM declarations re-export the CJS ones instead of repeating them.
//
// tsup writes each entry's declarations twice, X.d.ts (ESM) and X.d.cts (CJS), identical but for
// their relative specifiers (./chunk.js, ./chunk.cjs): ~230 KB of the package twice. An ESM
// declaration file may re-export a CommonJS one (a CJS file may not import an ESM one), so
// X.d.ts becomes `export * from './X.cjs';` (no entry has a default export) and both formats
// see one set of declarations: a value typed from the CJS types is the same type in ESM code.
//
// Only where that is safe: the two files must say the same thing (else the build fails), and
// every package the declarations import must type ESM and CJS with one file (zod/mini does). An
// entry whose types import a package with separate ESM and CJS typings keeps its own ESM file
// (the testing entry: msw's HttpHandler; from the CJS types, an ESM user's setupServer() refuses
// emulator.handlers, TS2345), with its chunk imports pointed at the CJS chunks. ESM declaration
// files that the exports map does not name and no ESM declaration imports any more are deleted.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const dist = join(root, 'dist');
const files = readdirSync(dist, { recursive: true }).map(String);
const esmDeclarations = files.filter((f) => f.endsWith('.d.ts'));
// The specifier of an import or export line (not of the `import` lines in TSDoc examples, which start with ` * `).
const SPECIFIER = /^((?:import|export)\b[^'";\n]*?)(['"])([^'"]+)\2/gm;

/** A relative path or specifier without extension and chunk hash (`./formats-Dwnuvrec.js` -> `./formats`). */
const canonicalPath = (spec) => spec.replace(/\.d\.c?ts$/, '').replace(/\.c?js$/, '').replace(/-[A-Za-z0-9_-]{8}$/, '');
const canonical = (text) => text.replace(SPECIFIER, (m, kw, q, spec) => (spec.startsWith('.') ? `${kw}${q}${canonicalPath(spec)}${q}` : m));

/** The `types` file TypeScript (node16) resolves `target` to under `conditions`, walking them in their written order. */
function typesTarget(target, conditions) {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return undefined;
  for (const [key, value] of Object.entries(target)) {
    if (key === 'types' || conditions.includes(key)) {
      const found = key === 'types' ? value : typesTarget(value, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Whether TypeScript gives `specifier` the same declaration file from ESM and from CJS. */
const require = createRequire(join(root, 'package.json'));
function sameTypesBothWays(specifier) {
  if (specifier.startsWith('node:')) return true;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
  } catch {
    return false;
  }
  const target = manifest.exports?.[`.${specifier.slice(name.length)}`];
  if (target === undefined) return false;
  const esm = typesTarget(target, ['import', 'node', 'default']);
  return esm !== undefined && esm === typesTarget(target, ['require', 'node', 'default']);
}

const bare = (text) => [...text.matchAll(SPECIFIER)].map((m) => m[3]).filter((s) => !s.startsWith('.'));
// Read every file first: the decisions compare the files as tsup wrote them.
const original = new Map(files.filter((f) => /\.d\.c?ts$/.test(f)).map((f) => [f, readFileSync(join(dist, f), 'utf8')]));
const twinOf = (file) => {
  const cjs = file.replace(/\.d\.ts$/, '.d.cts');
  if (original.has(cjs)) return cjs;
  // A chunk: the CJS chunk of the same name (its hash may differ) and the same content.
  return [...original.keys()].find((f) => f.endsWith('.d.cts') && canonicalPath(f) === canonicalPath(file) && canonical(original.get(f)) === canonical(original.get(file)));
};
let shared = 0;
let kept = 0;
for (const file of esmDeclarations) {
  const cjs = twinOf(file);
  if (!cjs) continue;
  const esmText = original.get(file);
  const cjsText = original.get(cjs);
  if (canonical(esmText) !== canonical(cjsText)) throw new Error(`share-types: ${file} and ${cjs} differ; refusing to share them`);
  if (/^export\s+(default\b|=)/m.test(cjsText)) throw new Error(`share-types: ${cjs} has a default export, which export * does not carry`);
  if (bare(cjsText).every(sameTypesBothWays)) {
    writeFileSync(join(dist, file), `export * from './${basename(cjs).replace(/\.d\.cts$/, '.cjs')}';\n`);
    shared++;
    continue;
  }
  // Kept: its chunk imports point at the CJS chunks of the same content.
  const text = esmText.replace(SPECIFIER, (m, kw, q, spec) => {
    if (!spec.startsWith('.')) return m;
    const twin = twinOf(join(dirname(file), spec.replace(/\.js$/, '.d.ts')));
    if (!twin) return m;
    let target = relative(dirname(file), twin).replace(/\.d\.cts$/, '.cjs');
    if (!target.startsWith('.')) target = `./${target}`;
    return `${kw}${q}${target}${q}`;
  });
  writeFileSync(join(dist, file), text);
  kept++;
}

// ESM declarations that neither the exports map names nor another ESM declaration imports any more.
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const needed = new Set(JSON.stringify(manifest.exports).match(/\.\/dist\/[^"]+\.d\.ts/g).map((p) => p.slice('./dist/'.length)));
for (const file of esmDeclarations) {
  for (const spec of [...readFileSync(join(dist, file), 'utf8').matchAll(SPECIFIER)].map((m) => m[3]).filter((s) => s.startsWith('.') && s.endsWith('.js'))) {
    needed.add(join(dirname(file), spec.replace(/\.js$/, '.d.ts')));
  }
}
let removed = 0;
for (const file of esmDeclarations) {
  if (needed.has(file)) continue;
  rmSync(join(dist, file));
  removed++;
}
console.log(`share-types: ${shared} ESM declaration files re-export their CJS twin, ${kept} kept (a dependency types ESM and CJS apart), ${removed} no longer imported removed`);
