import type { FaultRule } from '../faults.js';
import { json, problem } from '../problem.js';
import type { LoggedRequest } from '../request-log.js';
import { type AdminContext, type AdminRoute, objectBody } from './admin-context.js';

const UNITS = { ms: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

function clockState(ctx: AdminContext): Response {
  const { clock } = ctx.emulator;
  return json({ now: clock.date().toISOString(), frozen: clock.frozen, timeScale: clock.timeScale });
}

/** A request as the admin API shows it: the Bearer token left out (it is reusable; signatures are not). */
function shown(r: LoggedRequest): Record<string, unknown> {
  const { authorization: _token, ...headers } = r.headers;
  return { ...r, at: r.at.toISOString(), headers };
}

const FAULT_FIELDS = [
  'route', 'method', 'status', 'retryAfterSeconds', 'answerJson', 'malformedJson', 'drop', 'latencyMs', 'hang', 'slowBodyMs',
  'resetMidBody', 'hugeBodyBytes', 'declareLength', 'truncatedJson', 'poison', 'rate', 'times',
] as const satisfies ReadonlyArray<keyof FaultRule>;
// Compile-time: every FaultRule field is accepted here (a new fault kind must be added above).
const everyFaultField: Exclude<keyof FaultRule, (typeof FAULT_FIELDS)[number]> extends never ? true : never = true;
void everyFaultField;

/** Admin routes for time, the rotation scheduler, faults and the request log. Faults get ids, to remove one. */
export function timeRoutes(): AdminRoute[] {
  const faults = new Map<string, () => void>();
  let nextFault = 1;
  return [
    { method: 'GET', path: '/clock', handler: clockState },
    {
      // Moves emulator time forward, running every timer that falls due (rotations, revokes, lease expiry).
      method: 'POST',
      path: '/clock/advance',
      handler: async (ctx) => {
        const body = objectBody(ctx);
        if (body instanceof Response) return body;
        let ms = 0;
        for (const [unit, factor] of Object.entries(UNITS)) {
          const v = body[unit];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return problem(400, `Invalid ${unit}`, `"${unit}" must be a number >= 0.`);
          ms += v * factor;
        }
        await ctx.emulator.clock.advance(ms);
        return clockState(ctx);
      },
    },
    {
      // {now: ISO} sets the time (forward: due timers run; backward: no timer runs); {running, timeScale} lets it run.
      method: 'PUT',
      path: '/clock',
      handler: async (ctx) => {
        const body = objectBody(ctx);
        if (body instanceof Response) return body;
        const { clock } = ctx.emulator;
        if (body.now !== undefined) {
          const at = typeof body.now === 'string' ? Date.parse(body.now) : Number.NaN;
          if (Number.isNaN(at)) return problem(400, 'Invalid now', '"now" must be an ISO-8601 time, e.g. 2026-03-17T17:00:00Z.');
          if (at >= clock.now()) await clock.advance(at - clock.now());
          else clock.freeze(at);
        }
        if (body.timeScale !== undefined && !(typeof body.timeScale === 'number' && body.timeScale > 0)) return problem(400, 'Invalid timeScale', '"timeScale" must be a number > 0.');
        if (body.running === true) clock.resume((body.timeScale as number | undefined) ?? clock.timeScale);
        else if (body.running === false) clock.freeze();
        return clockState(ctx);
      },
    },
    {
      method: 'POST',
      path: '/scheduler/run',
      handler: async (ctx) => {
        const rotated = await ctx.emulator.rotation.runScheduler();
        return json({ rotated, at: ctx.emulator.clock.date().toISOString() });
      },
    },
    {
      method: 'POST',
      path: '/faults',
      handler: (ctx) => {
        const body = objectBody(ctx);
        if (body instanceof Response) return body;
        const unknown = Object.keys(body).filter((k) => !(FAULT_FIELDS as readonly string[]).includes(k));
        if (unknown.length > 0) return problem(400, 'Unknown fault fields', `Unknown: ${unknown.join(', ')}; known: ${FAULT_FIELDS.join(', ')}.`);
        const id = `fault-${nextFault++}`;
        faults.set(id, ctx.emulator.injectFault(body as FaultRule));
        return json({ id, ...body }, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/faults/:id',
      handler: (ctx) => {
        const remove = faults.get(ctx.params[0]!);
        if (!remove) return problem(404, 'Fault not found', `No fault "${ctx.params[0]}".`);
        remove();
        faults.delete(ctx.params[0]!);
        return json({ id: ctx.params[0], deleted: true });
      },
    },
    {
      method: 'DELETE',
      path: '/faults',
      handler: () => {
        for (const remove of faults.values()) remove();
        const deleted = faults.size;
        faults.clear();
        return json({ deleted });
      },
    },
    {
      // ?route=envSecretsHash to filter; ?since=N to skip the first N (poll with the last `total`).
      method: 'GET',
      path: '/requests',
      handler: (ctx) => {
        const route = ctx.url.searchParams.get('route');
        const since = Number(ctx.url.searchParams.get('since') ?? 0);
        const all = ctx.emulator.requests;
        const slice = all.slice(Number.isInteger(since) && since > 0 ? since : 0).filter((r) => route === null || r.route === route);
        return json({ total: all.length, requests: slice.map(shown) });
      },
    },
    {
      method: 'GET',
      path: '/rotation-log',
      handler: (ctx) => json({ entries: ctx.emulator.rotationLog.map((e) => ({ ...e, at: e.at.toISOString(), ...(e.dueAt ? { dueAt: e.dueAt.toISOString() } : {}) })) }),
    },
  ];
}
