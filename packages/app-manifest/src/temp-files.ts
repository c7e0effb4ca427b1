import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Tests' scratch directory: real files written, read back by the code under test, then removed. */
export interface TempFiles {
  /** Absolute and symlink-free, as the code under test reports paths. */
  dir: string;
  write(files: Record<string, string>): Promise<void>;
  mkdir(...paths: string[]): Promise<void>;
  remove(): Promise<void>;
}

export async function makeTempFiles(): Promise<TempFiles> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'bpkit-app-manifest-')));
  return {
    dir,
    async write(files) {
      for (const [name, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), text);
      }
    },
    async mkdir(...paths) {
      for (const path of paths) await mkdir(join(dir, path), { recursive: true });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
