import { json, problem } from '../problem.js';
import { type AdminRoute, objectBody, stringField } from './admin-context.js';

/** Admin routes that change what the emulator serves: environments, API keys, secrets. */
export const stateRoutes: AdminRoute[] = [
  {
    // Creates (or reuses) an environment, optionally with secrets, and mints an API key for it.
    method: 'POST',
    path: '/environments',
    handler: (ctx) => {
      const body = objectBody(ctx);
      if (body instanceof Response) return body;
      const project = stringField(body, 'project');
      if (project instanceof Response) return project;
      const environment = stringField(body, 'environment');
      if (environment instanceof Response) return environment;
      const role = stringField(body, 'role', { optional: true });
      if (role instanceof Response) return role;
      const secrets = body.secrets ?? {};
      if (!secrets || typeof secrets !== 'object' || Array.isArray(secrets) || Object.values(secrets).some((v) => typeof v !== 'string')) {
        return problem(400, 'Invalid secrets', '"secrets" must be an object of string values.');
      }
      const seeded = ctx.emulator.addEnvironment({ project: project!, environment: environment!, secrets: secrets as Record<string, string>, ...(role ? { role } : {}) });
      return json(seeded, 201);
    },
  },
  {
    method: 'POST',
    path: '/api-keys',
    handler: (ctx) => {
      const body = objectBody(ctx);
      if (body instanceof Response) return body;
      const project = stringField(body, 'project');
      if (project instanceof Response) return project;
      const environment = stringField(body, 'environment');
      if (environment instanceof Response) return environment;
      const role = stringField(body, 'role', { optional: true });
      if (role instanceof Response) return role;
      if (!ctx.emulator.store.findEnvironment(project!, environment!)) {
        return problem(404, 'Environment not found', `No environment "${environment}" in project "${project}": create it with POST /_emulator/environments.`);
      }
      return json({ apiKey: ctx.emulator.createApiKey({ project: project!, environment: environment!, ...(role ? { role } : {}) }), project, environment }, 201);
    },
  },
  {
    // Registers a device key (base64 SPKI or its PEM): its E2EE answers carry X-Bella-Wrapped-Dek and X-Bella-Lease-Expires.
    method: 'POST',
    path: '/device-keys',
    handler: (ctx) => {
      const body = objectBody(ctx);
      if (body instanceof Response) return body;
      const publicKey = stringField(body, 'publicKey');
      if (publicKey instanceof Response) return publicKey;
      if (body.leaseSeconds !== undefined && typeof body.leaseSeconds !== 'number') return problem(400, 'Invalid leaseSeconds', '"leaseSeconds" must be a number > 0.');
      const registered = ctx.emulator.registerDeviceKey({ publicKey: publicKey!, ...(body.leaseSeconds !== undefined ? { leaseSeconds: body.leaseSeconds as number } : {}) });
      return json({ publicKey: registered }, 201);
    },
  },
  {
    // PUT /_emulator/projects/{p}/environments/{e}/secrets/{key}  body {value}  [?provider=slug]
    method: 'PUT',
    path: '/projects/:p/environments/:e/secrets/:key',
    handler: (ctx) => {
      const [project, environment, key] = ctx.params as [string, string, string];
      const body = objectBody(ctx);
      if (body instanceof Response) return body;
      if (typeof body.value !== 'string') return problem(400, 'Invalid value', '"value" must be a string.');
      const provider = ctx.url.searchParams.get('provider') ?? undefined;
      ctx.emulator.setSecret({ project, environment, key, value: body.value, ...(provider ? { provider } : {}) });
      const env = ctx.emulator.store.findEnvironment(project, environment)!;
      return json({ project, environment, key, version: env.version });
    },
  },
  {
    method: 'DELETE',
    path: '/projects/:p/environments/:e/secrets/:key',
    handler: (ctx) => {
      const [project, environment, key] = ctx.params as [string, string, string];
      const provider = ctx.url.searchParams.get('provider') ?? undefined;
      if (!ctx.emulator.deleteSecret({ project, environment, key, ...(provider ? { provider } : {}) })) {
        return problem(404, 'Secret not found', `No secret "${key}" in ${project}/${environment}${provider ? ` (provider "${provider}")` : ''}.`);
      }
      return json({ project, environment, key, deleted: true, version: ctx.emulator.store.findEnvironment(project, environment)!.version });
    },
  },
];
