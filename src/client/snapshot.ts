import { INSPECT } from '../shared/redact.js';

/**
 * An immutable set of secrets as fetched at one moment. Reads are O(1).
 * `util.inspect`, `JSON.stringify` and `String()` show keys only, never values.
 *
 * @example
 * ```ts
 * client.on('change', ({ current }) => console.log(current.keys()));
 * ```
 */
export class SecretsSnapshot {
  readonly #values: Readonly<Record<string, string>>;
  /** The change marker this snapshot was fetched under (hash or version), if known. */
  readonly marker: string | undefined;
  /** When the client received it. */
  readonly fetchedAt: Date;

  constructor(values: Record<string, string>, marker: string | undefined, fetchedAt: Date) {
    this.#values = Object.freeze(Object.assign(Object.create(null) as Record<string, string>, values));
    this.marker = marker || undefined;
    this.fetchedAt = fetchedAt;
  }

  /** A secret's value, or undefined. */
  get(key: string): string | undefined {
    return this.#values[key];
  }

  /** Whether the secret exists. */
  has(key: string): boolean {
    return Object.hasOwn(this.#values, key);
  }

  /** The key names, in the order the server sent them. */
  keys(): string[] {
    return Object.keys(this.#values);
  }

  get size(): number {
    return Object.keys(this.#values).length;
  }

  /** The values as a frozen object (shared, not copied: it cannot be modified). */
  values(): Readonly<Record<string, string>> {
    return this.#values;
  }

  /** Key names, marker and fetch time, never values (what `JSON.stringify(snapshot)` shows). */
  toJSON(): { keys: string[]; marker: string | undefined; fetchedAt: string } {
    return { keys: this.keys(), marker: this.marker, fetchedAt: this.fetchedAt.toISOString() };
  }

  /** `SecretsSnapshot(N secrets)`: never a value. */
  toString(): string {
    return `SecretsSnapshot(${this.keys().join(', ')})`;
  }

  /** @internal The `util.inspect` / `console.log` view: key names only, values redacted. */
  [INSPECT](): string {
    return `SecretsSnapshot { keys: [${this.keys().join(', ')}], values: [REDACTED] }`;
  }
}

/**
 * What changed between two snapshots: key names only, never values. The
 * `change` event (`SecretsChangeEvent`) carries these three lists.
 *
 * @example
 * ```ts
 * import type { SecretsDiff } from '@bella-baxter/sdk';
 *
 * const summary = ({ added, removed, changed }: SecretsDiff) => `+${added.length} -${removed.length} ~${changed.length}`;
 * client.on('change', (event) => console.log('secrets', summary(event)));
 * ```
 */
export interface SecretsDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffSnapshots(previous: SecretsSnapshot, current: SecretsSnapshot): SecretsDiff {
  const before = previous.values();
  const after = current.values();
  const added: string[] = [];
  const changed: string[] = [];
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key)) added.push(key);
    else if (before[key] !== after[key]) changed.push(key);
  }
  const removed = Object.keys(before).filter((key) => !Object.hasOwn(after, key));
  return { added, removed, changed };
}
