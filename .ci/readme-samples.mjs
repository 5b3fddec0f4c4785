// Typechecks every ```ts block of README.md against the PACKED package, in a scratch consumer as
// strict as users' projects get: strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, a
// Node-only lib (no DOM), NodeNext modules. Also checks that types from the ESM (.d.ts) and CJS
// (.d.cts) declarations mix in one project.
//
//   node .ci/readme-samples.mjs            (after `npm run build`; CI runs it from .ci/run)
//
// A failure names the README line, e.g. `README.md:412:7 error TS2345: ...`.
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
  const skip = /<!--\s*readme-samples:\s*skip\s*-->/.test(readme[i - 1] ?? '');
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

// 2b. The TSDoc `@example` blocks of the published declarations, as users see them in their editor,
//     each mapped back to the source line it came from (found by its first line of code).
const sources = (function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
})(join(root, 'src')).map((file) => ({ file: file.slice(root.length), lines: readFileSync(file, 'utf8').split('\n') }));
const where = (firstLine) => {
  for (const { file, lines } of sources) {
    const i = lines.findIndex((l) => l.replace(/^\s*\*\s?/, '').trimEnd() === firstLine);
    if (i >= 0) return { file, line: i + 1 };
  }
  return { file: 'src/?', line: 0 };
};
const examples = [];
const withTsdoc = process.argv.includes('--tsdoc');
for (const name of withTsdoc ? readdirSync(join(pkgDir, 'dist')).filter((f) => f.endsWith('.d.ts')) : []) {
  const lines = readFileSync(join(pkgDir, 'dist', name), 'utf8').split('\n').map((l) => l.replace(/^\s*\*\s?/, ''));
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const code = lines.slice(i + 1, end);
    const at = where(code.find((l) => l.trim()) ?? '');
    // The first code line's source line; the block's own line numbers count from it.
    const firstCode = code.findIndex((l) => l.trim());
    const key = `${at.file}:${at.line}`;
    if (!examples.some((e) => e.key === key)) examples.push({ key, file: at.file, line: at.line - Math.max(0, firstCode), code: code.join('\n') });
    i = end;
  }
}
const exampleFile = (e, n) => `samples/tsdoc-${n}.ts`;
examples.forEach((e, n) => writeFileSync(join(tmp, exampleFile(e, n)), `${e.code}\nexport {};\n`));

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
const run = spawnSync(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: tmp, encoding: 'utf8' });
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
  console.error(`\nreadme-samples: ${errors.length} error(s) in ${blocks.length} README ts blocks (checked against ${packed}, scratch project ${tmp}).`);
  console.error('Fix the sample at that README line; names a fragment may use undeclared are in .ci/readme-samples.globals.d.ts.');
  process.exit(1);
}
console.log(`readme-samples: ${blocks.length} README ts blocks typecheck against ${packed} (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, Node-only lib); ESM and CJS types mix`);
