import { json, problem } from '../problem.js';
import type { RouteTable } from '../route-context.js';

/** `GET /keys/me`. */
export const keyRoutes: RouteTable = {
  keyContext: {
    GET: ({ caller, store }) => {
      if (caller.kind !== 'apiKey') return problem(404, 'Not an API key', 'GET /keys/me describes API keys only.');
      const env = store.findEnvironment(caller.project, caller.environment);
      const project = store.projects.get(caller.project);
      return json({
        keyId: caller.key.keyId,
        role: caller.key.role,
        tenantId: 'tenant-emulator',
        tenantSlug: 'emulator',
        tenantName: 'Emulator',
        projectId: `project-${caller.project}`,
        projectSlug: caller.project,
        projectName: project?.name ?? caller.project,
        environmentId: `env-${caller.environment}`,
        environmentSlug: caller.environment,
        environmentName: env?.name ?? caller.environment,
      });
    },
  },
};
