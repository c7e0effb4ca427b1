/**
 * A manifest, vars file or push flag that `cf push` would refuse. The message is the text cf prints
 * (the CLI prints it, then FAILED, and exits 1), so callers print `message` unchanged.
 */
export class ManifestError extends Error {
  override name = 'ManifestError';
}
