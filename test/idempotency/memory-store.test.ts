import { describe } from 'vitest';
import { createMemoryIdempotencyStore, type IdempotencyStore } from '../../src/webhooks.js';
import { storeContract } from './store-contract.js';

describe('createMemoryIdempotencyStore: the shared stores\' semantics within one process', () => {
  const namespaces = new Map<string, IdempotencyStore>();
  storeContract(
    () => ({
      make: ({ namespace, encryptionKey } = {}) => {
        const store = (namespace && namespaces.get(namespace)) || createMemoryIdempotencyStore();
        if (namespace) namespaces.set(namespace, store);
        // The memory store has no encryptionKey option: a wrapper supplies one, as a custom store would.
        return encryptionKey ? { ...store, encryptionKey: () => encryptionKey } : store;
      },
    }),
    { withDump: false },
  );
});
