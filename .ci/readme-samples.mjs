// Typechecks every ```ts block of README.md, and every TSDoc @example of the published declarations,
// against the PACKED package, in a scratch consumer as strict as users' projects get: strict,
// noUncheckedIndexedAccess, exactOptionalPropertyTypes, a Node-only lib (no DOM), NodeNext modules.
// Also checks that types from the ESM (.d.ts) and CJS (.d.cts) declarations mix in one project.
//
//   node .ci/readme-samples.mjs                 (after `npm run build`; CI runs it from .ci/run)
//   node .ci/readme-samples.mjs --readme-only   (README blocks only)
//
// A failure names the line to fix, e.g. `README.md:412:7 error TS2345: ...` or
// `src/webhooks/signature.ts:62:39 error TS2304: ...` (the source line of a TSDoc example).
// Fragments may use the names declared in .ci/readme-samples.globals.d.ts (`client`, `app`,
// `emulator`, ...) without declaring them. A block that is not meant to compile (none today)
// can be preceded by the line `<!-- readme-samples: skip -->`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, '.tmp/readme-samples');
const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n');

// 1. The blocks, with the README line of their first code line.
const blocks = [];
for (let i = 0; i < readme.length; i++) {
  if (!/^```(ts|typescript)\s*$/.test(readme[i])) continue;
  const skip = /<!--\s*readme-samples:\s*skip\b.*-->/.test(readme[i - 1] ?? '');
  const start = i + 1;
  let end = start;
  while (end < readme.length && !/^```\s*$/.test(readme[end])) end++;
  if (!skip) blocks.push({ line: start + 1, code: readme.slice(start, end).join('\n') });
  i = end;
}

// 2. A scratch consumer with the packed package under node_modules. Everything else it imports
//    (zod, msw, vitest, express, @types/node) resolves from the repository's node_modules above it.
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 'samples'), { recursive: true });
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
const pkgDir = join(tmp, 'node_modules/@bella-baxter/sdk');
mkdirSync(pkgDir, { recursive: true });
execFileSync('tar', ['-xzf', join(tmp, packed), '-C', pkgDir, '--strip-components=1']);
writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'readme-samples', private: true, type: 'module' }));
writeFileSync(
  join(tmp, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitOverride: true,
      lib: ['ES2023'],
      types: ['node'],
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['samples', 'mixed', 'globals.d.ts'],
  }),
);
copyFileSync(join(root, '.ci/readme-samples.globals.d.ts'), join(tmp, 'globals.d.ts'));
const fileOf = (b) => `samples/readme-${b.line}.ts`;
// `export {}` makes each block a module of its own: its names never clash with another block's.
for (const b of blocks) writeFileSync(join(tmp, fileOf(b)), `${b.code}\nexport {};\n`);

// 2b. Unless --readme-only: the TSDoc `@example` blocks of the published declarations, as users see them
//     in their editor, each mapped back to the source line it came from (found by its first line of
//     code). An example may use what its own entry exports without importing it (added for it, on
//     one line above its code), and the names of .ci/tsdoc-samples.globals.d.ts; it is checked in a
//     project of its own, apart from the README's context names.
const sources = (function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
})(join(root, 'src')).map((file) => ({ file: file.slice(root.length), lines: readFileSync(file, 'utf8').split('\n') }));
/** Where in src/ an example's lines are, all of them in a row (a first line like an import recurs). */
const where = (codeLines) => {
  const strip = (l) => l.replace(/^\s*\*\s?/, '').trimEnd();
  const want = codeLines.map((l) => l.trimEnd());
  for (const { file, lines } of sources) {
    for (let i = 0; i < lines.length; i++) {
      if (want.every((w, k) => strip(lines[i + k] ?? '') === w)) return { file, line: i + 1 };
    }
  }
  return { file: 'src/?', line: 0 };
};
/** An entry's exported names, `type`-only ones marked, from the `export { ... }` lists of its declarations. */
const exportsOf = (text) =>
  [...text.matchAll(/^export (type )?\{([^}]*)\}/gm)].flatMap(([, allTypes, list]) =>
    list.split(',').map((item) => item.trim()).filter(Boolean).map((item) => {
      const typeOnly = Boolean(allTypes) || item.startsWith('type ');
      const name = item.replace(/^type /, '').split(/\s+as\s+/).pop().trim();
      return { name, typeOnly };
    }),
  );
// The package's entries, from its exports map: './webhooks' -> 'webhooks.d.ts' -> '@bella-baxter/sdk/webhooks'.
// Both formats' files name the entry (an ESM .d.ts may be only `export * from './x.cjs'`: .ci/share-types.mjs).
const ENTRY = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).exports)
    .filter(([, target]) => target?.import?.types)
    .flatMap(([subpath, target]) => [target.import.types, target.require.types].map((types) => [types.replace(/^\.\/dist\//, ''), `@bella-baxter/sdk${subpath.slice(1)}`])),
);
/** A declaration file's text; for an ESM file that only re-exports its CJS twin, the twin's. */
const declarationText = (name) => {
  const text = readFileSync(join(pkgDir, 'dist', name), 'utf8');
  const twin = /^export \* from '\.\/([^']+)\.cjs';\n$/.exec(text);
  return twin ? readFileSync(join(pkgDir, 'dist', name.replace(/[^/]+$/, `${twin[1]}.d.cts`)), 'utf8') : text;
};
/** Every declaration file of dist/ (entries and the chunks they share), relative to it; not the ESM files that only re-export a CJS one. */
const declarationFiles = readdirSync(join(pkgDir, 'dist'), { recursive: true })
  .map(String)
  .filter((f) => /\.d\.c?ts$/.test(f) && declarationText(f) === readFileSync(join(pkgDir, 'dist', f), 'utf8'))
  .sort();
const examples = [];
const withTsdoc = !process.argv.includes('--readme-only');
const entryExports = Object.fromEntries(Object.keys(ENTRY).map((name) => [name, exportsOf(declarationText(name))]));
for (const name of withTsdoc ? declarationFiles : []) {
  const text = readFileSync(join(pkgDir, 'dist', name), 'utf8');
  // Its own entry's names first (for a chunk, the root's), then those of the other entries.
  const own = ENTRY[name] ? name : 'index.d.ts';
  const exported = [own, ...Object.keys(ENTRY).filter((n) => n !== own && ENTRY[n] !== ENTRY[own])].flatMap((n) => entryExports[n].map((e) => ({ ...e, from: ENTRY[n] })));
  const lines = text.split('\n').map((l) => l.replace(/^\s*\*\s?/, ''));
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const code = lines.slice(i + 1, end).join('\n');
    i = end;
    // The block's first line in the source; its own line numbers count from there.
    const at = where(code.split('\n'));
    const key = `${at.file}:${at.line}:${code}`;
    if (examples.some((e) => e.key === key)) continue;
    // Names the example declares or imports itself are not imported for it.
    const own = new Set([...code.matchAll(/\b(?:const|let|var|function|class|type|interface|import)\s+(?:type\s+)?\{?\s*([\w$, ]+)/g)].flatMap((m) => m[1].split(/[\s,]+/)));
    for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)) for (const n of m[1].split(',')) own.add(n.replace(/^\s*type\s+/, '').split(/\s+as\s+/).pop().trim());
    const used = new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
    const missing = exported.filter((e, i) => used.has(e.name) && !own.has(e.name) && exported.findIndex((x) => x.name === e.name) === i);
    const bySpecifier = new Map();
    for (const e of missing) bySpecifier.set(e.from, [...(bySpecifier.get(e.from) ?? []), e]);
    const prelude = [...bySpecifier].map(([from, list]) => `import { ${list.map((e) => (e.typeOnly ? `type ${e.name}` : e.name)).join(', ')} } from '${from}';`).join(' ');
    examples.push({ key, file: at.file, line: at.line - 1, code: `${prelude}\n${code}` });
  }
}
const exampleFile = (e, n) => `tsdoc/example-${n}.ts`;
if (withTsdoc) {
  mkdirSync(join(tmp, 'tsdoc'));
  copyFileSync(join(root, '.ci/tsdoc-samples.globals.d.ts'), join(tmp, 'tsdoc/globals.d.ts'));
  writeFileSync(join(tmp, 'tsdoc/tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
  examples.forEach((e, n) => writeFileSync(join(tmp, exampleFile(e, n)), `${e.code}\nexport {};\n`));
}

// 3. ESM and CJS declarations in one project: a CJS helper typed from index.d.cts, called from ESM
//    with values typed from index.d.ts. Nominal `#private` members made these incompatible.
mkdirSync(join(tmp, 'mixed'));
const shared = ['BaxterClient', 'DynamicCredentials', 'SecretsSnapshot', 'CredentialLease', 'BaxterApiError', 'BaxterError'];
writeFileSync(
  join(tmp, 'mixed/helper.cts'),
  `import type { ${shared.join(', ')} } from '@bella-baxter/sdk';\n` +
    shared.map((n) => `export function take${n}(value: ${n}): ${n} { return value; }\n`).join(''),
);
writeFileSync(
  join(tmp, 'mixed/main.ts'),
  `import type { ${shared.join(', ')} } from '@bella-baxter/sdk';\n` +
    `import * as cjs from './helper.cjs';\n` +
    shared.map((n) => `declare const esm${n}: ${n};\nconst back${n}: ${n} = cjs.take${n}(esm${n});\n`).join('') +
    `export { ${shared.map((n) => `back${n}`).join(', ')} };\n`,
);

// 4. Typecheck; map each error back to its README line.
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const projects = withTsdoc ? ['.', 'tsdoc'] : ['.'];
const runs = projects.map((p) => spawnSync(process.execPath, [tsc, '-p', p, '--pretty', 'false'], { cwd: tmp, encoding: 'utf8' }));
const run = { status: Math.max(...runs.map((r) => r.status ?? 1)), stdout: runs.map((r) => r.stdout).join(''), stderr: runs.map((r) => r.stderr).join('') };
const byFile = new Map(blocks.map((b) => [fileOf(b), { ...b, file: 'README.md' }]));
examples.forEach((e, n) => byFile.set(exampleFile(e, n), e));
const errors = [];
for (const line of `${run.stdout}${run.stderr}`.split('\n').filter(Boolean)) {
  const m = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
  const file = m?.[1].replace(/\\/g, '/');
  const block = m && byFile.get(file);
  if (block) errors.push(`${block.file}:${block.line + Number(m[2]) - 1}:${m[3]} ${m[4]}`);
  else if (m) errors.push(`${file}:${m[2]}:${m[3]} ${m[4]}`);
  else errors.push(line.startsWith(' ') && errors.length ? `${errors.pop()}\n${line}` : line);
}
if (run.status !== 0 || errors.length) {
  console.error(errors.join('\n'));
  console.error(`\nreadme-samples: ${errors.length} error(s) in ${blocks.length} README ts blocks${withTsdoc ? ` and ${examples.length} TSDoc examples` : ''} (checked against ${packed}, scratch project ${tmp}).`);
  console.error('Fix the sample at that line; names a fragment may use undeclared are in .ci/readme-samples.globals.d.ts (README) and .ci/tsdoc-samples.globals.d.ts (TSDoc).');
  process.exit(1);
}
console.log(`readme-samples: ${blocks.length} README ts blocks${withTsdoc ? ` and ${examples.length} TSDoc examples` : ''} typecheck against ${packed} (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, Node-only lib); ESM and CJS types mix`);
