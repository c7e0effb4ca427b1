import { redact } from '@bpkit/log';

/**
 * Codes of failures that asking again cannot fix. Everything else (refused, reset, timed out, truncated,
 * unparseable answer) is a transport failure worth a retry.
 */
const PERMANENT = new Set([
  'BPKIT_INVALID_URL',
  'BPKIT_UNSUPPORTED_PROTOCOL',
  'BPKIT_TOO_MANY_REDIRECTS',
  'ABORT_ERR',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export class HttpError extends Error {
  override name = 'HttpError';
  /** Node's errno code (`ECONNREFUSED`, `ECONNRESET`, `HPE_…`) or one of bpkit's (`BPKIT_TIMEOUT`, …). */
  readonly code: string;
  readonly retryable: boolean;
  constructor(message: string, code: string) {
    super(redact(message));
    this.code = code;
    this.retryable = !PERMANENT.has(code);
  }

  /** Node's socket and parser errors as one message: `connect ECONNREFUSED 127.0.0.1:1`, `aborted (ECONNRESET)`. */
  static from(err: unknown): HttpError {
    if (err instanceof HttpError) return err;
    if (!(err instanceof Error)) return new HttpError(String(err), 'UNKNOWN');
    const code = (err as NodeJS.ErrnoException).code ?? (err.name === 'AbortError' ? 'ABORT_ERR' : 'UNKNOWN');
    const text = err.message || code;
    return new HttpError(code !== 'UNKNOWN' && !text.includes(code) ? `${text} (${code})` : text, code);
  }
}
