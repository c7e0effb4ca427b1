/** A problem with manifest.yml (or override.yml) that the operator or buildpack author must fix. */
export class ManifestError extends Error {
  override name = 'ManifestError';
}
