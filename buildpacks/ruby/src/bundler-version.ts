import { type Dependencies, type ResolvedDependency, resolveOrFail } from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';

/**
 * The manifest constraint for Bundler (supply.go InstallBundler): a lockfile `BUNDLED WITH 1.x` keeps Bundler 1;
 * anything else, or no lockfile, gets the newest Bundler 2. CF sends every non-`2` version, even 4.x, to 1.x.x;
 * here only a 1.x lock does.
 */
export function bundlerConstraint(bundledWith: string | undefined): '1.x.x' | '2.x.x' {
  return bundledWith !== undefined && /^1\./.test(bundledWith) ? '1.x.x' : '2.x.x';
}

/** The manifest's Bundler for the lockfile's BUNDLED WITH, failing as CF's InstallBundler does. */
export async function resolveBundler(deps: Dependencies, bundledWith: string | undefined): Promise<ResolvedDependency> {
  const request = { constraint: bundlerConstraint(bundledWith), source: 'Gemfile.lock', requested: `BUNDLED WITH ${bundledWith ?? '(none)'}` };
  return resolveOrFail(deps, 'bundler', request, {
    exitCode: EXIT.bundler,
    noMatch: (err) => `Unable to install bundler: failure to install Bundler matching constraint, ${err.message}`,
  });
}

/** CF's warnings when the lockfile names another Bundler 2 than the one installed. */
export function bundledWithMismatch(bundledWith: string | undefined, installed: string): string | undefined {
  if (!bundledWith || bundledWith === installed || !/^2\./.test(bundledWith)) return undefined;
  return `Your Gemfile.lock was bundled with bundler ${bundledWith}, which is incompatible with the current bundler version (${installed}).`;
}
