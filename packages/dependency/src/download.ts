import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TIMEOUTS, HttpError, get } from '@bpkit/http';
import type { HttpResponse, Timeouts } from '@bpkit/http';
import { formatDuration, redact } from '@bpkit/log';
import type { Logger } from '@bpkit/log';

export type { Timeouts };
export { DEFAULT_TIMEOUTS };

/** Exponential backoff between attempts; libbuildpack retries for about a minute. */
export interface RetryPolicy {
  initialDelayMs: number;
  multiplier: number;
  /** No new attempt starts once this much time (attempts + waits) would be exceeded. */
  maxElapsedMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 1000, multiplier: 2, maxElapsedMs: 60_000 };

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

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * `BPKIT_DOWNLOAD_TIMEOUT=<seconds>` bounds the wait for headers and the body's window, for operators on slow
 * links and for tests; `BPKIT_DOWNLOAD_RETRIES=<n>` caps the retries (as the Node bootstrap's curl does).
 */
function envTimeouts(env: Readonly<Record<string, string | undefined>>): Partial<Timeouts> {
  const seconds = count(env['BPKIT_DOWNLOAD_TIMEOUT']);
  return seconds ? { headersMs: seconds * 1000, bodyMs: seconds * 1000 } : {};
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function toDownloadError(err: unknown): DownloadError {
  if (err instanceof DownloadError) return err;
  const failure = HttpError.from(err);
  return new DownloadError(failure.message, failure.retryable);
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

async function openOnce(uri: string, options: DownloadOptions, timeouts: Timeouts): Promise<DownloadBody> {
  const threshold = options.progressThresholdBytes ?? 10 * 1024 * 1024;
  if (uri.startsWith('file:')) {
    const stream = createReadStream(fileURLToPath(uri), { highWaterMark: 1 << 20 });
    await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail)).catch((err: NodeJS.ErrnoException) => {
      throw new DownloadError(`could not read ${uri}: ${err.code ?? err.message}`, false);
    });
    return { chunks: trackBody(stream, undefined, options.log, threshold), contentLength: undefined };
  }
  let res: HttpResponse;
  try {
    res = await get(uri, { env: options.env ?? process.env, timeouts });
  } catch (err) {
    throw toDownloadError(err);
  }
  if (res.status < 200 || res.status > 299) {
    res.discard();
    throw new DownloadError(`could not download: ${res.status}`, res.status >= 500 || res.status === 429, res.status);
  }
  return { chunks: trackBody(res.body, res.contentLength, options.log, threshold), contentLength: res.contentLength };
}

/**
 * GETs `uri` (http, https or file) and hands the body to `consume`, retrying the whole attempt with
 * exponential backoff on connection errors, resets, truncated bodies, timeouts and 5xx answers.
 * Other statuses ≥ 400 and errors thrown by `consume` itself fail at once.
 * `consume` must clean up its own partial output before rethrowing.
 */
export async function download<T>(uri: string, consume: (body: DownloadBody) => Promise<T>, options: DownloadOptions): Promise<T> {
  const env = options.env ?? process.env;
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const timeouts = { ...DEFAULT_TIMEOUTS, ...envTimeouts(env), ...options.timeouts };
  const maxRetries = count(env['BPKIT_DOWNLOAD_RETRIES']) ?? Infinity;
  const sleep = policy.sleep ?? sleepMs;
  const start = Date.now();
  let delay = policy.initialDelayMs;
  for (let retries = 0; ; retries++) {
    try {
      const body = await openOnce(uri, options, timeouts);
      return await consume(body);
    } catch (err) {
      if (!(err instanceof DownloadError) || !err.retryable) throw err;
      if (retries >= maxRetries || Date.now() - start + delay > policy.maxElapsedMs) throw err;
      options.log.warning(`error: ${err.message}, retrying in ${formatDuration(delay)}`);
      await sleep(delay);
      delay *= policy.multiplier;
    }
  }
}
