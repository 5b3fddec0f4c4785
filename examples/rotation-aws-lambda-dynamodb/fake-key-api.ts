/**
 * Stands in for a third-party key-management API (Stripe restricted keys,
 * OpenAI project keys, ...). Replace these two calls with the provider's SDK.
 */
export interface ProviderKey {
  /** The provider's id for the key: what you return as `newHandle` and later revoke. */
  id: string;
  /** The key itself: what you return as `newValue` and Bella stores. */
  secret: string;
}

const keys = new Map<string, ProviderKey & { label: string }>();

export const keyApi = {
  async createKey(label: string, signal: AbortSignal): Promise<ProviderKey> {
    signal.throwIfAborted();
    const key = { id: `key_${crypto.randomUUID().slice(0, 8)}`, secret: `sk_live_${crypto.randomUUID().replaceAll('-', '')}`, label };
    keys.set(key.id, key);
    return { id: key.id, secret: key.secret };
  },
  async deleteKey(id: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    // Deleting a key that is already gone succeeds: revoke may be retried.
    keys.delete(id);
  },
  /** For tests: how many keys exist right now. */
  count: () => keys.size,
};
