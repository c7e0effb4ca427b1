// The CLI never ends in Node's stack trace: an exception a library throws outside any awaited promise (as undici 7's
// socket 'end' handler did) ends as the cf CLI's `FAILED`, credentials redacted, exit 1.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpkit } from './bpkit.ts';

describe('bpkit and exceptions outside the command', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bpkit-cli-failures-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('a stray throw from a timer prints FAILED with the message redacted, no stack, exit 1', async () => {
    const stray = join(work, 'stray.mjs');
    // Fires while `bpkit help` would otherwise exit cleanly: a ref'd timer keeps the process alive for it.
    await writeFile(stray, 'setTimeout(() => { throw new Error("assert(!this.paused) https://user:secret@example.com/x.tgz"); }, 50);\n');
    const r = await bpkit(['buildpacks'], { ...process.env, NODE_OPTIONS: `--import ${stray}`, XDG_DATA_HOME: join(work, 'data') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('assert(!this.paused) https://-redacted-:-redacted-@example.com/x.tgz\nFAILED\n');
    expect(r.stderr).not.toContain('secret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
