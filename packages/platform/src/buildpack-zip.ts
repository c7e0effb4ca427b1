// A buildpack zip handed to the local platform: by `create-buildpack` / `update-buildpack -p` (CC's upload checks,
// then the bits unpacked once for every staging) and by `-b path.zip`; both are then unpacked by the stager's
// unzipBuildpack, as a zip fetched by URL is.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';

const LOCAL_FILE_HEADER = Buffer.from('PK\x03\x04', 'latin1');

/**
 * CC's BuildpackUploadMessage validations, the message CC returns or undefined: an empty file, or one that does not
 * start with a zip's first local file header (CC reads four bytes; a zip of no entries fails it too).
 */
export async function uploadRefusal(path: string): Promise<string | undefined> {
  const name = basename(path);
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    if (bytesRead === 0) return `${name} cannot be empty`;
    return head.subarray(0, bytesRead).equals(LOCAL_FILE_HEADER) ? undefined : `${name} is not a zip`;
  } finally {
    await file.close();
  }
}
