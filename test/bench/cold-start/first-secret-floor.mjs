// The floor: the same job written directly with node:http(s) + node:crypto + JSON.parse: one
// signed GET (wire contract §2) with an E2EE public key, the answer decrypted (section 4).
const started = performance.now();
const { createHash, createHmac, generateKeyPairSync, createPublicKey, diffieHellman, hkdfSync, createDecipheriv } = await import('node:crypto');
const url = new URL(process.env.BENCH_URL);
const http = await import(url.protocol === 'https:' ? 'node:https' : 'node:http');
const [, keyId, secretHex] = process.env.BENCH_API_KEY.split('-');
const path = '/api/v1/projects/bench/environments/prod/secrets';
const ts = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const message = ['GET', path, '', ts, createHash('sha256').update('').digest('hex')].join('\n');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const headers = {
  'X-Bella-Key-Id': keyId,
  'X-Bella-Timestamp': ts,
  'X-Bella-Signature': createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest('hex'),
  'X-E2E-Public-Key': publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
};
// BENCH_FLOOR_TRANSPORT=undici: the same floor through undici's Agent and its dispatch (the parts the SDK
// loads), i.e. the floor the constraint (undici stays the transport) allows.
const body =
  process.env.BENCH_FLOOR_TRANSPORT === 'undici'
    ? await (async () => {
        const { undiciGet } = await import('./undici-get.mjs');
        const { status, body: bytes, close } = await undiciGet(new URL(path, url), headers);
        if (status !== 200) throw new Error(`status ${status}`);
        void close();
        return bytes;
      })()
    : await new Promise((resolve, reject) => {
        http.get(new URL(path, url), { headers }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`status ${res.statusCode}`))));
        }).on('error', reject);
      });
const envelope = JSON.parse(body);
const serverKey = createPublicKey({ key: Buffer.from(envelope.serverPublicKey, 'base64'), format: 'der', type: 'spki' });
const shared = diffieHellman({ privateKey, publicKey: serverKey });
const key = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(32), 'bella-e2ee-v1', 32));
const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.nonce, 'base64'));
decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
const plain = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
const { secrets } = JSON.parse(plain);
if (secrets.SECRET_0000000000007?.length !== 80) throw new Error('wrong secret');
console.log(JSON.stringify({ ms: performance.now(), sinceScript: performance.now() - started, rss: process.memoryUsage().rss, cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));

