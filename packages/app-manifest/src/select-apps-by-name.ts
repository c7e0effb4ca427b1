import type { ManifestApp } from './app-manifest-types.ts';
import { ManifestError } from './manifest-error.ts';

/** cf's error for a multi-app manifest with a nameless app, whatever app name was given. */
export function assertEveryAppNamed(apps: readonly ManifestApp[]): void {
  if (apps.length > 1 && apps.some((app) => app.name === '')) {
    throw new ManifestError('Found an application with no name specified.');
  }
}

/**
 * cf's HandleAppNameOverride: with an app name, push only that app; a single-app manifest is pushed
 * under the given name even when its own `name:` differs. Without one, push every app, all of which
 * must then be named.
 */
export function selectAppsByName(apps: readonly ManifestApp[], appName: string | undefined): ManifestApp[] {
  assertEveryAppNamed(apps);
  if (appName) {
    const found = apps.find((app) => app.name === appName);
    if (found) return [found];
    if (apps.length === 1) return [{ ...(apps[0] as ManifestApp), name: appName }];
    throw new ManifestError(`Could not find app named '${appName}' in manifest`);
  }
  if (apps.some((app) => app.name === '')) {
    // Two spaces after the colon, as cf's AppNameOrManifestRequiredError has them.
    throw new ManifestError(
      'Incorrect Usage:  The push command requires an app name. The app name can be supplied as an argument or with a manifest.yml file.',
    );
  }
  return [...apps];
}
