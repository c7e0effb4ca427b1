import { availableVersionsLine } from '@bpkit/manifest/version-reason';
import { BuildpackError } from './buildpack-error.ts';
import { type Dependencies, NoMatchingVersionError, type ResolveOptions, type ResolvedDependency, type VersionRequest } from './dependencies.ts';

export interface ResolveFailure {
  exitCode: number;
  /**
   * The buildpack's words for a request no manifest version meets (CF's, where CF has some). The core adds one
   * line under them, the same for every buildpack: the versions this stack has and the nearest to the request.
   */
  noMatch: (err: NoMatchingVersionError) => string;
}

/**
 * `deps.resolve`, failing with the buildpack's exit code: a request nothing meets is worded by `noMatch`; the
 * core's other failures (no single default_versions entry) keep libbuildpack's message.
 */
export async function resolveOrFail(
  deps: Pick<Dependencies, 'resolve'>,
  name: string,
  request: VersionRequest | undefined,
  failure: ResolveFailure,
  options?: ResolveOptions,
): Promise<ResolvedDependency> {
  try {
    return await deps.resolve(name, request, options);
  } catch (err) {
    if (err instanceof NoMatchingVersionError) {
      const more = availableVersionsLine(err.dependency, err.cfStack, err.available, err.nearest);
      throw new BuildpackError(`${failure.noMatch(err)}\n${more}`, { exitCode: failure.exitCode, cause: err });
    }
    if (err instanceof BuildpackError) throw new BuildpackError(err.message, { exitCode: failure.exitCode, cause: err });
    throw err;
  }
}
