import { readFile, unlink } from 'node:fs/promises';
import { BaxterCacheError } from '../../errors/cache-error.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import type { Scope } from '../change-source.js';
import { openCache, sealCache } from './cache-seal.js';

/** A set read back from the cache. */
export interface CachedSecrets {
  values: Record<string, string>;
  marker: string;
  savedAt: Date;
  scope: Scope;
}

export interface LastGoodCacheInit {
  path: string;
  /** HKDF input (see cache-key.ts). */
  material: Uint8Array;
  maxAgeMs: number | undefined;
  onError: (error: BaxterCacheError) => void;
  now?: () => number;
}

interface Payload {
  v: 1;
  savedAt: string;
  project: string;
  environment: string;
  provider: string | null;
  marker: string;
  values: Record<string, string>;
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === 1 && typeof p.savedAt === 'string' && typeof p.project === 'string' && typeof p.environment === 'string' &&
    (p.provider === null || typeof p.provider === 'string') && typeof p.marker === 'string' &&
    typeof p.values === 'object' && p.values !== null && Object.values(p.values).every((v) => typeof v === 'string')
  );
}

/**
 * The encrypted last-known-good copy of one client's secrets. Writes and
 * deletes are queued in order (a slow older write never lands after a newer
 * one) and never throw: failures go to `onError`.
 */
export class LastGoodCache {
  #queue: Promise<void> = Promise.resolve();
  readonly #init: LastGoodCacheInit;

  constructor(init: LastGoodCacheInit) {
    this.#init = init;
  }

  get path(): string {
    return this.#init.path;
  }

  /** The cached set for `scope` (project/environment may still be unknown), or undefined when there is none usable. */
  async load(scope: Partial<Scope>): Promise<CachedSecrets | undefined> {
    const { path, material, maxAgeMs } = this.#init;
    let file: Buffer;
    try {
      file = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#report('unreadable', `The secrets cache ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
      return undefined;
    }
    const plain = openCache(material, file);
    let payload: unknown;
    try {
      payload = plain ? JSON.parse(plain.toString('utf8')) : undefined;
    } catch {
      payload = undefined;
    }
    if (!isPayload(payload)) {
      this.#report('unreadable', `The secrets cache ${path} is not a cache sealed with this key (another API key or cache key?): not used.`);
      return undefined;
    }
    const provider = payload.provider ?? undefined;
    if ((scope.project !== undefined && scope.project !== payload.project) || (scope.environment !== undefined && scope.environment !== payload.environment) || scope.provider !== provider) {
      this.#report('scope', `The secrets cache ${path} holds ${payload.project}/${payload.environment}${provider ? `/${provider}` : ''}, not the client's scope: not used.`);
      return undefined;
    }
    const savedAt = new Date(payload.savedAt);
    const ageMs = (this.#init.now?.() ?? Date.now()) - savedAt.getTime();
    if (Number.isNaN(ageMs) || (maxAgeMs !== undefined && ageMs > maxAgeMs)) {
      this.#report('expired', `The secrets cache ${path} is ${Math.round(ageMs / 1000)} s old, more than maxAgeSeconds (${Math.round((maxAgeMs ?? 0) / 1000)} s): not used.`);
      return undefined;
    }
    return { values: payload.values, marker: payload.marker, savedAt, scope: { project: payload.project, environment: payload.environment, provider } };
  }

  /** Queues an encrypted, atomic, 0600 write of `values`. */
  save(scope: Scope, values: Readonly<Record<string, string>>, marker: string, savedAt: Date): void {
    const payload: Payload = { v: 1, savedAt: savedAt.toISOString(), project: scope.project, environment: scope.environment, provider: scope.provider ?? null, marker, values: { ...values } };
    this.#enqueue(async () => {
      await writeFileAtomic(this.#init.path, sealCache(this.#init.material, Buffer.from(JSON.stringify(payload), 'utf8')), 0o600);
    }, 'written');
  }

  /** Queues the removal of the file (a revoked key must not keep serving from it). */
  delete(): void {
    this.#enqueue(async () => {
      await unlink(this.#init.path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }, 'deleted');
  }

  /** Resolves when every queued write and delete has finished. */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(task: () => Promise<void>, what: string): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      this.#report('write', `The secrets cache ${this.#init.path} could not be ${what} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, error);
    });
  }

  #report(reason: BaxterCacheError['reason'], message: string, cause?: unknown): void {
    try {
      this.#init.onError(new BaxterCacheError(message, { reason, path: this.#init.path, cause }));
    } catch {
      // A throwing handler must not break the client.
    }
  }
}
