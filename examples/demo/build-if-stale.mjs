// `npm run demo` runs this first: it builds only when the build's inputs changed since dist/ was
// built, so a second `npm run demo` starts at once instead of spending ~40 s in tsup. The inputs are
// hashed by content (not mtime): a checkout that touches files without changing them does not
// rebuild; any change to src/ or the build config does. When it must build, it builds the
// JavaScript only (BELLA_BUILD_JS_ONLY: no .d.ts, a few seconds instead of ~40), which is all the
// demo runs; `npm run build` still makes the complete package.
//
//   node examples/demo/build-if-stale.mjs           build the JavaScript if stale, then record the inputs' hash
//   node examples/demo/build-if-stale.mjs --stamp   only record it, for a complete build (the end of `npm run build`)
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
// Outside dist/, so it is never packed into the published tarball.
const stampFile = join(root, '.tmp/dist-inputs-hash');
const INPUTS = ['src', '.ci/finish-types.mjs', '.ci/share-types.mjs', 'tsup.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
// What the demo loads: if any is missing, dist/ is not a usable build.
const OUTPUTS = ['index.js', 'index.cjs', 'webhooks.js', 'random.js', 'testing.js', 'bin/bella-emulator.js'];

function files(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  const entries = readdirSync(path, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const path = join(root, input);
    for (const file of files(path).sort()) hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const current = inputsHash();
const stamp = (kind) => {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${kind} ${current}\n`);
};
if (process.argv.includes('--stamp')) {
  stamp('full');
} else {
  const usable = OUTPUTS.every((f) => existsSync(join(root, 'dist', f)));
  const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim().split(' ')[1] : undefined;
  if (usable && built === current) {
    console.log('dist/ is up to date with src/ (no rebuild; `npm run build` forces one)');
  } else {
    console.log(usable ? 'src/ changed since dist/ was built: building the JavaScript…' : 'no build in dist/ yet: building the JavaScript (once)…');
    execSync('npx --no-install tsup --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BELLA_BUILD_JS_ONLY: '1' } });
    stamp('js');
  }
}
