/** libbuildpack's "DEPENDENCY MISSING IN MANIFEST" text, listing the versions that are available. */
export function dependencyMissingMessage(name: string, version: string, available: readonly string[]): string {
  let msg = 'DEPENDENCY MISSING IN MANIFEST:\n\n';
  if (available.length === 0) {
    msg += `Dependency ${name} is not provided by this buildpack\n`;
  } else {
    msg += `Version ${version} of dependency ${name} is not supported by this buildpack.\n`;
    msg += `The versions of ${name} supported in this buildpack are:\n`;
    for (const v of available) msg += `\t- ${v}\n`;
  }
  return msg.trimEnd();
}
