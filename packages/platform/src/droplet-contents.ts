// What `bpkit droplet inspect` and `bpkit sbom` read from a droplet, without unpacking it: the listing (sizes by
// top-level entry) and a few small files (staging_info.yml, each buildpack's config.yml, the app's lockfiles).
// The system tar reads it, as Diego's would.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { APP_LOCKFILES, DROPLET_INSTALL_RECORDS_DIR, DROPLET_SBOM_FILES, type SbomFormat, readInstallRecords } from '@bpkit/sbom';

const run = promisify(execFile);

export interface DropletContents {
  /** Bytes by top-level entry (`app`, `deps`, `profile.d`, …), files only. */
  sizeByTopLevel: Record<string, number>;
  totalBytes: number;
  /** Every file path in the droplet, without the leading `./`. */
  files: Set<string>;
  stagingInfo?: string;
  /** deps/<idx>/config.yml by index. */
  depsConfig: Record<string, string>;
  /** The app's lockfiles as the droplet holds them, by path relative to app/ (a Go droplet keeps none). */
  appLockfiles: Record<string, string>;
  /** The install records bpkit's builder kept in the droplet (none in a droplet staged elsewhere). */
  installRecords: string[];
  /** The SBOMs bpkit's builder wrote into the droplet, by format. */
  sboms: Partial<Record<SbomFormat, string>>;
}


const WANTED = [
  './staging_info.yml',
  './deps/*/config.yml',
  ...APP_LOCKFILES.map((f) => `./app/${f}`),
  `./${DROPLET_INSTALL_RECORDS_DIR}/*`,
  ...Object.values(DROPLET_SBOM_FILES).map((f) => `./${f}`),
];

export async function readDropletContents(droplet: string): Promise<DropletContents> {
  const { stdout } = await run('tar', ['-tvzf', droplet], { maxBuffer: 256 << 20 });
  const sizeByTopLevel: Record<string, number> = {};
  const files = new Set<string>();
  let totalBytes = 0;
  for (const line of stdout.split('\n')) {
    // -rw-r--r-- vcap/vcap 1234 2026-12-07 11:00 ./app/server.js
    const m = /^(\S)\S*\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(line);
    if (!m || m[1] === 'd') continue;
    const path = (m[3] as string).replace(/ -> .*$/, '').replace(/^\.\//, '');
    files.add(path);
    const size = Number(m[2]);
    totalBytes += size;
    const top = path.split('/')[0] as string;
    sizeByTopLevel[top] = (sizeByTopLevel[top] ?? 0) + size;
  }
  const dir = await mkdtemp(join(tmpdir(), 'bpkit-droplet-'));
  try {
    // A droplet without one of the patterns (no install records) is fine: tar then exits 2, having taken the rest.
    await run('tar', ['-xzf', droplet, '-C', dir, '--wildcards', ...WANTED]).catch(() => undefined);
    const text = (path: string): Promise<string | undefined> => readFile(join(dir, path), 'utf8').catch(() => undefined);
    const depsConfig: Record<string, string> = {};
    for (const idx of await readdir(join(dir, 'deps')).catch(() => [] as string[])) {
      const config = await text(join('deps', idx, 'config.yml'));
      if (config !== undefined) depsConfig[idx] = config;
    }
    const appLockfiles: Record<string, string> = {};
    for (const file of APP_LOCKFILES) {
      const content = await text(join('app', file));
      if (content !== undefined) appLockfiles[file] = content;
    }
    const sboms: Partial<Record<SbomFormat, string>> = {};
    for (const format of Object.keys(DROPLET_SBOM_FILES) as SbomFormat[]) {
      const document = await text(DROPLET_SBOM_FILES[format]);
      if (document !== undefined) sboms[format] = document;
    }
    const installRecords = await readInstallRecords(join(dir, DROPLET_INSTALL_RECORDS_DIR));
    const stagingInfo = await text('staging_info.yml');
    return { sizeByTopLevel, totalBytes, files, depsConfig, appLockfiles, installRecords, sboms, ...(stagingInfo !== undefined ? { stagingInfo } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
