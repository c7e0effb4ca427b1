import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exists } from '@bpkit/fs';
import { writeNodeRuntime } from '@bpkit/node-runtime';
import { REPO_ROOT } from './workspace.ts';

export interface TestPlatformOptions {
  /**
   * Test manifests by buildpack package dir name (`go`, `ruby`, `node`): the committed manifests point at
   * buildpacks.cloudfoundry.org, which tests never reach, so these point at a loopback dependency server.
   */
  manifests?: Record<string, string>;
  /** Only these workspace buildpacks become system buildpacks (default: all that are built). */
  only?: string[];
}

export interface TestPlatform {
  env: NodeJS.ProcessEnv;
  /** The system buildpack copies, by package dir name: e.g. buildpackDir('go') for `-b`. */
  buildpackDir(name: string): string;
}

/**
 * A fresh local platform whose system buildpacks are copies of this workspace's builds, in CF's order,
 * each with its test manifest in place of the committed one.
 */
export async function testPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const root = await mkdtemp(join(tmpdir(), 'bpkit-platform-'));
  const systemDir = join(root, 'system-buildpacks');
  await mkdir(systemDir, { recursive: true });
  const packages = (await readdir(join(REPO_ROOT, 'buildpacks'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .filter((name) => !options.only || options.only.includes(name));
  for (const name of packages) {
    const source = join(REPO_ROOT, 'buildpacks', name);
    const target = join(systemDir, name);
    try {
      await cp(join(source, 'build'), join(target, 'build'), { recursive: true, verbatimSymlinks: true });
    } catch {
      continue; // not built: the platform lists it as AWAITING_UPLOAD, as CF would
    }
    await cp(join(source, 'manifest.yml'), join(target, 'manifest.yml'));
    const manifest = options.manifests?.[name];
    if (manifest !== undefined) {
      await writeFile(join(target, 'manifest.yml'), manifest);
      await writeFile(join(target, 'build', 'manifest.yml'), manifest);
      // Only a buildpack with Node phases has a bootstrap to tell where its Node is.
      if (await exists(join(target, 'build', 'lib', 'bootstrap.sh'))) await writeNodeRuntime(join(target, 'build'), manifest);
    }
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BPKIT_HOME: join(root, 'home'),
    BPKIT_SYSTEM_BUILDPACKS: systemDir,
  };
  return { env, buildpackDir: (name) => join(systemDir, name, 'build') };
}
