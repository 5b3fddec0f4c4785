// After tsup: make the published declarations usable in every consumer.
//
// 1. `#private;` and `private x;` lines go. TypeScript emits them to make a class nominal, so the
//    class declared in index.d.ts and the same class declared in index.d.cts were two incompatible
//    types: a project mixing ESM and CJS (or one ESM file importing a CJS helper) could not pass a
//    DynamicCredentials from one to the other. Without them the two declarations are structurally
//    identical. The members stay private at runtime (ES private fields).
//    The same for `[INSPECT]()` members (the util.inspect hook, keyed by a per-file unique symbol).
// 2. Classes whose constructor is @internal (stripped by stripInternal) get `private constructor();`,
//    so types do not invite `new BaxterClient()`, which has no meaning outside the SDK.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NOT_CONSTRUCTIBLE = ['BaxterClient', 'CredentialsClient', 'RotationClient', 'CredentialLease', 'DynamicCredentials'];
const dist = new URL('../dist/', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.d\.c?ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

let changed = 0;
for (const file of files(dist)) {
  const before = readFileSync(file, 'utf8');
  let text = before
    .replace(/^[ \t]+(?:#private|private (?:static )?(?:readonly )?[\w$]+);\r?\n/gm, '')
    // The util.inspect hook is keyed by a `unique symbol` declared once per file, so it too made the
    // ESM and CJS declarations differ. It is how console.log hides values, not an API to call.
    .replace(/^[ \t]+\[INSPECT\]\(.*\): string;\r?\n/gm, '');
  if (!/\[INSPECT\]/.test(text)) text = text.replace(/^declare const INSPECT: unique symbol;\r?\n/m, '');
  for (const name of NOT_CONSTRUCTIBLE) {
    text = text.replace(new RegExp(`^(declare class ${name}\\b[^\\n]*\\{\\n)`, 'm'), (open, _g, offset) => {
      const end = text.indexOf('\n}\n', offset);
      const body = text.slice(offset, end);
      return /^\s+(?:private |protected )?constructor\(/m.test(body) ? open : `${open}    private constructor();\n`;
    });
  }
  if (text !== before) {
    writeFileSync(file, text);
    changed++;
  }
}
const left = files(dist).filter((f) => /^\s+(#private|private (?!constructor\()\w)/m.test(readFileSync(f, 'utf8')));
if (left.length) {
  console.error(`finish-types: private members left in ${left.join(', ')}`);
  process.exit(1);
}
console.log(`finish-types: ${changed} declaration files made ESM/CJS compatible`);
