import { isMap } from './yaml-values.ts';

export interface RouteAttributes {
  routes?: string[];
  noRoute?: boolean;
  randomRoute?: boolean;
}

const PROTOCOLS: readonly string[] = ['http1', 'http2', 'tcp'];
// CC parses each route as a URI whose scheme may be left out: a host is required, a port makes it a
// TCP route (scheme tcp or none), otherwise the scheme is http, https or none.
const ROUTE_PATTERN = /^(?:([a-z][a-z\d+.-]*):\/\/)?([^/:?#\s]+)(?::(\d+))?(\/[^?#\s]*)?$/i;

/**
 * `routes:`, `no-route:` and `random-route:`, checked as Cloud Controller checks them, problems pushed
 * to `errors` in its words. They are not each other's conflicts: CC maps no route when `no-route` is
 * true, else the listed routes, and invents a random one only when neither applies.
 */
export function readRoutes(attributes: Map<string, unknown>, errors: string[]): RouteAttributes {
  const result: RouteAttributes = {};

  if (attributes.has('routes')) {
    const routes = attributes.get('routes');
    if (!Array.isArray(routes) || !routes.every((entry) => isMap(entry) && typeof entry.route === 'string' && entry.route !== '')) {
      errors.push('Routes must be a list of route objects');
    } else {
      const entries = routes as Array<{ route: string; protocol?: unknown }>;
      for (const { route } of entries) {
        if (!isWellFormedRoute(route)) errors.push(`The route '${route}' is not a properly formed URL`);
      }
      if (entries.some(({ protocol }) => protocol !== undefined && protocol !== null && !PROTOCOLS.includes(String(protocol)))) {
        errors.push("Route protocol must be 'http1', 'http2' or 'tcp'.");
      }
      result.routes = entries.map(({ route }) => route);
    }
  }

  const noRoute = readBoolean(attributes.get('no_route'), 'No-route', errors);
  if (noRoute !== undefined) result.noRoute = noRoute;
  const randomRoute = readBoolean(attributes.get('random_route'), 'Random-route', errors);
  if (randomRoute !== undefined) result.randomRoute = randomRoute;
  return result;
}

function isWellFormedRoute(route: string): boolean {
  const match = ROUTE_PATTERN.exec(route);
  if (!match) return false;
  const scheme = match[1]?.toLowerCase();
  if (match[3] !== undefined) return scheme === undefined || scheme === 'tcp';
  return scheme === undefined || scheme === 'http' || scheme === 'https';
}

function readBoolean(value: unknown, label: string, errors: string[]): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  errors.push(`${label} must be a boolean`);
  return undefined;
}
