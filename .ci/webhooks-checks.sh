#!/usr/bin/env bash
# Checks of the @bella-baxter/sdk/webhooks entry that need the BUILT package.
# Run from the repo root after `npm run build`:
#   1. typecheck each examples/rotation-* against dist/ (as a user's project would)
#   2. drive each example through its adapter with signed rotate, duplicate rotate, revoke and forged calls
#   3. run a smoke script on Bun and Deno (installed from npm into .tmp/runtimes)
#   4. bundle the entry for browsers/workers with esbuild, fail on any Node built-in or undici,
#      and hold the bundle-size goals (verify only <= 1.5 KB, createRotationHandler <= 12 KB, min+gzip)
set -euo pipefail

root=$(pwd)
[[ -f dist/webhooks.js && -f package.json ]] || { echo "webhooks-checks: run from the repo root after npm run build" >&2; exit 1; }
bin="$root/node_modules/.bin"
tmp="$root/.tmp/webhooks-checks"
rm -rf "$tmp" && mkdir -p "$tmp"
examples=(rotation-aws-lambda rotation-gcp-cloud-run rotation-azure-functions rotation-express)
step() { printf '\n== webhooks: %s\n' "$*"; }

step "typecheck examples against the built package"
for name in "${examples[@]}" rotation-aws-lambda-dynamodb rotation-gcp-cloud-run-redis; do
  "$bin/tsc" -p "examples/$name/tsconfig.json"
  echo "ok $name"
done

step "drive examples through their adapters"
declare -A entries=([rotation-aws-lambda]=index [rotation-gcp-cloud-run]=server [rotation-azure-functions]=rotation [rotation-express]=app)
for name in "${examples[@]}"; do
  entry=${entries[$name]}
  # --packages=external keeps `@bella-baxter/sdk/webhooks` an import, resolved to dist/ through the package's exports.
  "$bin/esbuild" "examples/$name/$entry.ts" --bundle --platform=node --format=esm --packages=external \
    --log-level=warning --outfile="$tmp/examples/$name/$entry.js"
done
timeout 60 node test/webhooks/drive-examples.mjs "$tmp/examples"

step "smoke on Bun and Deno"
runtimes="$root/.tmp/runtimes"
if [[ ! -x "$runtimes/node_modules/.bin/bun" || ! -x "$runtimes/node_modules/.bin/deno" ]]; then
  # The binaries come from npm optional dependencies (@oven/bun-<platform>, @deno/<platform>).
  timeout 300 npm i --no-save --no-audit --no-fund --prefix "$runtimes" bun deno >/dev/null
fi
timeout 60 "$runtimes/node_modules/.bin/bun" test/webhooks/smoke-runtime.mjs
# No permission flags: the entry must need none (no env, no file or network access).
timeout 60 "$runtimes/node_modules/.bin/deno" run --quiet test/webhooks/smoke-runtime.mjs
timeout 60 node test/webhooks/smoke-runtime.mjs

step "browser/worker bundle: no Node built-ins, no undici; size goals"
cat > "$tmp/entry.mjs" <<'JS'
export * from '../../dist/webhooks.js';
JS
"$bin/esbuild" "$tmp/entry.mjs" --bundle --platform=browser --conditions=worker,browser --format=esm \
  --log-level=error --metafile="$tmp/meta.json" --outfile="$tmp/browser.js"
node - "$tmp/meta.json" "$tmp/browser.js" <<'JS'
const { readFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const [meta, bundle] = process.argv.slice(2);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const bad = [];
for (const [file, input] of Object.entries(JSON.parse(readFileSync(meta, 'utf8')).inputs)) {
  if (/node_modules\/undici\//.test(file)) bad.push(`${file} (undici)`);
  for (const imp of input.imports) if (builtins.has(imp.path) || imp.path.startsWith('node:')) bad.push(`${file} imports ${imp.path}`);
}
const code = readFileSync(bundle, 'utf8');
for (const m of code.matchAll(/\b(?:require|import)\s*\(\s*["'`]([^"'`]+)["'`]/g)) if (builtins.has(m[1])) bad.push(`dynamic ${m[0]}`);
for (const m of code.matchAll(/\bfrom\s*["']([^"']+)["']/g)) bad.push(`unbundled import ${m[1]}`);
if (bad.length) {
  console.error(`webhooks bundle for browsers/workers pulls Node-only code:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`ok browser/worker bundle: ${Object.keys(JSON.parse(readFileSync(meta, 'utf8')).inputs).length} inputs, no Node built-ins, no undici`);
JS
size() { # prints min+gzip bytes of a bundle importing only $1 from the built entry
  printf "import { %s } from '../../dist/webhooks.js';\nglobalThis.keep = %s;\n" "$1" "$1" > "$tmp/only-$1.mjs"
  "$bin/esbuild" "$tmp/only-$1.mjs" --bundle --minify --platform=browser --conditions=worker,browser --format=esm --log-level=error \
    | gzip -9 | wc -c | tr -d ' '
}
verify_size=$(size verifyWebhookSignature)
handler_size=$(size createRotationHandler)
echo "verifyWebhookSignature only: ${verify_size} B min+gzip (goal <= 1536)"
echo "createRotationHandler: ${handler_size} B min+gzip (goal <= 12288)"
(( verify_size <= 1536 )) || { echo "webhooks: verify-only bundle over 1.5 KB" >&2; exit 1; }
(( handler_size <= 12288 )) || { echo "webhooks: handler bundle over 12 KB" >&2; exit 1; }

printf '\nwebhooks checks passed\n'
