import { BlockList, isIP } from 'node:net';

type Env = Readonly<Record<string, string | undefined>>;

function firstSet(env: Env, ...names: string[]): string {
  for (const name of names) {
    const value = env[name];
    if (value) return value;
  }
  return '';
}

function parseProxy(value: string): URL | undefined {
  if (!value) return undefined;
  try {
    // Go accepts a bare `host:port` as an http proxy.
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return undefined;
  }
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function excluded(url: URL, noProxy: string): boolean {
  const host = bareHost(url.hostname);
  const port = defaultPort(url);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      const [network, bits] = entry.split('/');
      const family = isIP(network ?? '');
      const hostFamily = isIP(host);
      if (family && hostFamily === family) {
        const list = new BlockList();
        list.addSubnet(network ?? '', Number(bits), family === 6 ? 'ipv6' : 'ipv4');
        if (list.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
      }
      continue;
    }
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const name = bareHost(m[1] ?? '');
    if (m[2] && m[2] !== port) continue;
    if (isIP(name)) {
      if (name === host) return true;
    } else if (name.startsWith('.')) {
      // `.example.com` matches its subdomains only; `*.example.com` likewise.
      if (host.endsWith(name)) return true;
    } else if (name.startsWith('*.')) {
      if (host.endsWith(name.slice(1))) return true;
    } else if (host === name || host.endsWith(`.${name}`)) {
      return true;
    }
  }
  return false;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * The proxy for `url` as Go's net/http reads the environment (libbuildpack downloads with it):
 * HTTPS_PROXY for https, HTTP_PROXY for http, upper case first; NO_PROXY hosts, domain suffixes, IPs, CIDRs
 * and `*`; loopback and localhost never go through a proxy.
 */
export function proxyFor(url: URL, env: Env): URL | undefined {
  const value = url.protocol === 'https:' ? firstSet(env, 'HTTPS_PROXY', 'https_proxy') : url.protocol === 'http:' ? firstSet(env, 'HTTP_PROXY', 'http_proxy') : '';
  const proxy = parseProxy(value);
  if (!proxy) return undefined;
  if (isLoopback(bareHost(url.hostname))) return undefined;
  if (excluded(url, firstSet(env, 'NO_PROXY', 'no_proxy'))) return undefined;
  return proxy;
}
