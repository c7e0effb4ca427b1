/** cf CLI's warning when a manifest uses the singular `buildpack:`. */
export const BUILDPACK_DEPRECATION_WARNING =
  "Deprecation warning: Use of 'buildpack' attribute in manifest is deprecated in favor of 'buildpacks'. " +
  'Please see https://docs.cloudfoundry.org/devguide/deploy-apps/manifest-attributes.html#deprecated ' +
  'for alternatives and other app manifest deprecations. This feature will be removed in the future.';

/**
 * `buildpacks:` or the deprecated `buildpack:`, as Cloud Controller reads them; `[]` means autodetect.
 * Pushes CC's refusals to `errors`.
 */
export function readBuildpacks(attributes: Map<string, unknown>, errors: string[]): string[] | undefined {
  const hasSingular = attributes.has('buildpack');
  const hasPlural = attributes.has('buildpacks');
  if (hasSingular && hasPlural) {
    errors.push('Buildpack and Buildpacks fields cannot be used together.');
    return undefined;
  }
  if (hasSingular) return readSingular(attributes.get('buildpack'), errors);
  if (hasPlural) return readPlural(attributes.get('buildpacks'), errors);
  return undefined;
}

function readSingular(value: unknown, errors: string[]): string[] | undefined {
  // `default`, `null` and an empty value all ask for detection.
  if (value === null || value === 'default' || value === 'null') return [];
  if (typeof value !== 'string') {
    errors.push('Buildpack must be a string');
    return undefined;
  }
  if (value.length < 1 || value.length > 4096) {
    errors.push('Buildpack must be between 1 and 4096 characters');
    return undefined;
  }
  return [value];
}

function readPlural(value: unknown, errors: string[]): string[] | undefined {
  if (value === null) return undefined;
  if (!Array.isArray(value)) {
    errors.push('Buildpacks must be an array');
    return undefined;
  }
  if (!value.every((entry) => typeof entry === 'string')) {
    errors.push('Buildpacks can only contain strings');
    return undefined;
  }
  if (value.some((entry: string) => entry.trim() === '' || entry.length > 4096)) {
    // CC's check; its exact wording was not found, this follows its other length messages.
    errors.push('Buildpacks entries must be between 1 and 4096 characters');
    return undefined;
  }
  return value as string[];
}
