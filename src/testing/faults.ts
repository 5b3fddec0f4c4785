import type { RouteName } from './router.js';

/**
 * A fault to inject. Matching requests (by route and method) fail with
 * probability `rate` (default 1), at most `times` times (default unlimited).
 * Pass it to `emulator.injectFault(rule)`, which returns a function removing it.
 *
 * @example
 * ```ts
 * // The next three hash checks (one refresh and its two retries) answer 503.
 * const heal = emulator.injectFault({ route: 'envSecretsHash', status: 503, times: 3 });
 * await expect(client.refresh()).rejects.toThrow();
 * heal();
 * ```
 */
export interface FaultRule {
  /** Route name (`envSecretsHash`, `envSecrets`, ...) or omitted for every route. */
  route?: RouteName | undefined;
  method?: string | undefined;
  /** Answer this status with a problem+json body. */
  status?: number | undefined;
  /** With `status`, a `Retry-After` header in seconds. */
  retryAfterSeconds?: number | undefined;
  /** Answer 200 with this JSON body instead of the real one (a hostile or broken server's exact answer). */
  answerJson?: unknown;
  /** Answer 200 with a body that is not JSON. */
  malformedJson?: boolean | undefined;
  /** Close the connection without an answer (a network error for the client). */
  drop?: boolean | undefined;
  /** Delay the answer by this many (real) milliseconds. */
  latencyMs?: number | undefined;
  /** Never answer: the request hangs until the client gives up or the connection closes. */
  hang?: boolean | undefined;
  /** Slowloris: send the real answer's headers, then its body one byte every this many (real) milliseconds. */
  slowBodyMs?: number | undefined;
  /** Send the real answer's headers and half its body, then reset the connection. */
  resetMidBody?: boolean | undefined;
  /** Answer 200 with a JSON-looking body of this many bytes, generated as it is read (a huge answer). */
  hugeBodyBytes?: number | undefined;
  /** Declare this `Content-Length` on the huge body (a server that says in advance how big it is). */
  declareLength?: boolean | undefined;
  /** Answer the real status with the real body cut in half (valid JSON truncated). */
  truncatedJson?: boolean | undefined;
  /**
   * Answer the real JSON with one value replaced by a hostile one (a number for a string, CR/LF,
   * 16 KB, `..`, a non-Latin-1 character, null...), chosen by the seeded PRNG: schema poisoning.
   */
  poison?: boolean | undefined;
  /** Probability in [0, 1] that a matching request is hit. @default 1 */
  rate?: number | undefined;
  /** Hit at most this many requests, then stop. @default Infinity */
  times?: number | undefined;
}

export type FaultAction =
  | { kind: 'status'; status: number; retryAfterSeconds: number | undefined }
  | { kind: 'malformed' }
  | { kind: 'json'; body: unknown }
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'slow'; intervalMs: number }
  | { kind: 'reset' }
  | { kind: 'huge'; bytes: number; declareLength: boolean }
  | { kind: 'truncated' }
  | { kind: 'poison'; pick: number };

/** The hostile values `poison` puts in place of one value of a real answer. */
export const POISONS: readonly unknown[] = [12345, null, true, {}, [], '', '.', '..', 'a\r\nX-Injected: 1', 'x'.repeat(16_384), '\u20ac\u2713', '%2e%2e', 'bellabaxter:v1:AAAA'];

/** mulberry32: a tiny seeded PRNG, so a failing test replays with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  #rules: Array<FaultRule & { hits: number }> = [];
  #random: () => number;
  /** How many faults were injected, by kind (`status`, `hang`, `poison`, ...), since the emulator started. */
  readonly injected: Record<string, number> = {};

  constructor(readonly seed: number) {
    this.#random = seededRandom(seed);
  }

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const entry = { ...rule, hits: 0 };
    this.#rules.push(entry);
    return () => {
      this.#rules = this.#rules.filter((r) => r !== entry);
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /** Decides what happens to one request: latency to wait and the fault, if any. */
  decide(route: RouteName | undefined, method: string): { latencyMs: number; action: FaultAction | undefined } {
    const decision = this.#decide(route, method);
    if (decision.action) this.injected[decision.action.kind] = (this.injected[decision.action.kind] ?? 0) + 1;
    return decision;
  }

  #decide(route: RouteName | undefined, method: string): { latencyMs: number; action: FaultAction | undefined } {
    let latencyMs = 0;
    for (const rule of this.#rules) {
      if (rule.route && rule.route !== route) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.hits >= (rule.times ?? Number.POSITIVE_INFINITY)) continue;
      if (this.#random() >= (rule.rate ?? 1)) continue;
      rule.hits++;
      latencyMs += rule.latencyMs ?? 0;
      if (rule.drop) return { latencyMs, action: { kind: 'drop' } };
      if (rule.hang) return { latencyMs, action: { kind: 'hang' } };
      if (rule.slowBodyMs !== undefined) return { latencyMs, action: { kind: 'slow', intervalMs: rule.slowBodyMs } };
      if (rule.resetMidBody) return { latencyMs, action: { kind: 'reset' } };
      if (rule.hugeBodyBytes !== undefined) return { latencyMs, action: { kind: 'huge', bytes: rule.hugeBodyBytes, declareLength: rule.declareLength ?? false } };
      if (rule.truncatedJson) return { latencyMs, action: { kind: 'truncated' } };
      if (rule.poison) return { latencyMs, action: { kind: 'poison', pick: Math.floor(this.#random() * 1_000_000) } };
      if (rule.answerJson !== undefined) return { latencyMs, action: { kind: 'json', body: rule.answerJson } };
      if (rule.malformedJson) return { latencyMs, action: { kind: 'malformed' } };
      if (rule.status) return { latencyMs, action: { kind: 'status', status: rule.status, retryAfterSeconds: rule.retryAfterSeconds } };
    }
    return { latencyMs, action: undefined };
  }
}
