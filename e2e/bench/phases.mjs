// A staging through a buildpack's own phases, as CF's builder runs a single buildpack: bin/supply, then
// bin/finalize, on a fresh copy of the app and a fresh deps dir, over a cache dir the caller keeps between
// stagings. No platform around it (upload, droplet and cache compression): what the buildpack controls.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

function run(file, args, env, started) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (process.env.BENCH_TRACE) {
        const t = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(0).padStart(6);
        for (const line of String(d).split('\n')) if (line) process.stderr.write(`${t} ms ${line}\n`);
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (process.env.BENCH_TRACE) process.stderr.write(`${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0).padStart(6)} ms (${file.split('/').pop()} exited ${code})\n`);
      resolve({ code, out });
    });
  });
}

let n = 0;
/** Asynchronous, so a dependency server in the calling process keeps answering. */
export async function stagePhases({ buildpack, app, cacheDir, work, env }) {
  const dir = join(work, `phases-${n++}`);
  cpSync(app, join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'deps'), { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  const args = [join(dir, 'app'), cacheDir, join(dir, 'deps'), '0'];
  const start = process.hrtime.bigint();
  const supply = await run(join(buildpack, 'bin/supply'), args, env, start);
  const finalize = supply.code === 0 ? await run(join(buildpack, 'bin/finalize'), [...args, join(dir, 'profile.d')], env, start) : { code: -1, out: '' };
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const log = supply.out + finalize.out;
  if (supply.code !== 0 || finalize.code !== 0) throw new Error(`staging failed:\n${log}`);
  return { ms, log };
}
