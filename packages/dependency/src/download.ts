import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { redact } from '@bpkit/log';
import type { Logger } from '@bpkit/log';
import type { Dispatcher } from 'undici';

/** Exponential backoff between attempts; libbuildpack retries for about a minute. */
export interface RetryPolicy {
  initialDelayMs: number;
  multiplier: number;
  /** No new attempt starts once this much time (attempts + waits) would be exceeded. */
  maxElapsedMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 1000, multiplier: 2, maxElapsedMs: 60_000 };

export interface Timeouts {
  connectMs: number;
  /** Time to the response headers. */
  headersMs: number;
  /** Longest silence while the body streams. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, headersMs: 60_000, bodyMs: 60_000 };

export interface DownloadOptions {
  log: Logger;
  env?: Readonly<Record<string, string | undefined>>;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  /** Log progress every 10% for bodies larger than this (default 10 MB). */
  progressThresholdBytes?: number;
}

/** One attempt's body. Iterating it throws a retryable DownloadError on resets, truncation and timeouts. */
export interface DownloadBody {
  chunks: AsyncIterable<Buffer>;
  contentLength: number | undefined;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(redact(message));
  }
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Go's time.Duration style, as libbuildpack prints it: 500ms, 1s, 2.5s, 1m4s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.round(ms) / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = +(totalSeconds - minutes * 60).toFixed(3);
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const msg = err.message || code || err.name;
    return code && !msg.includes(code) ? `${msg} (${code})${cause}` : `${msg}${cause}`;
  }
  return String(err);
}

const NOT_RETRYABLE_CODES = new Set(['UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_ABORTED']);

function toDownloadError(err: unknown): DownloadError {
  if (err instanceof DownloadError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new DownloadError(describe(err), !(code && NOT_RETRYABLE_CODES.has(code)));
}

const dispatchers = new Map<string, Dispatcher>();

async function dispatcherFor(env: Readonly<Record<string, string | undefined>>, t: Timeouts): Promise<Dispatcher> {
  const proxy = {
    httpProxy: env['http_proxy'] ?? env['HTTP_PROXY'],
    httpsProxy: env['https_proxy'] ?? env['HTTPS_PROXY'],
    noProxy: env['no_proxy'] ?? env['NO_PROXY'],
  };
  const key = JSON.stringify([proxy, t]);
  const cached = dispatchers.get(key);
  if (cached) return cached;
  // undici is loaded on first download so buildpack phases that download nothing start fast.
  const { Agent, EnvHttpProxyAgent, interceptors } = await import('undici');
  const options = { connectTimeout: t.connectMs, headersTimeout: t.headersMs, bodyTimeout: t.bodyMs };
  const base =
    proxy.httpProxy || proxy.httpsProxy
      ? new EnvHttpProxyAgent({ ...options, httpProxy: proxy.httpProxy ?? '', httpsProxy: proxy.httpsProxy ?? proxy.httpProxy ?? '', noProxy: proxy.noProxy ?? '' })
      : new Agent(options);
  const dispatcher = base.compose(interceptors.redirect({ maxRedirections: 10 }));
  dispatchers.set(key, dispatcher);
  return dispatcher;
}

/** URL userinfo becomes a Basic Authorization header (as Go's http client does) and leaves the URL. */
function splitCredentials(uri: string): { url: string; headers: Record<string, string> } {
  const u = new URL(uri);
  if (!u.username && !u.password) return { url: uri, headers: {} };
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString(), headers: { authorization: `Basic ${auth}` } };
}

async function* trackBody(
  body: AsyncIterable<Buffer>,
  contentLength: number | undefined,
  log: Logger,
  progressThreshold: number,
): AsyncGenerator<Buffer> {
  let received = 0;
  let nextPct = 10;
  const showProgress = contentLength !== undefined && contentLength > progressThreshold;
  try {
    for await (const chunk of body) {
      received += chunk.length;
      if (showProgress && received * 100 >= nextPct * contentLength && nextPct <= 100) {
        const pct = Math.floor((received * 100) / contentLength / 10) * 10;
        log.info(`Downloaded ${pct}% (${(received / 1048576).toFixed(1)} MB of ${(contentLength / 1048576).toFixed(1)} MB)`);
        nextPct = pct + 10;
      }
      yield chunk;
    }
  } catch (err) {
    throw toDownloadError(err);
  }
  if (contentLength !== undefined && received < contentLength) {
    throw new DownloadError(`unexpected EOF: received ${received} of ${contentLength} bytes`, true);
  }
}

async function openOnce(uri: string, options: DownloadOptions, dispatcher: () => Promise<Dispatcher>): Promise<DownloadBody> {
  const threshold = options.progressThresholdBytes ?? 10 * 1024 * 1024;
  if (uri.startsWith('file:')) {
    const stream = createReadStream(fileURLToPath(uri), { highWaterMark: 1 << 20 });
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail)).catch((err: NodeJS.ErrnoException) => {
      throw new DownloadError(`could not read ${uri}: ${err.code ?? err.message}`, false);
    });
    return { chunks: trackBody(stream, undefined, options.log, threshold), contentLength: undefined };
  }
  let target: { url: string; headers: Record<string, string> };
  try {
    target = splitCredentials(uri);
  } catch {
    throw new DownloadError(`invalid dependency URI ${uri}`, false);
  }
  const { request } = await import('undici');
  let res: Dispatcher.ResponseData;
  try {
    res = await request(target.url, { method: 'GET', headers: target.headers, dispatcher: await dispatcher() });
  } catch (err) {
    throw toDownloadError(err);
  }
  if (res.statusCode < 200 || res.statusCode > 299) {
    await res.body.dump().catch(() => undefined);
    throw new DownloadError(`could not download: ${res.statusCode}`, res.statusCode >= 500 || res.statusCode === 429, res.statusCode);
  }
  const header = res.headers['content-length'];
  const length = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
  return { chunks: trackBody(res.body, length, options.log, threshold), contentLength: length };
}

/**
 * GETs `uri` (http, https or file) and hands the body to `consume`, retrying the whole attempt with
 * exponential backoff on connection errors, resets, truncated bodies, timeouts and 5xx answers.
 * Other statuses ≥ 400 and errors thrown by `consume` itself fail at once.
 * `consume` must clean up its own partial output before rethrowing.
 */
export async function download<T>(uri: string, consume: (body: DownloadBody) => Promise<T>, options: DownloadOptions): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const sleep = policy.sleep ?? sleepMs;
  const env = options.env ?? process.env;
  const start = Date.now();
  let delay = policy.initialDelayMs;
  for (;;) {
    try {
      const body = await openOnce(uri, options, () => dispatcherFor(env, timeouts));
      return await consume(body);
    } catch (err) {
      if (!(err instanceof DownloadError) || !err.retryable) throw err;
      if (Date.now() - start + delay > policy.maxElapsedMs) throw err;
      options.log.warning(`error: ${err.message}, retrying in ${formatDuration(delay)}`);
      await sleep(delay);
      delay *= policy.multiplier;
    }
  }
}
