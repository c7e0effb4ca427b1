import { connect } from 'node:net';
import { request } from 'node:http';

export type HealthCheckType = 'port' | 'http' | 'process';

export interface HealthCheck {
  type: HealthCheckType;
  /** For http: the endpoint, default '/'. */
  endpoint?: string;
  /** Startup timeout in seconds (`cf push -t`), default 60. */
  timeoutSeconds?: number;
}

/** One probe as Diego runs it: a TCP connect (port) or a GET answering 200 (http), each within 1 s. */
export function probe(port: number, check: HealthCheck): Promise<boolean> {
  return new Promise((resolve) => {
    if (check.type === 'http') {
      const req = request(
        { host: '127.0.0.1', port, path: check.endpoint ?? '/', method: 'GET', timeout: 1000 },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
      return;
    }
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Polls until the app is healthy, the process exits, or the timeout passes. Diego polls every 2 s;
 * locally a shorter interval costs nothing and makes pushes snappier.
 */
export async function waitUntilHealthy(
  port: number,
  check: HealthCheck,
  exited: Promise<unknown>,
  intervalMs = 100,
): Promise<'healthy' | 'exited' | 'timeout'> {
  if (check.type === 'process') return 'healthy';
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + (check.timeoutSeconds ?? 60) * 1000;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    if (await probe(port, check)) return 'healthy';
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return gone ? 'exited' : 'timeout';
}
