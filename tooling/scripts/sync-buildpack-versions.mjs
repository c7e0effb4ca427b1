// After `changeset version`: a buildpack's VERSION file (what CF's packager, the zip name and the staging
// header read) follows its package.json version, so one changeset bumps both.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? new URL('../..', import.meta.url).pathname;
const dir = join(root, 'buildpacks');
for (const name of existsSync(dir) ? readdirSync(dir) : []) {
  const pkgFile = join(dir, name, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const versionFile = join(dir, name, 'VERSION');
  const current = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : '';
  if (current !== version) {
    writeFileSync(versionFile, `${version}\n`);
    console.log(`buildpacks/${name}/VERSION: ${current || '(none)'} -> ${version}`);
  }
}
