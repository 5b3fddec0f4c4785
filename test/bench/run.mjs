// `npm run bench`: runs every test/bench/*.bench.mjs against the built package, in name order.
// Pass names to run a subset: `npm run bench -- random webhooks`.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

console.log(`# @bella-baxter/sdk benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
for (const file of files) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  await mod.default();
}
