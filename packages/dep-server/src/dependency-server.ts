import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve, sep } from 'node:path';
import { FaultTable } from './faults.ts';
import type { Fault } from './faults.ts';

export interface RequestRecord {
  method: string;
  path: string;
  /** The Authorization header, if any. */
  authorization?: string;
}

export interface DependencyServerOptions {
  /** Directory whose files are served at `/<relative path>`. */
  root: string;
  /** Require HTTP Basic credentials (401 otherwise). */
  auth?: { username: string; password: string };
}

export interface DependencyServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
  setFault(path: string, fault: Fault): void;
  clearFaults(): void;
  /** Every request received, in order. */
  readonly requests: RequestRecord[];
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const full = resolve(root, '.' + decoded);
  return full === root || full.startsWith(root + sep) ? full : undefined;
}

/** Streams `[start, end)` of a file; the returned promise settles when it was handed to the socket. */
function pipeRange(res: ServerResponse, file: string, start: number, end: number, transform?: (b: Buffer) => Buffer): Promise<void> {
  return new Promise((done, fail) => {
    if (end <= start) return done();
    const stream = createReadStream(file, { start, end: end - 1 });
    stream.on('data', (chunk) => {
      const buf = transform ? transform(chunk as Buffer) : (chunk as Buffer);
      if (!res.write(buf)) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('error', fail);
    stream.on('end', () => done());
    res.once('close', () => {
      stream.destroy();
      done();
    });
  });
}

function writeAndWait(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((done) => res.write(chunk, () => done()));
}

async function serveSlow(res: ServerResponse, file: string, size: number, bytesPerSecond: number): Promise<void> {
  // Send in ~10 slices per second so the rate is smooth enough for timeout tests.
  const slice = Math.max(1, Math.floor(bytesPerSecond / 10));
  const fd = await import('node:fs/promises').then((fs) => fs.open(file, 'r'));
  try {
    let sent = 0;
    const start = Date.now();
    while (sent < size && !res.destroyed) {
      const len = Math.min(slice, size - sent);
      const buf = Buffer.alloc(len);
      await fd.read(buf, 0, len, sent);
      await writeAndWait(res, buf);
      sent += len;
      const due = start + (sent / bytesPerSecond) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    }
  } finally {
    await fd.close();
  }
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse, options: DependencyServerOptions, root: string, faults: FaultTable): Promise<void> {
  const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  if (options.auth) {
    const expected = 'Basic ' + Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
    if (req.headers.authorization !== expected) return send(res, 401, 'unauthorized\n');
  }
  const fault = faults.take(urlPath);
  if (fault?.kind === 'status') return send(res, fault.status, `injected status ${fault.status}\n`);
  if (fault?.kind === 'redirect') {
    res.writeHead(fault.status ?? 302, { Location: fault.location, 'Content-Length': 0 });
    return void res.end();
  }

  const file = fileUnder(root, urlPath);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) return send(res, 404, 'not found\n');
  const size = info.size;
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
  if (req.method === 'HEAD') return void res.end();

  switch (fault?.kind) {
    case 'reset': {
      await pipeRange(res, file, 0, Math.min(fault.afterBytes, size));
      await writeAndWait(res, Buffer.alloc(0));
      (res.socket as Socket | null)?.resetAndDestroy();
      return;
    }
    case 'truncate': {
      await pipeRange(res, file, 0, Math.min(fault.afterBytes, size));
      await writeAndWait(res, Buffer.alloc(0));
      res.socket?.end();
      return;
    }
    case 'slow':
      return serveSlow(res, file, size, fault.bytesPerSecond);
    case 'corrupt':
      await pipeRange(res, file, 0, size, (b) => Buffer.from(b.map((x) => x ^ 0xff)));
      res.end();
      return;
    default:
      await pipeRange(res, file, 0, size);
      res.end();
  }
}

/** Serves files from `root` on 127.0.0.1 (random port), with injectable faults. */
export async function startDependencyServer(options: DependencyServerOptions): Promise<DependencyServer> {
  const root = resolve(options.root);
  const faults = new FaultTable();
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const record: RequestRecord = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname };
    if (req.headers.authorization) record.authorization = req.headers.authorization;
    requests.push(record);
    handle(req, res, options, root, faults).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `dep-server: ${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setFault: (path, fault) => faults.set(path, fault),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
