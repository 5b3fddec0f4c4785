/**
 * Minimal typed listeners. A listener that throws (or rejects) is reported to
 * `onListenerError` and never breaks the caller: the refresh loop must go on.
 */
export class Listeners<Events extends Record<string, unknown>> {
  readonly #map = new Map<keyof Events, Set<(event: never) => unknown>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<K extends keyof Events>(name: K, fn: (event: Events[K]) => unknown): () => void {
    let set = this.#map.get(name);
    if (!set) this.#map.set(name, (set = new Set()));
    set.add(fn as (event: never) => unknown);
    return () => void set.delete(fn as (event: never) => unknown);
  }

  count(name: keyof Events): number {
    return this.#map.get(name)?.size ?? 0;
  }

  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    const set = this.#map.get(name);
    if (!set?.size) return;
    // A copy: a listener that subscribes or unsubscribes does not change this round.
    for (const fn of [...set]) {
      try {
        const result = (fn as (event: Events[K]) => unknown)(event);
        if (result instanceof Promise) result.catch(this.onListenerError);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.#map.clear();
  }
}
