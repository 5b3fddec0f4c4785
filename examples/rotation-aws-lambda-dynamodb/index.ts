/**
 * A Bella rotation function on AWS Lambda that rotates each request exactly
 * once across every concurrent container: the idempotency store is a DynamoDB
 * table shared by all of them (template.yaml creates it).
 *
 * Environment: BELLA_SIGNING_SECRET (from the rotation policy), IDEMPOTENCY_TABLE,
 * optionally BELLA_FUNCTION_API_KEY and BELLA_IDEMPOTENCY_KEY (32+ bytes; keeps
 * stored answers readable while you change the signing secret).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbIdempotencyStore } from '@bella-baxter/sdk/idempotency/dynamodb';
import { createRotationHandler, RotationError, toLambdaHandler } from '@bella-baxter/sdk/webhooks';
import { keyApi } from './fake-key-api.js';

const signingSecret = process.env.BELLA_SIGNING_SECRET;
if (!signingSecret) throw new Error('Set BELLA_SIGNING_SECRET to the rotation policy signing secret');
const tableName = process.env.IDEMPOTENCY_TABLE;
if (!tableName) throw new Error('Set IDEMPOTENCY_TABLE to the DynamoDB table of the idempotency store');

// Created once per container, outside the handler, so warm invocations reuse its connections.
const dynamo = new DynamoDBClient({});

const rotation = createRotationHandler({
  signingSecret,
  apiKey: process.env.BELLA_FUNCTION_API_KEY || undefined,
  idempotency: createDynamoDbIdempotencyStore({
    client: dynamo,
    tableName,
    encryptionKey: process.env.BELLA_IDEMPOTENCY_KEY || undefined,
  }),
  // Two request ids for one secret never mint two keys at once: the second gets 409, Bella retries.
  serializePerSecret: true,
  // Lambda's own timeout (template.yaml: 30 s) is longer, so Bella gets a clean 504 instead of a dropped connection.
  timeoutMs: 20_000,

  async rotate(request, { signal }) {
    const key = await keyApi.createKey(`${request.projectSlug}/${request.environmentSlug}/${request.secretKey}`, signal);
    if (!key.secret) throw new RotationError('The provider returned an empty key', { status: 502 });
    return { newValue: key.secret, newHandle: key.id };
  },

  async revoke(request, { signal }) {
    await keyApi.deleteKey(request.oldHandle, signal);
  },

  onError(error, info) {
    // A 503 here means DynamoDB did not answer: nothing was rotated, Bella retries.
    console.error('rotation failed', info, error);
  },
});

export const handler = toLambdaHandler(rotation);
