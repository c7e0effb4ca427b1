import type { AppManifest } from './app-manifest-types.ts';
import { goYamlTypeError } from './go-yaml-type-error.ts';
import { ManifestError } from './manifest-error.ts';
import { parseManifestApp } from './parse-manifest-app.ts';
import { BUILDPACK_DEPRECATION_WARNING } from './read-buildpacks.ts';
import { assertEveryAppNamed } from './select-apps-by-name.ts';
import { isMap } from './yaml-values.ts';

/**
 * A manifest document, already interpolated, checked as `cf push` checks it: first what the cf CLI
 * refuses itself, then everything Cloud Controller would refuse, all of CC's problems in one error,
 * one per line. Unknown top-level keys are ignored, as the CLI drops them.
 */
export function parseAppManifest(document: unknown, manifestPath: string, manifestDir: string): AppManifest {
  if (document !== null && !isMap(document)) throw goYamlTypeError(document, 'manifestparser.Manifest');
  const top = document ?? {};

  const applications = top.applications;
  if (applications !== undefined && applications !== null && !Array.isArray(applications)) {
    throw goYamlTypeError(applications, '[]manifestparser.Application');
  }
  if (!applications || applications.length === 0) throw new ManifestError('Manifest must have at least one application.');

  const version = top.version;
  if (version !== undefined && version !== null && version !== 1) {
    throw new ManifestError('Unsupported manifest schema version. Currently supported versions: [1].');
  }

  const parsed = applications.map((raw, index) => parseManifestApp(raw, index, manifestDir));
  const apps = parsed.map(({ app }) => app);
  assertEveryAppNamed(apps);
  const errors = parsed.flatMap(({ errors }) => errors);
  if (errors.length > 0) throw new ManifestError(errors.join('\n'));

  const manifest: AppManifest = { path: manifestPath, applications: apps, warnings: [] };
  if (version === 1) manifest.version = 1;
  // cf warns once per manifest, however many apps use the old attribute.
  if (parsed.some(({ usesSingularBuildpack }) => usesSingularBuildpack)) manifest.warnings.push(BUILDPACK_DEPRECATION_WARNING);
  return manifest;
}
