/** A name or workspace problem `bpkit new` reports as a one-line error, never a stack trace. */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}
