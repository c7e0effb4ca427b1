import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from './get.ts';
import type { HttpResponse } from './get.ts';
import { HttpError } from './http-error.ts';

let dir: string;
const big = randomBytes(8 * 1024 * 1024);
const bigSha = createHash('sha256').update(big).digest('hex');

function port(server: Server | NetServer): number {
  return (server.address() as AddressInfo).port;
}

async function listen<T extends Server | NetServer>(server: T): Promise<T> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

function close(server: Server | NetServer): Promise<void> {
  (server as Server).closeAllConnections?.();
  return new Promise((ok) => server.close(() => ok()));
}

/** Reads the body as a slow consumer does: a pause after every chunk, so the socket is paused by backpressure when the server closes. */
async function slowSha(res: HttpResponse, pauseMs = 1): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of res.body) {
    hash.update(chunk);
    await sleep(pauseMs);
  }
  return hash.digest('hex');
}

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-http-'));
  await writeFile(join(dir, 'big.bin'), big);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('close-delimited bodies (nodejs/undici#5360 crashed here)', () => {
  let python: ChildProcess;
  let pythonUrl: string;
  beforeAll(async () => {
    // python's http.server answers HTTP/1.0 and closes the connection after the body.
    python = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    pythonUrl = await new Promise<string>((ok, fail) => {
      let out = '';
      python.stdout?.on('data', (c: Buffer) => {
        out += String(c);
        const m = /port (\d+)/.exec(out);
        if (m) ok(`http://127.0.0.1:${m[1]}`);
      });
      python.once('exit', (code) => fail(new Error(`python3 -m http.server exited ${code}: ${out}`)));
    });
  });
  afterAll(() => {
    python.kill();
  });

  it("reads python3 -m http.server's answer with a slow consumer, 6 times in a row", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await get(`${pythonUrl}/big.bin`);
      expect(res.status).toBe(200);
      expect(res.contentLength).toBe(big.length);
      expect(await slowSha(res)).toBe(bigSha);
    }
  }, 60_000);

  it('reads a raw Connection: close body with no length, HTTP/1.1 and HTTP/1.0, slow consumer, repeated', async () => {
    const server = await listen(
      createNetServer((socket: Socket) => {
        socket.once('data', (request: Buffer) => {
          const version = String(request).includes('/v10') ? '1.0' : '1.1';
          socket.write(`HTTP/${version} 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n`);
          let offset = 0;
          const pump = (): void => {
            while (offset < big.length) {
              const part = big.subarray(offset, offset + 65536);
              offset += part.length;
              if (!socket.write(part)) return void socket.once('drain', pump);
            }
            socket.end();
          };
          pump();
        });
      }),
    );
    try {
      for (let i = 0; i < 8; i++) {
        const res = await get(`http://127.0.0.1:${port(server)}/${i % 2 ? 'v10' : 'v11'}`);
        expect(res.contentLength).toBeUndefined();
        expect(await slowSha(res)).toBe(bigSha);
      }
    } finally {
      await close(server);
    }
  }, 60_000);
});

describe('faults', () => {
  let server: Server;
  let base: string;
  const hits: IncomingMessage[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (_req, res) => res.end('hello'),
    '/truncate': (_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(Buffer.alloc(5000));
      setTimeout(() => res.socket?.destroy(), 20);
    },
    '/reset': (_req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.write(Buffer.alloc(5000));
      setTimeout(() => res.socket?.resetAndDestroy(), 20);
    },
    '/stall': (_req, res) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('12345');
    },
    '/no-headers': () => undefined,
    '/trickle': (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write('x')), 20);
      res.once('close', () => clearInterval(tick));
    },
    '/fast-big': (_req, res) => res.end(Buffer.alloc(2 * 1024 * 1024, 7)),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/hop': (_req, res) => res.writeHead(301, { location: '/ok' }).end(),
    '/auth': (req, res) => res.end(req.headers.authorization ?? 'none'),
    '/to-other-host': (_req, res) => res.writeHead(302, { location: `http://localhost:${port(server)}/auth` }).end(),
    '/to-same-host': (_req, res) => res.writeHead(307, { location: '/auth' }).end(),
  };
  beforeAll(async () => {
    server = await listen(
      createServer((req, res) => {
        hits.push(req);
        const route = routes[req.url ?? ''];
        if (route) route(req, res);
        else res.writeHead(404).end('not found');
      }),
    );
    base = `http://127.0.0.1:${port(server)}`;
  });
  afterAll(() => close(server));

  it('answers any status; the body reads once', async () => {
    const res = await get(`${base}/missing`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('not found');
    await expect(res.text()).rejects.toThrow('already read');
  });

  it('a body shorter than its Content-Length is a retryable error', async () => {
    const err = await failure(get(`${base}/truncate`).then((r) => r.text()));
    expect(err.retryable).toBe(true);
    expect(err.code).toBe('ECONNRESET');
  });

  it('a reset mid-body is a retryable error, even before anyone reads the body', async () => {
    const res = await get(`${base}/reset`);
    await sleep(100);
    const err = await failure(res.text());
    expect(err.retryable).toBe(true);
  });

  it('a stalled body times out with a message naming the silence', async () => {
    const res = await get(`${base}/stall`, { timeouts: { bodyMs: 150 } });
    const err = await failure(res.text());
    expect(err.message).toBe(`body timeout: no data from 127.0.0.1:${port(server)} for 150ms`);
    expect(err.retryable).toBe(true);
  });

  it('a server trickling below the minimum rate times out though it is never silent', async () => {
    const res = await get(`${base}/trickle`, { timeouts: { bodyMs: 300, minBytesPerSecond: 1000 } });
    const err = await failure(res.text());
    expect(err.message).toMatch(new RegExp(`^body timeout: 127\\.0\\.0\\.1:${port(server)} sent \\d+ bytes in 300ms, below 1000 bytes/s$`));
    expect(err.code).toBe('BPKIT_TIMEOUT');
  });

  it('a consumer slower than the body timeout is not a stall', async () => {
    const res = await get(`${base}/fast-big`, { timeouts: { bodyMs: 100 } });
    let total = 0;
    let first = true;
    for await (const chunk of res.body) {
      total += chunk.length;
      if (first) await sleep(400);
      first = false;
    }
    expect(total).toBe(2 * 1024 * 1024);
  });

  it('no response headers in time is a timeout', async () => {
    const err = await failure(get(`${base}/no-headers`, { timeouts: { headersMs: 150 } }));
    expect(err.message).toBe(`timeout awaiting response headers from 127.0.0.1:${port(server)} after 150ms`);
    expect(err.code).toBe('BPKIT_TIMEOUT');
  });

  it('a refused connection names the address', async () => {
    const err = await failure(get('http://127.0.0.1:1/x'));
    expect(err.message).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(err.retryable).toBe(true);
  });

  it('follows redirects, and stops a loop after 10 as Go does, not retryably', async () => {
    const res = await get(`${base}/hop`);
    expect(await res.text()).toBe('hello');
    expect(res.url).toBe(`${base}/ok`);
    const before = hits.length;
    const err = await failure(get(`${base}/loop`));
    expect(err.message).toBe(`Get "${base}/loop": stopped after 10 redirects`);
    expect(err.retryable).toBe(false);
    expect(hits.length - before).toBe(11);
  });

  it('sends URL credentials as basic auth, keeps them on same-host redirects only, and never prints them', async () => {
    const withCreds = `http://user:s3cret@127.0.0.1:${port(server)}`;
    const auth = `Basic ${Buffer.from('user:s3cret').toString('base64')}`;
    expect(await (await get(`${withCreds}/auth`)).text()).toBe(auth);
    expect(await (await get(`${withCreds}/to-same-host`)).text()).toBe(auth);
    expect(await (await get(`${withCreds}/to-other-host`)).text()).toBe('none');
    const err = await failure(get(`${withCreds}/loop`));
    expect(err.message).toBe(`Get "${base}/loop": stopped after 10 redirects`);
    const refused = await failure(get('http://user:s3cret@127.0.0.1:1/x'));
    expect(`${refused.message}${refused.stack}`).not.toContain('s3cret');
  });

  it('rejects URLs it cannot fetch, not retryably', async () => {
    expect(await failure(get('ftp://127.0.0.1/x'))).toMatchObject({ code: 'BPKIT_UNSUPPORTED_PROTOCOL', retryable: false });
    expect(await failure(get('not a url'))).toMatchObject({ code: 'BPKIT_INVALID_URL', retryable: false });
  });

  it('stops when the signal aborts', async () => {
    const err = await failure(get(`${base}/no-headers`, { signal: AbortSignal.timeout(100) }));
    expect(err.retryable).toBe(false);
  });
});

describe('proxies from the environment', () => {
  let origin: Server;
  let tlsOrigin: Server;
  let proxy: Server;
  const seen: string[] = [];
  const tunnels: Socket[] = [];
  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=deps.test', '-addext', 'subjectAltName=DNS:deps.test', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    origin = await listen(createServer((req, res) => res.end(`plain ${req.url} host=${req.headers.host}`)));
    tlsOrigin = await listen(createTlsServer({ key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) }, (req, res) => res.end(`tls ${req.url} ${req.headers.connection}`)));
    // A forward proxy that sends every host to the local origins, so no traffic leaves 127.0.0.1.
    proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['proxy-authorization'] ?? ''}`.trim());
      const url = new URL(req.url ?? '');
      const upstream = request({ host: '127.0.0.1', port: port(origin), path: url.pathname, headers: { host: req.headers.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
      seen.push(`CONNECT ${req.url}`);
      tunnels.push(socket);
      const tunnel = connect(port(tlsOrigin), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        tunnel.pipe(socket);
        socket.pipe(tunnel);
      });
      tunnels.push(tunnel);
      socket.on('error', () => tunnel.destroy());
      tunnel.on('error', () => socket.destroy());
    });
    await listen(proxy);
  });
  afterAll(async () => {
    for (const socket of tunnels) socket.destroy();
    await Promise.all([close(origin), close(tlsOrigin), close(proxy)]);
  });

  it('sends http through HTTP_PROXY with the absolute URL, and proxy credentials as Proxy-Authorization', async () => {
    const env = { HTTP_PROXY: `http://pu:pp@127.0.0.1:${port(proxy)}` };
    const res = await get('http://deps.test:8080/dep.tgz', { env });
    expect(await res.text()).toBe('plain /dep.tgz host=deps.test:8080');
    expect(seen.at(-1)).toBe(`GET http://deps.test:8080/dep.tgz Basic ${Buffer.from('pu:pp').toString('base64')}`);
  });

  it('tunnels https through HTTPS_PROXY with CONNECT and verifies the origin certificate', async () => {
    const env = { https_proxy: `127.0.0.1:${port(proxy)}` };
    const res = await get('https://deps.test/dep.tgz', { env, rejectUnauthorized: false });
    expect(await res.text()).toBe('tls /dep.tgz close');
    expect(seen.at(-1)).toBe('CONNECT deps.test:443');
    const err = await failure(get('https://deps.test/dep.tgz', { env }));
    expect(err.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(err.retryable).toBe(false);
  });

  it('goes direct to loopback and NO_PROXY hosts', async () => {
    const env = { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: 'example.com' };
    expect((await get(`http://127.0.0.1:${port(origin)}/x`, { env })).status).toBe(200);
    expect((await get(`http://localhost:${port(origin)}/x`, { env })).status).toBe(200);
  });
});
