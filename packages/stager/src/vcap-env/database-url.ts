// DATABASE_URL from VCAP_SERVICES (databaseuri package): the first `credentials.uri` whose scheme is
// mysql, mysql2, postgres or postgresql, with mysql→mysql2 and postgresql→postgres. Go walks the
// services map in random order; JSON document order is one of the orders Go can produce.

const SCHEMES: Record<string, string> = { mysql: 'mysql2', mysql2: '', postgres: '', postgresql: 'postgres' };

/** Credentials(): every non-empty credentials.uri; undefined when VCAP_SERVICES does not decode. */
export function serviceUris(vcapServices: string): string[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(vcapServices);
  } catch {
    return undefined;
  }
  if (data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) return undefined;
  const uris: string[] = [];
  for (const instances of Object.values(data as Record<string, unknown>)) {
    if (instances === null) continue;
    if (!Array.isArray(instances)) return undefined;
    for (const instance of instances) {
      if (instance === null) continue;
      if (typeof instance !== 'object' || Array.isArray(instance)) return undefined;
      const credentials = (instance as Record<string, unknown>).credentials;
      if (credentials === undefined || credentials === null) continue;
      if (typeof credentials !== 'object' || Array.isArray(credentials)) return undefined;
      const uri = (credentials as Record<string, unknown>).uri;
      if (uri === undefined || uri === null) continue;
      if (typeof uri !== 'string') return undefined;
      if (uri !== '') uris.push(uri);
    }
  }
  return uris;
}

/** Uri(): the DATABASE_URL value, or '' when none qualifies. */
export function databaseUrl(uris: readonly string[]): string {
  for (const uri of uris) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(uri);
    if (!m) continue;
    const scheme = (m[1] as string).toLowerCase();
    const mapped = SCHEMES[scheme];
    if (mapped === undefined) continue;
    return `${mapped || scheme}:${m[2]}`;
  }
  return '';
}

/** Applies BAL's rule to an environment in place: only when VCAP_SERVICES is set and a URI qualifies. */
export function applyDatabaseUrl(env: Record<string, string>): void {
  const services = env.VCAP_SERVICES;
  if (!services) return;
  const uris = serviceUris(services);
  if (!uris) return;
  const url = databaseUrl(uris);
  if (url) env.DATABASE_URL = url;
}
