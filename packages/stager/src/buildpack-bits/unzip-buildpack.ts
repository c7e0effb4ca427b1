// Unpacks a custom buildpack's zip as Diego's extractor does for BAL (modes kept, symlinks made as symlinks), under
// @bpkit/dependency's rules for untrusted archives: no absolute or `..` names, no link that leaves the buildpack,
// no write through a link that does, and no zip bomb. The platform unpacks uploaded and `-b path.zip` buildpacks
// through this too, so a hostile zip is refused with the same reason however it arrives.
import { ArchiveLimitError, UnsafeArchiveEntryError, type ZipLimits, extractZip, verifySymlinks } from '@bpkit/dependency';

export const BUILDPACK_ZIP_LIMITS: ZipLimits = {
  // A cached buildpack with every dependency vendored has a few thousand entries.
  maxEntries: 100_000,
  // CC's default minimum staging disk (cc.staging.minimum_staging_disk_mb: 4096): a buildpack bigger than that
  // could not be unpacked in a CF staging container either.
  maxBytes: 4 * 1024 ** 3,
  // Buildpacks are scripts, bundles and already compressed tarballs (ratio 1-10); zeros deflate 1032:1.
  maxRatio: 100,
  ratioGraceBytes: 1024 ** 2,
};

/** Why a zip could not be unpacked; `malformed` when it is not a readable zip at all (as opposed to refused). */
export class BuildpackZipError extends Error {
  constructor(
    message: string,
    readonly malformed: boolean,
  ) {
    super(message);
    this.name = 'BuildpackZipError';
  }

  /** The reason the builder gives (`Failed to extract buildpack '<url>': <reason>`). */
  get reason(): string {
    // Go's archive/zip, behind Diego's extractor, says only this of a file that is not a zip.
    return this.malformed ? 'zip: not a valid zip file' : this.message;
  }
}

/** Unpacks `zip` into `dir`; on a BuildpackZipError the caller removes `dir` (it may hold the entries before the bad one). */
export async function unzipBuildpack(zip: string, dir: string): Promise<void> {
  try {
    await verifySymlinks(dir, await extractZip(zip, dir, 0, undefined, BUILDPACK_ZIP_LIMITS));
  } catch (error) {
    if (error instanceof UnsafeArchiveEntryError || error instanceof ArchiveLimitError) throw new BuildpackZipError(error.message, false);
    const code = (error as NodeJS.ErrnoException).code;
    // yauzl's format errors carry no code, zlib's a Z_* one; anything else (ENOSPC, EACCES) is the machine's.
    if (code === undefined || code.startsWith('Z_')) throw new BuildpackZipError((error as Error).message, true);
    throw error;
  }
}
