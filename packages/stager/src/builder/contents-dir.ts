// os.MkdirTemp("", "contents"): the droplet is assembled in <TMPDIR>/contents<random> during staging,
// which is why staging paths differ from the runtime /home/vcap paths on CF.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';

export async function makeContentsDir(parent: string): Promise<string> {
  for (let tries = 0; ; tries += 1) {
    const dir = join(parent, `contents${randomInt(0, 2 ** 32 - 1)}`);
    try {
      await mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 10000) throw error;
    }
  }
}
