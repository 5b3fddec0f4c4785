import type { EmulatorClock } from './clock.js';
import type { Caller } from './request-auth.js';
import type { RouteName } from './router.js';
import type { EmulatorStore } from './store.js';

/** What a route handler gets. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  body: Uint8Array;
  caller: Caller;
  store: EmulatorStore;
  clock: EmulatorClock;
  /** The emulator's switches and extensions, for routes that need them. */
  features: EmulatorFeatures;
}

export interface EmulatorFeatures {
  /** Serve `GET .../secrets/hash` at environment level (the real server answers 404 there). */
  environmentHashEndpoint: boolean;
  /** Whether `/secrets/version` numbers like the full answer's `version` (see the emulator option). */
  versionUnits: 'same' | 'distinct';
}

export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;

/** Handlers per route and method; routes are added by feature modules. */
export type RouteTable = Partial<Record<RouteName, Partial<Record<string, RouteHandler>>>>;

/** Parses a JSON request body, or undefined when it is not JSON. */
export function readJson(ctx: RouteContext): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(ctx.body));
  } catch {
    return undefined;
  }
}
