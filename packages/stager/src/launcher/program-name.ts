import { basename } from 'node:path';

/**
 * What the program calls itself in messages, as Go's os.Args[0]: the path it was run by (dist/launcher, or
 * /tmp/lifecycle/launcher where it replaces CF's). Run through the bundle's own file (`launcher.mjs`), it says
 * `launcher`, never the script's path.
 */
export function programName(name: string): string {
  const invokedAs = process.argv[1];
  if (!invokedAs || basename(invokedAs).endsWith('.mjs')) return name;
  return invokedAs;
}
