// Helpers for this package's tests: real buildpack directories, a loopback file server, zip reading.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@bpkit/log';
import type { Logger } from '@bpkit/log';

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
export const md5 = (data: string): string => createHash('md5').update(data).digest('hex');

export function tempDir(prefix = 'bpkit-packager-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes files (mode 0755 for names under bin/ unless given) into dir. */
export async function writeTree(dir: string, files: Record<string, string | Buffer | { data: string | Buffer; mode: number }>): Promise<void> {
  for (const [name, spec] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    const { data, mode } = typeof spec === 'object' && !Buffer.isBuffer(spec) ? spec : { data: spec, mode: name.startsWith('bin/') ? 0o755 : 0o644 };
    await writeFile(path, data);
    await chmod(path, mode);
  }
}

export interface FileServer {
  url: string;
  /** Request paths, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (path → bytes) on 127.0.0.1. */
export async function serveFiles(files: Record<string, Buffer>): Promise<FileServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const body = files[path];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export interface ZipEntryInfo {
  mode: number;
  method: number;
  data: Buffer;
}

/** Every entry of a zip: Unix mode, compression method (0 store, 8 deflate) and contents. */
export async function readZip(path: string): Promise<Map<string, ZipEntryInfo>> {
  const yauzl = await import('yauzl');
  const zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true });
  const out = new Map<string, ZipEntryInfo>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      if (!entry.fileName.endsWith('/')) {
        for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
      }
      out.set(entry.fileName, { mode: entry.externalFileAttributes >>> 16, method: entry.compressionMethod, data: Buffer.concat(chunks) });
    }
  } finally {
    zip.close();
  }
  return out;
}

/** A Logger whose output is kept in `lines()`. */
export function captureLogger(): { log: Logger; text: () => string } {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: createLogger({ stdout, env: {} }), text: () => text };
}
