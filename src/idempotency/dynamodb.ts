/**
 * `@bella-baxter/sdk/idempotency/dynamodb`: a shared idempotency store on
 * DynamoDB for `createRotationHandler`. Pass your AWS SDK v3 `DynamoDBClient`;
 * `@aws-sdk/client-dynamodb` is an optional peer dependency, loaded on the
 * store's first call (importing this entry needs nothing).
 *
 * @packageDocumentation
 */
export { createDynamoDbIdempotencyStore } from './dynamodb-store.js';
export type { DynamoDbClientLike, DynamoDbIdempotencyStoreOptions } from './dynamodb-store.js';
export type { SharedStoreOptions } from './store-options.js';
