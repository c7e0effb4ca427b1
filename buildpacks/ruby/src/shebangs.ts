import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Gem executables and Bundler's own script get `#!/usr/bin/env ruby`, as CF rewrites them: the Ruby moves at launch. */
export async function rewriteShebangs(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        const file = join(dir, name);
        const info = await lstat(file);
        if (!info.isFile()) return;
        let body = await readFile(file, 'utf8');
        // A load-relative Ruby prefixes scripts with a sh prolog that execs the ruby beside them; drop it.
        const prolog = /^#!\/bin\/sh\n# -\*- ruby -\*-\n[\s\S]*?\n=end\n(?=#!)/.exec(body);
        if (prolog) body = body.slice(prolog[0].length);
        const m = /^#!\/\S*ruby\S*[^\n]*/.exec(body);
        if (!m || (m[0] === '#!/usr/bin/env ruby' && !prolog)) return;
        await writeFile(file, `#!/usr/bin/env ruby${body.slice(m[0].length)}`, { mode: info.mode });
      }),
    );
  }
}
