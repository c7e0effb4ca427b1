// Node's own HTTP client, not undici: undici 7 (the last line that runs on Node 20) asserts and kills the
// process when a server ends a close-delimited body while the consumer applies backpressure
// (nodejs/undici#5360), and plain `python3 -m http.server` does exactly that.
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { formatDuration, redact } from '@bpkit/log';
import { HttpError } from './http-error.ts';
import { proxyFor } from './proxy.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface Timeouts {
  /** To an open TCP connection (to the proxy, if one is used). */
  connectMs: number;
  /** From the connection to the response headers. */
  headersMs: number;
  /**
   * The body's window: a server that sends nothing, or less than minBytesPerSecond on average, for this long
   * fails the download. Time the consumer holds data back is not counted.
   */
  bodyMs: number;
  /** curl's --speed-limit: 1 KiB/s over the window, unless set. */
  minBytesPerSecond: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, headersMs: 60_000, bodyMs: 60_000, minBytesPerSecond: 1024 };

export interface GetOptions {
  headers?: Readonly<Record<string, string>>;
  /** HTTP(S)_PROXY and NO_PROXY come from here (default process.env). */
  env?: Env;
  timeouts?: Partial<Timeouts>;
  /** Go's http.Client stops after 10. */
  maxRedirects?: number;
  /** false accepts any certificate (CF's skip-cert-verify). */
  rejectUnauthorized?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Where the answer came from after redirects, without credentials. */
  readonly url: string;
  /** From Content-Length, when the server sent one. */
  readonly contentLength: number | undefined;
  /**
   * The body, once. Iterating throws an HttpError on a reset, a body shorter than its Content-Length or a
   * stall; leaving the loop early closes the connection.
   */
  readonly body: AsyncIterable<Buffer>;
  text(): Promise<string>;
  /** Closes the connection without reading the body. */
  discard(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function parseUrl(raw: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new HttpError(`invalid URL ${String(raw)}`, 'BPKIT_INVALID_URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError(`unsupported protocol scheme "${url.protocol.replace(/:$/, '')}" in ${url.href}`, 'BPKIT_UNSUPPORTED_PROTOCOL');
  }
  return url;
}

/** URL userinfo becomes a Basic Authorization header and leaves the URL, as in Go's http.Client. */
function takeCredentials(url: URL): { url: URL; authorization?: string } {
  if (!url.username && !url.password) return { url };
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return { url: bare, authorization };
}

/** Go keeps Authorization on a redirect to the same host or one of its subdomains only. */
function keepsAuthorization(from: URL, to: URL): boolean {
  return to.hostname === from.hostname || to.hostname.endsWith(`.${from.hostname}`);
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  const { authorization } = takeCredentials(proxy);
  return authorization ? { 'proxy-authorization': authorization } : {};
}

function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** The hostname as sockets and TLS take it: IPv6 without brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** SNI names a host, never an IP address. */
function serverName(url: URL): { servername?: string } {
  return isIP(hostOf(url)) ? {} : { servername: hostOf(url) };
}

function noop(): void {}

interface Hop {
  url: URL;
  headers: Record<string, string>;
  env: Env;
  timeouts: Timeouts;
  rejectUnauthorized: boolean;
  signal: AbortSignal | undefined;
}

/** One request, through the environment's proxy if it names one: resolves at the response headers. */
function requestOnce(hop: Hop): Promise<IncomingMessage> {
  const { url, timeouts } = hop;
  const proxy = proxyFor(url, hop.env);
  return new Promise((resolve, reject) => {
    const requests: ClientRequest[] = [];
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const r of requests) r.destroy();
      reject(HttpError.from(err));
    };
    const arm = (ms: number, message: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new HttpError(message, 'BPKIT_TIMEOUT')), ms);
    };
    const watch = (req: ClientRequest, onConnected: () => void): ClientRequest => {
      requests.push(req);
      // Errors after the answer (a reset mid-body) reach the body's iterator instead.
      req.on('error', fail);
      req.once('socket', (socket: Socket) => {
        socket.on('error', noop);
        if (socket.connecting) socket.once('connect', onConnected);
        else onConnected();
      });
      return req;
    };
    const awaitHeaders = (): void => arm(timeouts.headersMs, `timeout awaiting response headers from ${url.host} after ${formatDuration(timeouts.headersMs)}`);
    const answer = (res: IncomingMessage): void => {
      res.on('error', noop);
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(res);
    };
    const target = proxy ?? url;
    arm(timeouts.connectMs, `timeout connecting to ${target.host} after ${formatDuration(timeouts.connectMs)}`);
    const tls = { rejectUnauthorized: hop.rejectUnauthorized };
    const signal = hop.signal ? { signal: hop.signal } : {};
    const send = (target: URL, options: RequestOptions): ClientRequest => (target.protocol === 'https:' ? httpsRequest : httpRequest)(options);

    if (!proxy || url.protocol === 'http:') {
      // Direct, or plain http through a proxy: the proxy gets the absolute URL as the request target.
      const options: RequestOptions = {
        method: 'GET',
        host: hostOf(target),
        port: portOf(target),
        path: proxy ? url.href : `${url.pathname}${url.search}`,
        headers: { host: url.host, ...hop.headers, ...(proxy ? proxyAuthorization(proxy) : {}) },
        agent: false,
        ...(target.protocol === 'https:' ? serverName(target) : {}),
        ...tls,
        ...signal,
      };
      watch(send(target, options), awaitHeaders).once('response', answer).end();
      return;
    }

    // https through a proxy: a CONNECT tunnel, then TLS to the origin inside it.
    const authority = `${url.hostname}:${portOf(url)}`;
    const tunnel = send(proxy, {
      method: 'CONNECT',
      host: hostOf(proxy),
      port: portOf(proxy),
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      agent: false,
      ...(proxy.protocol === 'https:' ? serverName(proxy) : {}),
      ...tls,
      ...signal,
    });
    watch(tunnel, () => arm(timeouts.headersMs, `timeout awaiting the proxy's CONNECT answer from ${proxy.host}`));
    tunnel.once('connect', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', noop);
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(new HttpError(`proxy ${proxy.host} refused CONNECT to ${authority}: ${res.statusCode ?? 0}`, 'BPKIT_PROXY'));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      const req = httpsRequest({
        method: 'GET',
        host: hostOf(url),
        port: portOf(url),
        path: `${url.pathname}${url.search}`,
        headers: { host: url.host, ...hop.headers },
        createConnection: () => tlsConnect({ socket, ...serverName(url), ...tls }),
        ...signal,
      });
      watch(req, noop).once('response', answer).end();
      awaitHeaders();
    });
    tunnel.end();
  });
}

function respond(res: IncomingMessage, url: URL, timeouts: Timeouts): HttpResponse {
  const { bodyMs, minBytesPerSecond } = timeouts;
  const socket = res.socket;
  // Checked once per bodyMs from the socket's byte count: an idle timer alone never fires on a server that
  // trickles a byte a second. Only a window the consumer spent (almost) all of waiting for data counts: time it
  // holds a chunk (writing it, hashing it) is the consumer's, not the server's.
  let lastBytes = socket.bytesRead;
  let waitedMs = 0;
  let waitingSince: number | undefined;
  const watch = setInterval(() => {
    const now = Date.now();
    if (waitingSince !== undefined) {
      waitedMs += now - waitingSince;
      waitingSince = now;
    }
    const got = socket.bytesRead - lastBytes;
    const waited = waitedMs;
    lastBytes = socket.bytesRead;
    waitedMs = 0;
    if (res.complete || waited < bodyMs * 0.9) return;
    if (got === 0) {
      res.destroy(new HttpError(`body timeout: no data from ${url.host} for ${formatDuration(bodyMs)}`, 'BPKIT_TIMEOUT'));
    } else if (got < (minBytesPerSecond * bodyMs) / 1000) {
      res.destroy(new HttpError(`body timeout: ${url.host} sent ${got} bytes in ${formatDuration(bodyMs)}, below ${minBytesPerSecond} bytes/s`, 'BPKIT_TIMEOUT'));
    }
  }, bodyMs);
  watch.unref();
  res.once('close', () => clearInterval(watch));
  const header = res.headers['content-length'];
  const contentLength = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
  let taken = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    if (taken) throw new HttpError('the response body was already read', 'BPKIT_BODY_USED');
    taken = true;
    try {
      const iterator = res[Symbol.asyncIterator]();
      for (;;) {
        waitingSince = Date.now();
        const next = await iterator.next();
        if (waitingSince !== undefined) waitedMs += Date.now() - waitingSince;
        waitingSince = undefined;
        if (next.done) break;
        yield next.value as Buffer;
      }
    } catch (err) {
      throw HttpError.from(err);
    } finally {
      if (!res.complete) res.destroy();
    }
  }
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    url: url.href,
    contentLength,
    body: { [Symbol.asyncIterator]: chunks },
    async text() {
      const parts: Buffer[] = [];
      for await (const chunk of chunks()) parts.push(chunk);
      return Buffer.concat(parts).toString('utf8');
    },
    discard() {
      res.destroy();
    },
  };
}

/**
 * GET `url`, following redirects, through the proxy the environment names. Resolves at the response headers
 * for any status; rejects with an HttpError (message redacted) when no answer arrives.
 */
export async function get(url: string, options: GetOptions = {}): Promise<HttpResponse> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxRedirects = options.maxRedirects ?? 10;
  const first = takeCredentials(parseUrl(url));
  let target = first.url;
  const headers: Record<string, string> = { 'user-agent': 'bpkit', ...options.headers };
  if (first.authorization) headers['authorization'] = first.authorization;
  for (let redirects = 0; ; redirects++) {
    if (options.signal?.aborted) throw HttpError.from(options.signal.reason ?? new Error('aborted'));
    const res = await requestOnce({
      url: target,
      headers,
      env: options.env ?? process.env,
      timeouts,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
      signal: options.signal,
    });
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return respond(res, target, timeouts);
    res.destroy();
    if (redirects >= maxRedirects) throw new HttpError(`Get "${redact(target.href)}": stopped after ${maxRedirects} redirects`, 'BPKIT_TOO_MANY_REDIRECTS');
    const next = takeCredentials(parseUrl(location, target));
    if (next.authorization) headers['authorization'] = next.authorization;
    else if (!keepsAuthorization(target, next.url)) delete headers['authorization'];
    target = next.url;
  }
}
