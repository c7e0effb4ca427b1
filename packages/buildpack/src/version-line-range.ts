/**
 * A partial version as the newest of its line: `1.22` → `1.22.x`, `20` → `20.x.x`; a full one stays exact.
 * What GOVERSION, `.ruby-version` and nvm's `.nvmrc` mean by `1.22`, where semver would read `1.22.0`.
 */
export function versionLineRange(version: string): string {
  const parts = version.split('.').length;
  return parts < 3 ? `${version}${'.x'.repeat(3 - parts)}` : version;
}
