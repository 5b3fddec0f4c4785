import type { BaxterEmulatorCore } from '../emulator.js';
import { json, problem } from '../problem.js';
import { ADMIN_PREFIX, type AdminRoute, isLoopback } from './admin-context.js';
import { stateRoutes } from './admin-state-routes.js';
import { timeRoutes } from './admin-time-routes.js';

/** Where a request came from, when it arrived over a socket. */
export interface RequestOrigin {
  /** The peer's address (`127.0.0.1`, `::1`, ...); undefined in process (`emulator.fetch`). */
  remoteAddress?: string | undefined;
}

const compile = (route: AdminRoute) => ({
  ...route,
  regex: new RegExp(`^${ADMIN_PREFIX}${route.path.replace(/:[a-z]+/g, '([^/]+)')}/?$`),
});

/**
 * The emulator's admin API under `/_emulator/...`, on the same port as the Bella
 * API, for tools and tests in any language: seed, change secrets, move the
 * clock, run the scheduler, inject faults, read the request log. Loopback
 * peers only. Answers JSON; errors are problem+json.
 */
export class AdminApi {
  readonly #routes: Array<ReturnType<typeof compile>>;

  constructor(private readonly emulator: BaxterEmulatorCore) {
    this.#routes = [...stateRoutes, ...timeRoutes()].map(compile);
  }

  static matches(pathname: string): boolean {
    return pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);
  }

  async handle(request: Request, url: URL, body: Uint8Array, origin: RequestOrigin): Promise<Response> {
    // Over a socket, only this machine; in process (emulator.fetch) there is no peer.
    if (origin.remoteAddress !== undefined && !isLoopback(origin.remoteAddress)) {
      return problem(403, 'Admin API is loopback only', 'The /_emulator admin API answers requests from this machine only.');
    }
    if (url.pathname.replace(/\/$/, '') === ADMIN_PREFIX && request.method === 'GET') {
      return json({ routes: this.#routes.map((r) => `${r.method} ${ADMIN_PREFIX}${r.path}`) });
    }
    const candidates = this.#routes.map((r) => ({ r, m: r.regex.exec(url.pathname) })).filter((x) => x.m);
    if (candidates.length === 0) return problem(404, 'Not Found', `No admin endpoint at ${url.pathname}; GET ${ADMIN_PREFIX} lists them.`);
    const hit = candidates.find((x) => x.r.method === request.method);
    if (!hit) return problem(405, 'Method Not Allowed', `${url.pathname} accepts ${candidates.map((x) => x.r.method).join(', ')}.`, { Allow: candidates.map((x) => x.r.method).join(', ') });
    let params: string[];
    try {
      params = hit.m!.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return problem(400, 'Invalid path', 'A path segment is not valid percent-encoding.');
    }
    try {
      return await hit.r.handler({ emulator: this.emulator, request, url, params, body });
    } catch (error) {
      // Seeding rules (TypeError) and the like: the caller's mistake, said plainly.
      if (error instanceof TypeError) return problem(400, 'Invalid request', error.message.replace(/^@bella-baxter\/sdk\/testing: /, ''));
      throw error;
    }
  }
}
