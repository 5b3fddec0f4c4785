import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ClaimOutcome, IdempotencyStore } from '../webhooks/idempotency.js';
import { PREFIX, type SharedStoreOptions, validateKeyMaterial, validatePrefix, validateTimeout, withTimeout } from './store-options.js';

/**
 * The part of an AWS SDK v3 `DynamoDBClient` the store uses (`send`). Typed
 * structurally, so this entry's types need nothing from `@aws-sdk/client-dynamodb`.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * const client: DynamoDbClientLike = new DynamoDBClient({});
 * ```
 */
export interface DynamoDbClientLike {
  /** Sends one command (`PutItem`, `GetItem`, `DeleteItem`), as `DynamoDBClient.send` does. */
  send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/**
 * Options of {@link createDynamoDbIdempotencyStore}.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * const options: DynamoDbIdempotencyStoreOptions = {
 *   client: new DynamoDBClient({}),
 *   tableName: process.env.IDEMPOTENCY_TABLE!,
 * };
 * ```
 */
export interface DynamoDbIdempotencyStoreOptions extends SharedStoreOptions {
  /** An AWS SDK v3 `DynamoDBClient` (its region and credentials are yours). You keep it and destroy it. */
  client: DynamoDbClientLike;
  /** The table: partition key `keyAttribute` (string), no sort key, TTL on `ttlAttribute`. */
  tableName: string;
  /** The partition key attribute (type S). @default 'pk' */
  keyAttribute?: string | undefined;
  /** The attribute DynamoDB's TTL deletes expired items by (epoch seconds). @default 'expiresAt' */
  ttlAttribute?: string | undefined;
  /** Prepended to every partition key, to share a table between functions. @default 'bella#' */
  prefix?: string | undefined;
  /** The current time in epoch milliseconds, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

type Sdk = typeof import('@aws-sdk/client-dynamodb');
type Item = Record<string, AttributeValue>;

const FN = 'createDynamoDbIdempotencyStore';
// Loaded on first use: importing this entry costs nothing, and needs no SDK until a store runs.
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-dynamodb'));
const isConditionFailure = (error: unknown) => (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

function validateName(value: unknown, name: string, fallback?: string): string {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'string' || resolved === '') throw new TypeError(`${PREFIX}${FN} option ${name} must be a non-empty string.`);
  return resolved;
}

/**
 * A shared idempotency store on DynamoDB (AWS SDK v3), for rotation functions
 * on Lambda and other scaled-out runtimes. One item per request id (and per
 * secret for serialisation): a claim is a conditional `PutItem` (only when no
 * live item exists), an answer replaces the claim, a release is a `DeleteItem`
 * conditional on the owner. Items carry `validUntil` (milliseconds, checked on
 * every read) and the TTL attribute (seconds, for DynamoDB to delete them).
 * Answers are sealed with AES-256-GCM by the handler: a table export shows no
 * secret value. `@aws-sdk/client-dynamodb` is an optional peer dependency,
 * loaded on the first call.
 *
 * Table: partition key `pk` (String), on-demand billing, TTL enabled on
 * `expiresAt` (the README has CloudFormation and CDK snippets). IAM: `dynamodb:PutItem`,
 * `GetItem`, `DeleteItem` on the table.
 *
 * @throws TypeError when `client` has no `send` or an option is invalid.
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createRotationHandler, toLambdaHandler } from '@bella-baxter/sdk/webhooks';
 * import { createDynamoDbIdempotencyStore } from '@bella-baxter/sdk/idempotency/dynamodb';
 *
 * export const handler = toLambdaHandler(createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   idempotency: createDynamoDbIdempotencyStore({ client: new DynamoDBClient({}), tableName: process.env.IDEMPOTENCY_TABLE! }),
 *   rotate: async () => ({ newValue: crypto.randomUUID() }),
 * }));
 * ```
 */
export function createDynamoDbIdempotencyStore(options: DynamoDbIdempotencyStoreOptions): IdempotencyStore {
  const client = options?.client;
  if (!client || typeof client.send !== 'function') {
    throw new TypeError(`${PREFIX}${FN} option client must be an AWS SDK v3 DynamoDBClient (new DynamoDBClient({...})).`);
  }
  const TableName = validateName(options.tableName, 'tableName');
  const pk = validateName(options.keyAttribute, 'keyAttribute', 'pk');
  const ttl = validateName(options.ttlAttribute, 'ttlAttribute', 'expiresAt');
  const prefix = validatePrefix(FN, options.prefix, 'bella#');
  const timeoutMs = validateTimeout(FN, options.timeoutMs);
  const key = validateKeyMaterial(FN, options.encryptionKey);
  const now = options.now ?? Date.now;
  const names = { '#pk': pk, '#st': 'state', '#vu': 'validUntil', '#ow': 'owner' };

  const send = async (build: (s: Sdk) => unknown) => {
    const command = build(await loadSdk());
    return withTimeout(client.send(command as never, { abortSignal: AbortSignal.timeout(timeoutMs) }), timeoutMs, 'DynamoDB');
  };
  const itemOf = (name: string, fields: Record<string, string>, ttlMs: number): Item => {
    const until = now() + ttlMs;
    const item: Item = { [pk]: { S: prefix + name }, validUntil: { N: String(until) }, [ttl]: { N: String(Math.ceil(until / 1000)) } };
    for (const [field, value] of Object.entries(fields)) item[field] = { S: value };
    return item;
  };

  async function read(name: string): Promise<ClaimOutcome | undefined> {
    const { Item: item } = (await send((s) => new s.GetItemCommand({ TableName, Key: { [pk]: { S: prefix + name } }, ConsistentRead: true }))) as {
      Item?: Item;
    };
    if (!item || Number(item.validUntil?.N) < now()) return undefined;
    const fingerprint = item.fingerprint?.S ?? '';
    return item.state?.S === 'done' ? { state: 'done', fingerprint, answer: item.answer?.S ?? '' } : { state: 'pending', fingerprint };
  }

  const store: IdempotencyStore = {
    async claim(name, { owner, fingerprint, ttlMs }) {
      // A live item found after a failed put may expire before we read it: then claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await send(
            (s) =>
              new s.PutItemCommand({
                TableName,
                Item: itemOf(name, { state: 'pending', owner, fingerprint }, ttlMs),
                ConditionExpression: 'attribute_not_exists(#pk) OR #vu < :now',
                ExpressionAttributeNames: { '#pk': names['#pk'], '#vu': names['#vu'] },
                ExpressionAttributeValues: { ':now': { N: String(now()) } },
              }),
          );
          return { state: 'claimed' };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        const found = await read(name);
        if (found) return found;
      }
      throw new Error(`${PREFIX}${FN} could not claim a key that keeps expiring; check the clocks of your instances.`);
    },
    async complete(name, { owner, fingerprint, answer }, ttlMs) {
      try {
        await send(
          (s) =>
            new s.PutItemCommand({
              TableName,
              Item: itemOf(name, { state: 'done', owner, fingerprint, answer }, ttlMs),
              // Keeps an answer another owner stored first (its claim had expired under us).
              ConditionExpression: 'attribute_not_exists(#pk) OR #st <> :done OR #vu < :now',
              ExpressionAttributeNames: { '#pk': names['#pk'], '#st': names['#st'], '#vu': names['#vu'] },
              ExpressionAttributeValues: { ':done': { S: 'done' }, ':now': { N: String(now()) } },
            }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    async release(name, owner) {
      try {
        await send(
          (s) =>
            new s.DeleteItemCommand({
              TableName,
              Key: { [pk]: { S: prefix + name } },
              ConditionExpression: '#ow = :owner AND #st = :pending',
              ExpressionAttributeNames: { '#ow': names['#ow'], '#st': names['#st'] },
              ExpressionAttributeValues: { ':owner': { S: owner }, ':pending': { S: 'pending' } },
            }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
  if (key !== undefined) store.encryptionKey = () => key;
  return store;
}
