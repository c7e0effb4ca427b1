import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildpackDirName } from '../buildpack-bits/buildpack-dir.ts';
import { launcherBin, makeZip, RELEASE_WEB, run, sh, Stage } from '../testing/fixtures.ts';

// A local CredHub: HTTPS with mutual TLS, certificates made here with openssl.
let stage: Stage;
let certs: string;
let server: Server;
let uri: string;
let mode: 'ok' | 'fail' = 'ok';
let hits = 0;
let lastBody = '';
let lastClientCn = '';

const REF_SERVICES = '{"my-server":[{"name":"db","credentials":{"credhub-ref":"(//my-server/creds)"}}]}';
const INTERPOLATED = '{"my-server":[{"name":"db","credentials":{"uri":"postgresql://u:secret@db.internal/app"}}]}';

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: certs, stdio: 'ignore' });
}

beforeAll(async () => {
  stage = await Stage.create();
  certs = join(stage.root, 'certs');
  await mkdir(join(certs, 'system'), { recursive: true });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'system/ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1\\n" > server.ext'], { cwd: certs });
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'system/ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'instance.key', '-out', 'instance.csr', '-subj', '/CN=app-instance');
  openssl('x509', '-req', '-in', 'instance.csr', '-CA', 'system/ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'instance.crt', '-days', '2');

  server = createServer(
    {
      key: await readFile(join(certs, 'server.key')),
      cert: await readFile(join(certs, 'server.crt')),
      ca: await readFile(join(certs, 'system', 'ca.crt')),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      hits += 1;
      lastClientCn = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        lastBody = body;
        if (req.method !== 'POST' || req.url !== '/api/v1/interpolate' || mode === 'fail') {
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(INTERPOLATED);
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  uri = `https://127.0.0.1:${(server.address() as { port: number }).port}`;

  await stage.buildpack('bp', {
    finalize: sh('echo "VCAP_SERVICES=$VCAP_SERVICES" > "$1/staging-env"; echo "DATABASE_URL=$DATABASE_URL" >> "$1/staging-env"'),
    release: RELEASE_WEB('true'),
  });
}, 60_000);

afterAll(async () => {
  server?.close();
  await stage.cleanup();
});

const credhubEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  VCAP_PLATFORM_OPTIONS: JSON.stringify({ 'credhub-uri': uri }),
  VCAP_SERVICES: REF_SERVICES,
  CF_INSTANCE_CERT: join(certs, 'instance.crt'),
  CF_INSTANCE_KEY: join(certs, 'instance.key'),
  CF_SYSTEM_CERT_PATH: join(certs, 'system'),
  ...extra,
});

describe('credhub interpolation', () => {
  it('builder: interpolates VCAP_SERVICES over mTLS before the buildpacks run, then derives DATABASE_URL', async () => {
    mode = 'ok';
    hits = 0;
    const r = await stage.builder(['bp'], true, credhubEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(hits).toBe(1);
    expect(lastBody).toBe(REF_SERVICES);
    expect(lastClientCn).toBe('app-instance');
    expect(stage.dropletFile('./app/staging-env')).toBe(`VCAP_SERVICES=${INTERPOLATED}\nDATABASE_URL=postgres://u:secret@db.internal/app\n`);
  });

  it('builder: exits 4 after credhubConnectAttempts failed tries', async () => {
    mode = 'fail';
    hits = 0;
    const r = await stage.builder(['bp'], true, credhubEnv(), ['-credhubConnectAttempts=2', '-credhubRetryDelay=10ms']);
    expect(r.code).toBe(4);
    expect(hits).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Unable to interpolate credhub refs: Unable to interpolate credhub references: .*boom$/);
  });

  it('builder: exits 4 when the instance identity is missing; skips credhub when VCAP_SERVICES has no refs', async () => {
    const r = await stage.builder(['bp'], true, credhubEnv({ CF_INSTANCE_CERT: '' }));
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('Unable to interpolate credhub refs: Unable to set up credhub client: Missing CF_INSTANCE_CERT and/or CF_INSTANCE_KEY');
    hits = 0;
    const none = await stage.builder(['bp'], true, credhubEnv({ VCAP_SERVICES: '{}' }));
    expect(none.code).toBe(0);
    expect(hits).toBe(0);
  });

  it('launcher: interpolates, removes VCAP_PLATFORM_OPTIONS, and exits 3 on failure', async () => {
    mode = 'ok';
    const home = await stage.extractDroplet();
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...credhubEnv() };
    const r = await run(launcherBin, ['app', 'echo "S=$VCAP_SERVICES"; echo "P=${VCAP_PLATFORM_OPTIONS-unset}"', '-credhubRetryDelay=0s'], { cwd: home, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Invoking pre-start scripts.\nInvoking start command.\nS=${INTERPOLATED}\nP=unset\n`);

    mode = 'fail';
    hits = 0;
    const failed = await run(launcherBin, ['app', 'true', '-credhubConnectAttempts=3', '-credhubRetryDelay=0s'], { cwd: home, env });
    expect(failed.code).toBe(3);
    expect(hits).toBe(3);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^Unable to interpolate credhub refs: Unable to interpolate credhub references: /);
  });
});

describe('zip buildpacks over https', () => {
  it('rejects an untrusted certificate unless -skipCertVerify=true', async () => {
    const src = join(stage.root, 'https-bp');
    await stage.buildpack('x', { detect: sh('echo Secure'), compile: sh('true'), release: RELEASE_WEB('w') }, { dir: src });
    const zipFile = join(stage.root, 'https-bp.zip');
    makeZip(src, zipFile);
    const body = await readFile(zipFile);
    const zipServer = createServer({ key: await readFile(join(certs, 'server.key')), cert: await readFile(join(certs, 'server.crt')) }, (_req, res) => res.end(body));
    await new Promise<void>((r) => zipServer.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(zipServer.address() as { port: number }).port}/bp.zip`;
    try {
      const strict = await stage.builder([url], false);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(new RegExp(`^Failed to download buildpack '${url.replace(/[.]/g, '\\.')}': `));
      const relaxed = await stage.builder([url], false, {}, ['-skipCertVerify=true']);
      expect(relaxed.stderr).toBe('');
      expect(relaxed.code).toBe(0);
      expect(existsSync(join(stage.downloads, buildpackDirName(url), 'bin', 'detect'))).toBe(true);
    } finally {
      zipServer.close();
    }
  });
});
