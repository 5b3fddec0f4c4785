// The emulator in a process of its own, for the cold-start and polling benches: 200 secrets of
// ~100 bytes in bench/prod. Prints {"url","apiKey"} once listening; answers "count" on stdin with
// {"requests"} (requests served so far); exits when stdin ends.
import { createInterface } from 'node:readline';

const { BaxterEmulatorCore } = await import('../../../dist/testing.js');
const { generateRandom } = await import('../../../dist/random.js');

const emulator = new BaxterEmulatorCore();
const secrets = {};
for (let i = 0; i < 200; i++) secrets[`SECRET_${String(i).padStart(13, '0')}`] = generateRandom('alphanumeric-32').repeat(3).slice(0, 80);
const { apiKey } = emulator.addEnvironment({ project: 'bench', environment: 'prod', secrets });
const server = await emulator.listen();
console.log(JSON.stringify({ url: server.url, apiKey }));
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'count') console.log(JSON.stringify({ requests: emulator.requests.length }));
});
lines.on('close', () => void emulator.close().then(() => process.exit(0)));
