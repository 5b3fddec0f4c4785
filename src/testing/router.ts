import { routeTemplates } from '../api/paths.js';

export type RouteName = keyof typeof routeTemplates;

export interface RouteMatch {
  name: RouteName;
  params: Record<string, string>;
}

// Built from the SDK's own route table, so the emulator and the client can never disagree on a path.
const compiled = (Object.entries(routeTemplates) as Array<[RouteName, string]>).map(([name, template]) => {
  const names: string[] = [];
  const pattern = template.replace(/:([a-z]+)/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { name, names, regex: new RegExp(`^${pattern}/?$`) };
});

export function matchRoute(pathname: string): RouteMatch | undefined {
  for (const route of compiled) {
    const m = route.regex.exec(pathname);
    if (m) {
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { name: route.name, params };
    }
  }
  return undefined;
}
