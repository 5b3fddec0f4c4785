import { AdminApi, type RequestOrigin } from './admin/admin-api.js';
import { EmulatorClock } from './clock.js';
import { faultyResponse, hugeResponse, STREAMED, waitForAbort } from './fault-responses.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { LeaseBook, type CredentialsProviderSettings, type EmulatorLease } from './leases.js';
import { problem } from './problem.js';
import { RequestAuthenticator } from './request-auth.js';
import { checkPolicyBody, RotationEngine, type EmulatorRotationPolicy, type RotationEngineOptions, type RotationLogEntry } from './rotation-engine.js';
import type { LoggedRequest } from './request-log.js';
import type { EmulatorFeatures, RouteContext, RouteTable } from './route-context.js';
import { matchRoute } from './router.js';
import { credentialRoutes } from './routes/credentials.js';
import { keyRoutes } from './routes/keys.js';
import { rotationRoutes } from './routes/rotation.js';
import { secretRoutes } from './routes/secrets.js';
import { DROP_CONNECTION, serveFetchHandler, type ListenOptions, type ListeningServer } from './server.js';
import { EmulatorStore, type EmulatorSeed } from './store.js';

/**
 * Options of {@link createBaxterEmulator}. All optional: an empty emulator on
 * real time.
 *
 * @example
 * ```ts
 * const emulator = createBaxterEmulator({
 *   now: new Date('2026-03-17T17:00:00Z'), // frozen: only emulator.clock.advance() moves time
 *   seed: { projects: [{ slug: 'shop', environments: [{ slug: 'dev', secrets: { API_TOKEN: 't0k3n' } }] }] },
 *   faultSeed: 42,
 *   rotation: { schedulerIntervalMs: 60_000 },
 * });
 * ```
 */
export interface BaxterEmulatorOptions {
  /** Projects, environments, providers, secrets and API keys to start with. */
  seed?: EmulatorSeed;
  /** Start the clock frozen at this time (tests), or, with `timeScale`, running from it; omitted: real time until `clock.advance()`/`freeze()`. */
  now?: Date | number;
  /** Serve the environment-level `/secrets/hash` (the real server answers 404 there). @default true */
  environmentHashEndpoint?: boolean;
  /**
   * `'distinct'`: `/secrets/version` counts in other units than the full answer's `version` (here:
   * from 1,000,001), as the real server's may (wire contract §3), so a client that compares the two
   * is caught. `'same'` is what the official SDKs rely on. @default 'same'
   */
  versionUnits?: 'same' | 'distinct';
  /** Seed of the fault-injection PRNG, so a failing test replays. @default 1 */
  faultSeed?: number;
  /**
   * Run the clock sped up: one real millisecond is `timeScale` emulator
   * milliseconds (3600: one real second is one emulator hour). Starts at `now`
   * when given, and runs (it is not frozen). @default 1 (real time)
   */
  timeScale?: number;
  /** Tuning of the rotation scheduler, retries and rotation-function calls. */
  rotation?: RotationEngineOptions;
}

/**
 * Which secret an emulator rotation call (`setRotationPolicy`,
 * `getRotationPolicy`) is about: slugs of the project, environment and provider,
 * and the secret's key.
 *
 * @example
 * ```ts
 * import type { EmulatorSecretRef } from '@bella-baxter/sdk/testing';
 *
 * const ref: EmulatorSecretRef = { project: 'shop', environment: 'dev', provider: 'vault', key: 'SESSION_SECRET' };
 * emulator.setRotationPolicy({ ...ref, policy: { enabled: true, intervalDays: 30, strategy: 'GenerateRandom', randomFormat: 'hex32' } });
 * emulator.getRotationPolicy(ref)?.nextRotationAt; // 30 days from now, emulator time
 * ```
 */
export interface EmulatorSecretRef {
  project: string;
  environment: string;
  provider: string;
  key: string;
}

/**
 * The result of {@link BaxterEmulatorCore.addEnvironment}: the slugs, and an API
 * key scoped to that environment.
 *
 * @example
 * ```ts
 * const { project, environment, apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'test', secrets: { API_TOKEN: 't0k3n' } });
 * const client = await createBaxterClient({ baxterUrl: server.url, apiKey, project, environment });
 * ```
 */
export interface SeededEnvironment {
  project: string;
  environment: string;
  /** A `bax-...` API key scoped to this environment. */
  apiKey: string;
}

const MALFORMED_BODY = '{"environmentSlug": "truncated';

/**
 * The emulator without msw: store, routes, clock, faults, `fetch` and `listen()`.
 * The `bella-emulator` bin runs on it, so it needs no msw; tests and apps use
 * {@link BaxterEmulator} (from `createBaxterEmulator`), which adds msw `handlers`.
 *
 * @example
 * ```ts
 * import { createBaxterEmulator, type BaxterEmulatorCore } from '@bella-baxter/sdk/testing';
 *
 * // A test helper typed on the core accepts any emulator.
 * function seedShop(emulator: BaxterEmulatorCore): string {
 *   return emulator.addEnvironment({ project: 'shop', environment: 'test', secrets: { DATABASE_URL: 'postgres://localhost/shop' } }).apiKey;
 * }
 * const apiKey = seedShop(createBaxterEmulator());
 * ```
 */
export class BaxterEmulatorCore {
  readonly clock: EmulatorClock;
  readonly store: EmulatorStore;
  readonly faults: FaultInjector;
  /** Rotation policies, the scheduler and its log. */
  readonly rotation: RotationEngine;
  /** Dynamic-credential leases, expiring on the emulator clock. */
  readonly leases: LeaseBook;
  /** Every request received, oldest first. */
  readonly requests: LoggedRequest[] = [];
  /** What the `seed` option left worth knowing (e.g. no API keys); `bella-emulator` prints them. */
  readonly seedWarnings: readonly string[] = [];
  readonly #auth: RequestAuthenticator;
  readonly #routes: RouteTable[] = [secretRoutes, keyRoutes];
  readonly #features: EmulatorFeatures;
  readonly #servers = new Set<ListeningServer>();
  readonly #admin: AdminApi;
  #waiters: Array<{ match: (r: LoggedRequest) => boolean; resolve: (r: LoggedRequest) => void }> = [];

  constructor(options: BaxterEmulatorOptions = {}) {
    this.clock = new EmulatorClock({ start: options.now, timeScale: options.timeScale });
    this.store = new EmulatorStore(() => this.clock.now());
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    this.rotation = new RotationEngine(this.store, this.clock, options.rotation);
    this.leases = new LeaseBook(this.clock);
    this.use(rotationRoutes(this.rotation));
    this.use(credentialRoutes(this.leases));
    // Signature freshness and token expiry follow the host's wall clock, like the client's; the emulator
    // clock is domain time (rotations, leases), which tests may freeze or speed up.
    this.#auth = new RequestAuthenticator(this.store, () => Date.now());
    this.#features = { environmentHashEndpoint: options.environmentHashEndpoint ?? true, versionUnits: options.versionUnits ?? 'same' };
    this.#admin = new AdminApi(this);
    if (options.seed) {
      this.seedWarnings = this.store.seed(options.seed);
      for (const p of options.seed.rotationPolicies ?? []) this.setRotationPolicy(p);
    }
    this.fetch = this.fetch.bind(this);
  }

  /** Adds routes (used by the emulator's own feature modules). @internal */
  use(routes: RouteTable): void {
    this.#routes.unshift(routes);
  }

  /** Creates an environment with secrets and returns an API key scoped to it. */
  addEnvironment(init: {
    project: string;
    environment: string;
    secrets?: Record<string, string>;
    providers?: Array<{ slug: string; name?: string; type?: string; secrets?: Record<string, string>; roles?: string[] }>;
    role?: string;
  }): SeededEnvironment {
    this.store.seed({ projects: [{ slug: init.project, environments: [{ slug: init.environment, ...(init.secrets ? { secrets: init.secrets } : {}), ...(init.providers ? { providers: init.providers } : {}) }] }] });
    this.store.addEnvironment(init.project, init.environment);
    return { project: init.project, environment: init.environment, apiKey: this.store.createApiKey(init.project, init.environment, init.role) };
  }

  /** Sets (or changes) a secret, as a user would in the console. */
  setSecret(init: { project: string; environment: string; key: string; value: string; provider?: string }): void {
    this.store.setSecret(init.project, init.environment, init.key, init.value, init.provider);
  }

  /** Removes a secret. */
  deleteSecret(init: { project: string; environment: string; key: string; provider?: string }): boolean {
    return this.store.deleteSecret(init.project, init.environment, init.key, init.provider);
  }

  /** Mints an API key scoped to one environment. */
  createApiKey(init: { project: string; environment: string; role?: string }): string {
    return this.store.createApiKey(init.project, init.environment, init.role);
  }

  /**
   * Registers a device key for persistent E2EE (the console's "register device"):
   * E2EE answers to requests whose `X-E2E-Public-Key` is this key carry
   * `X-Bella-Wrapped-Dek` (the environment's data key wrapped to it) and
   * `X-Bella-Lease-Expires` (now + `leaseSeconds`, default 3600). Takes the
   * base64 SPKI public key (what `X-E2E-Public-Key` carries) or its PEM; returns
   * it as base64.
   */
  registerDeviceKey(init: { publicKey: string; leaseSeconds?: number }): string {
    return this.store.registerDeviceKey(init.publicKey, init.leaseSeconds);
  }

  /** Revokes an API key: its requests get 401 from then on. */
  revokeApiKey(apiKey: string): void {
    const keyId = apiKey.split('-')[1];
    const key = keyId ? this.store.apiKeys.get(keyId) : undefined;
    if (key) key.revoked = true;
  }

  /** Mints a JWT access token accepted as `Authorization: Bearer`. */
  createAccessToken(claims: { project?: string; environment?: string; expiresInSeconds?: number } = {}): Promise<string> {
    return this.#auth.createAccessToken(claims);
  }

  /**
   * Sets a secret's rotation policy as a user would in the console (same rules
   * as `PUT .../rotation-policy`; a bad policy throws a `TypeError`). Returns the
   * signing secret when one was generated.
   */
  setRotationPolicy(init: EmulatorSecretRef & { policy: Record<string, unknown> }): { signingSecret: string | null } {
    const checked = checkPolicyBody(init.policy);
    if (!checked.ok) throw new TypeError(`@bella-baxter/sdk/testing: invalid rotation policy: ${checked.detail}`);
    const { project, environment, provider, key } = init;
    return { signingSecret: this.rotation.setPolicy({ project, environment, provider, key }, checked.config).signingSecret };
  }

  /** A policy with its state and unmasked secrets (the read-back API masks them), or undefined. */
  getRotationPolicy(ref: EmulatorSecretRef): EmulatorRotationPolicy | undefined {
    return this.rotation.getPolicy(ref);
  }

  /** What the rotation engine did (started, rotated, failed, retry and revoke scheduling, revoked), oldest first. */
  get rotationLog(): readonly RotationLogEntry[] {
    return this.rotation.log;
  }

  /** Resolves once no rotation or revoke call is in flight (manual rotations run in the background). */
  rotationsIdle(): Promise<void> {
    return this.rotation.idle();
  }

  /** Sets the roles a provider issues dynamic credentials for (the first is the default), and how. */
  setCredentialRoles(init: { project: string; environment: string; provider: string; roles: string[] } & CredentialsProviderSettings): void {
    const { project, environment, provider, roles, ...settings } = init;
    const env = this.store.addEnvironment(project, environment);
    this.store.addProvider(env, { slug: provider, roles });
    this.leases.configure({ project, environment, provider }, settings);
  }

  /** Every lease issued, oldest first (copies; passwords included, for assertions). */
  issuedLeases(filter: { project?: string; environment?: string; provider?: string } = {}): EmulatorLease[] {
    return this.leases.list(filter);
  }

  /** Whether a lease has expired on the emulator clock (undefined for an unknown lease id). */
  isLeaseExpired(leaseId: string): boolean | undefined {
    return this.leases.isExpired(leaseId);
  }

  /** Plays the database login: `valid` until the credentials' lease expires, then `expired`; `unknown` otherwise. */
  checkCredentials(username: string, password: string): 'valid' | 'expired' | 'unknown' {
    return this.leases.check(username, password);
  }

  /** Injects a fault; returns a function that removes it. */
  injectFault(rule: FaultRule): () => void {
    return this.faults.add(rule);
  }

  /**
   * Handles one request, Fetch-API style. Pass it as the client's `fetch` option
   * for an in-process emulator without msw.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : new Request(input, init);
    return this.#handle(request).then((r) => (r === DROP_CONNECTION ? Promise.reject(new TypeError('fetch failed: connection dropped by the emulator')) : r));
  }

  /** Serves the emulator on a real loopback port. */
  async listen(options: ListenOptions = {}): Promise<ListeningServer> {
    const server = await serveFetchHandler((request, origin) => this.#handle(request, origin), options);
    this.#servers.add(server);
    return {
      ...server,
      close: async () => {
        this.#servers.delete(server);
        await server.close();
      },
    };
  }

  /** Closes every server started by `listen()`, stops the clock's driver and the rotation engine. */
  async close(): Promise<void> {
    this.clock.stop();
    await this.rotation.close();
    await Promise.all([...this.#servers].map((s) => s.close()));
    this.#servers.clear();
  }

  /**
   * Resolves with the next request (matching `route`, when given) once it has
   * been answered: a way to wait for a client's background poll without sleeping.
   */
  nextRequest(route?: string): Promise<LoggedRequest> {
    return new Promise((resolve) => this.#waiters.push({ match: (r) => route === undefined || r.route === route, resolve }));
  }

  /** Requests that matched a route name, in order. */
  requestsTo(route: string): LoggedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Answers one request, or says to drop the connection (a fault). @internal */
  protected handleRequest(request: Request): Promise<Response | typeof DROP_CONNECTION> {
    return this.#handle(request);
  }

  async #handle(request: Request, origin: RequestOrigin = {}): Promise<Response | typeof DROP_CONNECTION> {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    // The admin API: not logged, never faulted.
    if (AdminApi.matches(url.pathname)) return this.#admin.handle(request, url, body, origin);
    const match = matchRoute(url.pathname);
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => (headers[k] = v));
    const log = (status: number, bytes: number) => {
      const entry: LoggedRequest = { method: request.method, path: url.pathname, route: match?.name, status, at: this.clock.date(), headers, responseBytes: bytes };
      this.requests.push(entry);
      const ready = this.#waiters.filter((w) => w.match(entry));
      this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(entry);
    };

    const { latencyMs, action } = this.faults.decide(match?.name, request.method);
    if (latencyMs > 0) {
      // Unref'd: an injected delay must never keep a test process alive on its own.
      await new Promise((r) => setTimeout(r, latencyMs).unref?.());
    }
    if (action?.kind === 'drop') {
      log(0, 0);
      return DROP_CONNECTION;
    }
    if (action?.kind === 'hang') {
      // Until the client gives up or the server closes (both abort the request's signal).
      await waitForAbort(request.signal);
      log(0, 0);
      return DROP_CONNECTION;
    }
    if (action?.kind === 'huge') {
      log(200, action.bytes);
      return hugeResponse(action.bytes, action.declareLength);
    }
    let response = await this.#answer(request, url, body, match, action);
    if (action && (action.kind === 'slow' || action.kind === 'reset' || action.kind === 'truncated' || action.kind === 'poison')) {
      response = await faultyResponse(response, action);
    }
    // A streamed (faulty) body is not read here: it may be slow or never end.
    const bytes = STREAMED.has(response) || !response.body ? 0 : (await response.clone().arrayBuffer()).byteLength;
    log(response.status, bytes);
    return response;
  }

  async #answer(
    request: Request,
    url: URL,
    body: Uint8Array,
    match: ReturnType<typeof matchRoute>,
    action: ReturnType<FaultInjector['decide']>['action'],
  ): Promise<Response> {
    if (action?.kind === 'status') {
      return problem(action.status, 'Injected fault', 'The emulator injected this failure.', action.retryAfterSeconds !== undefined ? { 'Retry-After': String(action.retryAfterSeconds) } : {});
    }
    if (action?.kind === 'json') return Response.json(action.body);
    if (action?.kind === 'malformed') return new Response(MALFORMED_BODY, { status: 200, headers: { 'Content-Type': 'application/json' } });
    if (!match) return problem(404, 'Not Found', `No endpoint at ${url.pathname}.`);
    const handler = this.#routes.map((t) => t[match.name]?.[request.method]).find(Boolean);
    if (!handler) {
      const known = this.#routes.some((t) => t[match.name]);
      return problem(known ? 405 : 404, known ? 'Method Not Allowed' : 'Not Found');
    }
    const auth = await this.#auth.verify(request.method, url, request.headers, body);
    if (!auth.ok) return problem(401, 'Unauthorized', auth.reason);
    const { caller } = auth;
    const { project, environment } = match.params;
    // Like the real server: 404, not 403, outside the caller's scope, so a key cannot probe what exists.
    if (project !== undefined && caller.project !== undefined && caller.project !== project) {
      return problem(404, 'Project not found', `No project "${project}" for these credentials.`);
    }
    if (environment !== undefined && caller.environment !== undefined && caller.environment !== environment) {
      return problem(404, 'Environment not found', `No environment "${environment}" in project "${project}" for these credentials.`);
    }
    const ctx: RouteContext = { request, url, params: match.params, body, caller, store: this.store, clock: this.clock, features: this.#features };
    return handler(ctx);
  }
}
