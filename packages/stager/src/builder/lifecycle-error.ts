// BAL's messages and exit codes (buildpackapplifecycle models.go). The exit code is derived from the
// message text exactly as ExitCodeFromError does, so wrapping order decides the code (223 wins over 225).

export const DETECT_FAIL_MSG = 'None of the buildpacks detected a compatible application';
export const COMPILE_FAIL_MSG = 'Failed to compile droplet';
export const RELEASE_FAIL_MSG = 'Failed to build droplet release';
export const SUPPLY_FAIL_MSG = 'Failed to run all supply scripts';
export const NO_SUPPLY_SCRIPT_FAIL_MSG =
  'Error: one of the buildpacks chosen to supply dependencies does not support multi-buildpack apps';
export const MISSING_FINALIZE_WARN_MSG =
  'Warning: the last buildpack is not compatible with multi-buildpack apps and cannot make use of any dependencies supplied by the buildpacks specified before it';
export const FINALIZE_FAIL_MSG = 'Failed to run finalize script';

export const DETECT_FAIL_CODE = 222;
export const COMPILE_FAIL_CODE = 223;
export const RELEASE_FAIL_CODE = 224;
export const SUPPLY_FAIL_CODE = 225;
export const FINALIZE_FAIL_CODE = 226;

/** Go's descriptiveError: `message: cause`. */
export class LifecycleError extends Error {
  constructor(message: string, cause?: unknown) {
    super(cause === undefined ? message : `${message}: ${errorText(cause)}`);
    this.name = 'LifecycleError';
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function exitCodeFromError(error: unknown): number {
  const text = errorText(error);
  if (text.includes(DETECT_FAIL_MSG)) return DETECT_FAIL_CODE;
  if (text.includes(COMPILE_FAIL_MSG)) return COMPILE_FAIL_CODE;
  if (text.includes(RELEASE_FAIL_MSG)) return RELEASE_FAIL_CODE;
  if (text.includes(SUPPLY_FAIL_MSG)) return SUPPLY_FAIL_CODE;
  if (text.includes(NO_SUPPLY_SCRIPT_FAIL_MSG)) return SUPPLY_FAIL_CODE;
  if (text.includes(FINALIZE_FAIL_MSG)) return FINALIZE_FAIL_CODE;
  return 1;
}
