/** Points every dependency download at a mirror: `BPKIT_DEPENDENCY_MIRROR=https://mirror.internal[:port][/prefix]`. */
export const MIRROR_ENV = 'BPKIT_DEPENDENCY_MIRROR';

/**
 * Replaces the URI's scheme://[userinfo@]host[:port] with the mirror's, keeping path and query
 * (a mirror path prefix is prepended). Non-http(s) URIs and an unset variable leave the URI unchanged.
 */
export function applyMirror(uri: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const mirror = env[MIRROR_ENV]?.trim();
  if (!mirror) return uri;
  let source: URL;
  let target: URL;
  try {
    source = new URL(uri);
    target = new URL(mirror);
  } catch {
    return uri;
  }
  if (source.protocol !== 'http:' && source.protocol !== 'https:') return uri;
  const prefix = target.pathname.replace(/\/+$/, '');
  return `${target.origin.replace('://', '://' + userinfo(target))}${prefix}${source.pathname}${source.search}`;
}

function userinfo(u: URL): string {
  if (!u.username && !u.password) return '';
  return u.password ? `${u.username}:${u.password}@` : `${u.username}@`;
}
