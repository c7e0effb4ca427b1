import { basename, dirname, resolve } from 'node:path';
import type { AppManifest, ManifestApp, PushFlags } from './app-manifest-types.ts';
import { ManifestError } from './manifest-error.ts';
import { resolveAppPath } from './resolve-app-path.ts';
import { selectAppsByName } from './select-apps-by-name.ts';
import { DEFAULT_VALUES, validatePushFlags } from './validate-push-flags.ts';

/**
 * cf push's merge: which apps to push and with what. Flags override the manifest's values for the one
 * app pushed; with several apps and no app name, any flag that sets an app attribute is refused, as
 * cf refuses it. Every returned app has a name and an absolute `path`. Route settings come back as they
 * take effect: `noRoute` drops routes and `randomRoute`, listed routes drop `randomRoute`.
 * Without a manifest, `flags.path`'s basename names the app when `flags.appName` is not given.
 */
export function applyPushFlags(manifest: AppManifest | undefined, flags: PushFlags, cwd: string): ManifestApp[] {
  validatePushFlags(flags, cwd);
  let appName = flags.appName;
  if (!manifest && !appName && flags.path !== undefined) appName = basename(resolve(cwd, flags.path));
  const base = manifest ? manifest.applications.map((app) => structuredClone(app)) : [{ name: appName ?? '' }];

  const apps = selectAppsByName(base, appName);
  if (apps.length > 1 && setsAppAttributes(flags)) {
    throw new ManifestError('Incorrect Usage: Command line flags (except -f) cannot be applied when pushing multiple apps from a manifest file.');
  }
  const defaultDir = manifest ? dirname(manifest.path) : cwd;
  return apps.map((app) => {
    const merged = overrideAttributes(app, flags);
    merged.path = resolveAppPath(app.path, flags.path, cwd, defaultDir);
    return withEffectiveRoutes(merged);
  });
}

function overrideAttributes(app: ManifestApp, flags: PushFlags): ManifestApp {
  const result = { ...app };
  if (flags.instances !== undefined) result.instances = flags.instances;
  if (flags.command !== undefined) {
    if (DEFAULT_VALUES.includes(flags.command)) delete result.command;
    else result.command = flags.command;
  }
  if (flags.healthCheckType !== undefined) {
    result.healthCheckType = flags.healthCheckType;
    // An endpoint means nothing to the new type, so cf drops the manifest's.
    if (flags.healthCheckType !== 'http') delete result.healthCheckHttpEndpoint;
  }
  if (flags.healthCheckHttpEndpoint) {
    result.healthCheckHttpEndpoint = flags.healthCheckHttpEndpoint;
    if (result.healthCheckType !== undefined && result.healthCheckType !== 'http') {
      throw new ManifestError(
        `Incorrect Usage: The flag option --endpoint cannot be used with the manifest property health-check-type set to ${result.healthCheckType}`,
      );
    }
  }
  if (flags.timeout) result.timeout = flags.timeout;
  if (flags.memoryMb !== undefined) result.memoryMb = flags.memoryMb;
  if (flags.diskMb !== undefined) result.diskMb = flags.diskMb;
  if (flags.env && Object.keys(flags.env).length > 0) result.env = { ...result.env, ...flags.env };
  if (flags.noRoute) result.noRoute = true;
  if (flags.randomRoute) result.randomRoute = true;
  if (flags.stack) result.stack = flags.stack;
  if (flags.buildpacks && flags.buildpacks.length > 0) {
    result.buildpacks = DEFAULT_VALUES.includes(flags.buildpacks[0] as string) ? [] : [...flags.buildpacks];
  }
  return result;
}

// Each of cf's per-app override steps refuses a manifest that still has several apps. noStart is not
// one of them; env is bpkit's own flag and is per app, so it is refused too.
function setsAppAttributes(flags: PushFlags): boolean {
  return (
    flags.path !== undefined ||
    (flags.buildpacks?.length ?? 0) > 0 ||
    flags.command !== undefined ||
    Object.keys(flags.env ?? {}).length > 0 ||
    flags.memoryMb !== undefined ||
    flags.diskMb !== undefined ||
    flags.instances !== undefined ||
    Boolean(flags.stack) ||
    flags.healthCheckType !== undefined ||
    Boolean(flags.healthCheckHttpEndpoint) ||
    Boolean(flags.timeout) ||
    Boolean(flags.noRoute) ||
    Boolean(flags.randomRoute)
  );
}

// Cloud Controller maps no route when no-route is set, else the listed routes, and only then a random one.
function withEffectiveRoutes(app: ManifestApp): ManifestApp {
  if (app.noRoute) {
    delete app.routes;
    delete app.randomRoute;
  } else if (app.routes !== undefined) {
    delete app.randomRoute;
  }
  return app;
}
