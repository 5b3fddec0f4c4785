import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbIdempotencyStore } from '../../src/idempotency/dynamodb.js';
import { createRotationHandler } from '../../src/webhooks.js';
import { clientFor, startDynalite, type Dynalite } from '../support/dynalite.js';
import { freePort } from '../support/redis-server.js';
import { now, rotateBody, SECRET, signedRequest } from '../webhooks/helpers.js';
import { canaries, canaryRotate, encodingsOf, storeContract } from './store-contract.js';

const TABLE = 'bella-idempotency';

describe('createDynamoDbIdempotencyStore on dynalite with the AWS SDK v3 client', () => {
  let dynamo: Dynalite;
  let namespaces = 0;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable(TABLE);
  });

  afterAll(async () => {
    const dump = await dynamo.dump(TABLE);
    for (const canary of canaries) for (const encoded of encodingsOf(canary)) expect(dump).not.toContain(encoded);
    await dynamo?.stop();
  });

  storeContract(() => ({
    make: ({ namespace, encryptionKey } = {}) =>
      createDynamoDbIdempotencyStore({ client: dynamo.client(), tableName: TABLE, prefix: `${namespace ?? `t${++namespaces}`}#`, encryptionKey }),
    dump: () => dynamo.dump(TABLE),
  }));

  it('writes the documented item shape: pk, state, validUntil (ms) and the TTL attribute (epoch seconds)', async () => {
    const store = createDynamoDbIdempotencyStore({ client: dynamo.client(), tableName: TABLE, prefix: 'shape#', now: () => 1_700_000_000_000 });
    await store.claim('request:a', { owner: 'o', fingerprint: 'f', ttlMs: 30_000 });
    const item = JSON.parse((await dynamo.dump(TABLE)).split('\n').find((line) => line.includes('shape#request:a')) ?? '{}');
    expect(item).toEqual({
      pk: { S: 'shape#request:a' },
      state: { S: 'pending' },
      owner: { S: 'o' },
      fingerprint: { S: 'f' },
      validUntil: { N: '1700000030000' },
      expiresAt: { N: '1700000030' },
    });
  });

  it('answers 503 without rotating when DynamoDB cannot be reached', async () => {
    canaryRotate.mockClear();
    const client = clientFor(`http://127.0.0.1:${await freePort()}`); // nothing listens there
    const handler = createRotationHandler({
      signingSecret: SECRET,
      now,
      rotate: canaryRotate,
      idempotency: createDynamoDbIdempotencyStore({ client, tableName: TABLE, timeoutMs: 500 }),
    });
    const response = await handler(await signedRequest(rotateBody('down-1')));
    expect(response.status).toBe(503);
    expect(canaryRotate).not.toHaveBeenCalled();
    client.destroy();
  });

  it('refuses a missing client or table name at creation', () => {
    expect(() => createDynamoDbIdempotencyStore({ client: {} as never, tableName: TABLE })).toThrow(/DynamoDBClient/);
    expect(() => createDynamoDbIdempotencyStore({ client: dynamo.client(), tableName: '' })).toThrow(/tableName/);
  });
});
