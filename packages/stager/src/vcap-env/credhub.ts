// CredHub interpolation of VCAP_SERVICES (credhub package): only when VCAP_SERVICES mentions
// "credhub-ref" and CREDHUB_SKIP_INTERPOLATION is unset; POST <credhub-uri>/api/v1/interpolate over
// mutual TLS with CF_INSTANCE_CERT/CF_INSTANCE_KEY and the *.crt CAs of CF_SYSTEM_CERT_PATH, at most
// `attempts` tries `delayMs` apart.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorText } from '../builder/lifecycle-error.ts';

export interface CredhubOptions {
  attempts: number;
  delayMs: number;
}

async function clientConfig(env: Record<string, string>): Promise<{ cert: Buffer; key: Buffer; ca: string[] }> {
  if (!env.CF_INSTANCE_CERT || !env.CF_INSTANCE_KEY) throw new Error('Missing CF_INSTANCE_CERT and/or CF_INSTANCE_KEY');
  if (!env.CF_SYSTEM_CERT_PATH) throw new Error('Missing CF_SYSTEM_CERT_PATH');
  const certDir = env.CF_SYSTEM_CERT_PATH;
  let files: string[];
  try {
    files = (await readdir(certDir)).sort();
  } catch (error) {
    throw new Error(`Can't read contents of system cert path: ${errorText(error)}`);
  }
  const ca: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.crt'))) {
    try {
      ca.push(await readFile(join(certDir, file), 'utf8'));
    } catch (error) {
      throw new Error(`Can't read contents of cert in system cert path: ${errorText(error)}`);
    }
  }
  try {
    return { cert: await readFile(env.CF_INSTANCE_CERT), key: await readFile(env.CF_INSTANCE_KEY), ca };
  } catch (error) {
    throw new Error(errorText(error));
  }
}

async function interpolateOnce(credhubUri: string, body: string, tls: { cert: Buffer; key: Buffer; ca: string[] }): Promise<string> {
  const https = await import('node:https');
  const url = new URL(`${credhubUri.replace(/\/+$/, '')}/api/v1/interpolate`);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        cert: tls.cert,
        key: tls.key,
        ca: tls.ca.length > 0 ? tls.ca : undefined,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: 45_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(text);
          else {
            let detail = text;
            try {
              const parsed = JSON.parse(text) as { error?: string };
              if (parsed.error) detail = parsed.error;
            } catch {
              // credhub-cli shows the raw body when it is not CredHub's error JSON.
            }
            reject(new Error(`The response body could not be decoded: status ${res.statusCode}: ${detail}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('Client.Timeout exceeded while awaiting headers')));
    req.on('error', (error) => reject(new Error(`Post "${url.href}": ${errorText(error)}`)));
    req.end(body);
  });
}

/** Returns the interpolated VCAP_SERVICES, or undefined when nothing needs interpolating. */
export async function interpolateServiceRefs(credhubUri: string, env: Record<string, string>, options: CredhubOptions): Promise<string | undefined> {
  if (env.CREDHUB_SKIP_INTERPOLATION) return undefined;
  const services = env.VCAP_SERVICES ?? '';
  if (!services.includes('"credhub-ref"')) return undefined;
  let tls;
  try {
    tls = await clientConfig(env);
  } catch (error) {
    throw new Error(`Unable to set up credhub client: ${errorText(error)}`);
  }
  const attempts = Math.max(1, options.attempts);
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await interpolateOnce(credhubUri, services, tls);
    } catch (error) {
      last = error;
      if (attempt < attempts && options.delayMs > 0) await new Promise((r) => setTimeout(r, options.delayMs));
    }
  }
  throw new Error(`Unable to interpolate credhub references: ${errorText(last)}`);
}
