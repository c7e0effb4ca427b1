// Custom buildpacks given by URL (runner.go downloadBuildpacks): a path ending in `.zip` is downloaded
// (10-minute timeout, skipCertVerify honoured) and unzipped; anything else is git-cloned, shallow first,
// then as a full clone, with the URL fragment as the branch.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { get } from '@bpkit/http';
import { redact } from '@bpkit/log';
import { errorText } from '../builder/lifecycle-error.ts';
import { exitErrorText } from '../go-compat/go-errors.ts';
import { BuildpackZipError, unzipBuildpack } from './unzip-buildpack.ts';

const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/** code.cloudfoundry.org/bytefmt ByteSize: `512B`, `1.5K`, `3M`. */
export function byteSize(bytes: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 6, 'E'],
    [1024 ** 5, 'P'],
    [1024 ** 4, 'T'],
    [1024 ** 3, 'G'],
    [1024 ** 2, 'M'],
    [1024, 'K'],
    [1, 'B'],
  ];
  if (bytes === 0) return '0B';
  for (const [size, unit] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')}${unit}`;
  }
  return '0B';
}

/** Splits off the `#fragment` (branch) as Go's url.URL does. */
function splitFragment(url: string): { base: string; fragment: string } {
  const i = url.indexOf('#');
  return i < 0 ? { base: url, fragment: '' } : { base: url.slice(0, i), fragment: decodeURIComponent(url.slice(i + 1)) };
}

function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return splitFragment(url).base.replace(/\?.*$/, '');
  }
}

export function isZipUrl(url: string): boolean {
  return urlPath(url).endsWith('.zip');
}

export interface DownloadIo {
  env: Record<string, string>;
  stdout: Writable;
  skipCertVerify: boolean;
}

export async function downloadBuildpack(url: string, destination: string, io: DownloadIo): Promise<void> {
  if (isZipUrl(url)) {
    const size = await downloadAndExtractZip(url, destination, io.skipCertVerify, io.env);
    io.stdout.write(`Downloaded buildpack \`${redact(url)}\` (${byteSize(size)})\n`);
  } else {
    await gitClone(url, destination, io.env);
  }
}

async function downloadAndExtractZip(url: string, destination: string, skipCertVerify: boolean, env: Record<string, string>): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), 'buildpack-zip'));
  const zipFile = join(work, 'buildpack.zip');
  try {
    try {
      const res = await get(url, {
        env,
        rejectUnauthorized: !skipCertVerify,
        timeouts: { headersMs: DOWNLOAD_TIMEOUT_MS, bodyMs: DOWNLOAD_TIMEOUT_MS },
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
      if (res.status < 200 || res.status >= 300) {
        res.discard();
        throw new Error(`Download failed: Status code ${res.status}`);
      }
      await pipeline(res.body, createWriteStream(zipFile));
    } catch (error) {
      throw new Error(`Failed to download buildpack '${redact(url)}': ${errorText(error)}`);
    }
    const size = (await stat(zipFile)).size;
    try {
      await unzipBuildpack(zipFile, destination);
    } catch (error) {
      throw new Error(`Failed to extract buildpack '${redact(url)}': ${error instanceof BuildpackZipError ? error.reason : errorText(error)}`);
    }
    return size;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function runGit(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn('git', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    child.once('error', (e) => fail(new Error(`git clone failed:\n${Buffer.concat(out).toString()}\n${errorText(e)}\n`)));
    child.once('close', (code, signal) => {
      if (code === 0) ok();
      else fail(new Error(`git clone failed:\n${Buffer.concat(out).toString()}\n${exitErrorText(code, signal)}\n`));
    });
  });
}

/** buildpackrunner GitClone: `git clone --depth 1 --recursive URL DEST [-b ref]`, then a full clone. */
export async function gitClone(url: string, destination: string, env: Record<string, string>): Promise<void> {
  const { base, fragment } = splitFragment(url);
  const branch = fragment ? ['-b', fragment] : [];
  try {
    await runGit(['clone', '--depth', '1', '--recursive', base, destination, ...branch], env);
  } catch {
    try {
      await rm(destination, { recursive: true, force: true });
    } catch (error) {
      throw new Error(`Failed to remove ${destination} prior to cloning on top: ${errorText(error)}`);
    }
    try {
      await runGit(['clone', '--recursive', base, destination, ...branch], env);
    } catch (error) {
      throw new Error(`Failed to clone git repository at ${base}: ${errorText(error)}`);
    }
  }
}
