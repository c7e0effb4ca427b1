/** go-buildpack's exit codes: operators and CF's own tests tell a failed Go staging's step by them. */
export const EXIT = {
  /** supply: no Go for the app, a rejected layout (.godir, gb), a bad Godeps.json, a failed install */
  supply: 16,
  /** finalize: the app can't be built as configured (no import path, glide/dep without vendor/, buildpack.yml) */
  finalize: 14,
  /** finalize: `go install` failed */
  compile: 13,
} as const;
