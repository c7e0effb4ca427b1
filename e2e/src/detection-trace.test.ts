// Issue 17 (buildpackapplifecycle#16, rejected detections are never shown): `bpkit push` without -b shows
// which buildpacks detect tried, in order, and why each declined: bpkit's compiled detects name the rule
// that failed, and the builder's detection trace lists them under CF's 222 message.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bpkit } from './bpkit.ts';
import { testPlatform } from './test-platform.ts';

const DETECT_FAIL = '   None of the buildpacks detected a compatible application';

/** What each system buildpack's detect says about an app with nothing but a text file. */
const DECLINES: Record<string, RegExp> = {
  binary_buildpack: /^detect exited 1$/,
  go_buildpack: /^detect exited 1: none of: go\.mod, go\.work, Godeps\/Godeps\.json, .*\*\*\/\*\.go$/,
  ruby_buildpack: /^detect exited 1: no Gemfile$/,
  nodejs_buildpack: /^detect exited 1: no package\.json$/,
};

/** The trace's lines under CF's message in a staging log: [buildpack, what detect did]. */
function traceUnderMessage(stdout: string): Array<[string, string]> {
  const lines = stdout.split('\n');
  const start = lines.indexOf(DETECT_FAIL);
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  const rows: Array<[string, string]> = [];
  for (const line of lines.slice(start + 1)) {
    // The staging log's 3-space prefix, then the trace's 7-space indent and its name column.
    const m = /^ {10}(\S+) {3,}(\S.*)$/.exec(line);
    if (!m) break;
    rows.push([m[1] as string, m[2] as string]);
  }
  return rows;
}

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('detection trace', () => {
  it('push without -b of an app nothing detects: 222, every system buildpack in order with its reason', async () => {
    const platform = await testPlatform();
    const app = await mkdtemp(join(tmpdir(), 'bpkit-nothing-detects-'));
    made.push(app, `${app}-out`, dirname(platform.env.BPKIT_HOME as string));
    await writeFile(join(app, 'notes.txt'), 'nothing for any buildpack here\n');

    const listed = await bpkit(['buildpacks'], platform.env);
    expect(listed.code, listed.stderr).toBe(0);
    const systemBuildpacks = listed.stdout
      .split('\n')
      .map((l) => /^\d+\s+(\S+)\s.*\sREADY\s/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(systemBuildpacks.length).toBeGreaterThan(0);

    const pushed = await bpkit(['push', 'nothing-detects', '-p', app], platform.env);
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(222);
    // CF's message, its own line, as before; CC's error name after staging.
    expect(pushed.stdout).toContain(`${DETECT_FAIL}\n`);
    expect(pushed.stdout).toContain('Staging failed: Exited with status 222');
    expect(pushed.stderr).toContain('NoAppDetectedError - An app was not successfully detected by any available buildpack\nFAILED\n');

    const rows = traceUnderMessage(pushed.stdout);
    expect(rows.map(([name]) => name)).toEqual(systemBuildpacks);
    for (const [name, status] of rows) {
      const expected = DECLINES[name];
      expect(expected, `unexpected system buildpack ${name}`).toBeDefined();
      expect(status, name).toMatch(expected as RegExp);
    }

    // `bpkit stage` shows the same trace.
    const staged = await bpkit(['stage', app, '-o', `${app}-out`], platform.env);
    expect(staged.code, staged.stdout + staged.stderr).toBe(222);
    expect(traceUnderMessage(staged.stdout)).toEqual(rows);
  });
});
