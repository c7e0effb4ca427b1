/** A command as the staging log shows it (`Running: go install …`): arguments with spaces in double quotes, as a shell would need. */
export function displayCommand(args: readonly string[]): string {
  return args.map((a) => (a === '' || /[\s"'$\\`]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}
