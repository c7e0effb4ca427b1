// Both kinds' generated unit tests carry this helper (a generated test file must stand alone).
export const STAGING_HELPER = `/** A staging layout: app/, cache/, deps/0/, profile.d/ under a fresh directory. */
async function staging(files: Record<string, string> = {}): Promise<{ base: string; args: string[] }> {
  const base = await mkdtemp(join(root, 'stage-'));
  for (const dir of ['app', 'cache', 'deps/0', 'profile.d']) await mkdir(join(base, dir), { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(join(base, 'app', name), body);
  return { base, args: [join(base, 'app'), join(base, 'cache'), join(base, 'deps'), '0'] };
}
`;
