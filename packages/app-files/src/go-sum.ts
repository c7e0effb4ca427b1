/** go.sum's (or go.work.sum's) `h1:` hash of each module's zip, keyed `path version` (`/go.mod` lines hash only a go.mod). */
export function parseGoSum(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (path && version && hash && !version.endsWith('/go.mod')) sums.set(`${path} ${version}`, hash);
  }
  return sums;
}
