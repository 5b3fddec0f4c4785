import type { BaxterEmulatorCore } from '../emulator.js';
import { problem } from '../problem.js';

/** The path prefix of the emulator's admin API (same port as the Bella API). */
export const ADMIN_PREFIX = '/_emulator';

/** What an admin route handler gets. */
export interface AdminContext {
  emulator: BaxterEmulatorCore;
  request: Request;
  url: URL;
  /** Path parameters, decoded. */
  params: string[];
  body: Uint8Array;
}

export type AdminHandler = (ctx: AdminContext) => Response | Promise<Response>;

/** One admin route: method, a path pattern below the prefix (`:name` segments), handler. */
export interface AdminRoute {
  method: string;
  path: string;
  handler: AdminHandler;
}

/** Reads a JSON object body; an empty body reads as `{}`; anything else is a 400 to answer. */
export function objectBody(ctx: AdminContext): Record<string, unknown> | Response {
  if (ctx.body.byteLength === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(ctx.body));
  } catch {
    return problem(400, 'Invalid JSON', 'The body must be a JSON object.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return problem(400, 'Invalid body', 'The body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

/** A required non-empty string field, or the 400 to answer. */
export function stringField(body: Record<string, unknown>, name: string, options: { optional?: boolean } = {}): string | undefined | Response {
  const value = body[name];
  if (value === undefined && options.optional) return undefined;
  if (typeof value !== 'string' || value === '') return problem(400, `Invalid ${name}`, `"${name}" must be a non-empty string.`);
  return value;
}

/** Whether a socket's peer address is this machine. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
