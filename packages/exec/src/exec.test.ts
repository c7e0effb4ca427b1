import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '@bpkit/log';
import { exec, output } from './exec.ts';
import { ExecError } from './exec-error.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

async function rejection(p: Promise<unknown>): Promise<ExecError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ExecError);
    return err as ExecError;
  }
  throw new Error('expected a rejection');
}

describe('exec', () => {
  test('streams stdout and stderr to the given writables', async () => {
    const out = new Sink();
    const err = new Sink();
    await exec('sh', ['-c', 'echo one; echo two >&2; echo three'], { stdout: out, stderr: err });
    expect(out.text).toBe('one\nthree\n');
    expect(err.text).toBe('two\n');
  });

  test('runs without a shell: arguments are passed verbatim', async () => {
    const out = new Sink();
    await exec('printf', ['%s|', '$HOME', 'a b', '*'], { stdout: out });
    expect(out.text).toBe('$HOME|a b|*|');
  });

  test('passes cwd, env and input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exec-'));
    const out = new Sink();
    await exec('sh', ['-c', 'pwd; echo "$GREETING"; cat'], {
      cwd: dir,
      env: { PATH: process.env['PATH'], GREETING: 'hi', DROPPED: undefined },
      input: 'from stdin\n',
      stdout: out,
    });
    expect(out.text).toBe(`${dir}\nhi\nfrom stdin\n`);
  });

  test('the child env is exactly options.env', async () => {
    const text = await output('/usr/bin/env', [], { env: { ONLY: '1' } });
    expect(text).toBe('ONLY=1\n');
  });

  test('non-zero exit rejects with a Go-style message, exit code and stderr tail', async () => {
    const err = await rejection(exec('sh', ['-c', 'echo bad thing >&2; exit 2'], { stderr: new Sink() }));
    expect(err.message).toBe('sh -c echo bad thing >&2; exit 2: exit status 2');
    expect(err.exitCode).toBe(2);
    expect(err.signal).toBeNull();
    expect(err.command).toBe('sh -c echo bad thing >&2; exit 2');
    expect(err.stderr).toBe('bad thing\n');
  });

  test('death by signal', async () => {
    const err = await rejection(exec('sh', ['-c', 'kill -TERM $$']));
    expect(err.signal).toBe('SIGTERM');
    expect(err.exitCode).toBeNull();
    expect(err.message).toMatch(/signal: SIGTERM$/);
  });

  test('a missing program is an ExecError, not a crash', async () => {
    const err = await rejection(exec('no-such-program-bpkit', ['x']));
    expect(err.message).toBe('executable file not found: no-such-program-bpkit');
    expect(err.exitCode).toBeNull();
    expect(err.command).toBe('no-such-program-bpkit x');
  });

  test('a missing cwd is reported as such', async () => {
    const err = await rejection(exec('true', [], { cwd: '/nonexistent-bpkit-dir' }));
    expect(err.message).toBe('working directory not found: /nonexistent-bpkit-dir');
  });

  test('a non-executable file is permission denied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exec-'));
    const file = join(dir, 'script');
    await writeFile(file, '#!/bin/sh\necho hi\n');
    await chmod(file, 0o644);
    const err = await rejection(exec(file, []));
    expect(err.message).toBe(`permission denied: ${file}`);
  });

  test('credentials in the command are redacted from the message', async () => {
    const err = await rejection(exec('sh', ['-c', 'exit 3', 'https://user:secret@host/x'], { stderr: new Sink() }));
    expect(err.message).not.toContain('secret');
    expect(err.message).toContain('https://-redacted-:-redacted-@host/x');
  });

  test('a child that ignores its input does not break on EPIPE', async () => {
    await exec('true', [], { input: 'x'.repeat(1 << 20) });
  });

  test('streams child output through the logger\'s indented writer', async () => {
    const sink = new Sink();
    const log = createLogger({ stdout: sink, env: {} });
    const indented = log.indented();
    await exec('sh', ['-c', 'echo compiling; echo linking'], { stdout: indented });
    indented.end();
    log.info('built');
    expect(sink.text).toBe('       compiling\n       linking\n       built\n');
  });
});

describe('output', () => {
  test('captures stdout', async () => {
    expect(await output('sh', ['-c', 'echo go1.25.11; echo noise >&2'])).toBe('go1.25.11\n');
  });

  test('captures stderr into the error when not streamed', async () => {
    const err = await rejection(output('sh', ['-c', 'echo partial; echo why >&2; exit 1']));
    expect(err.stderr).toBe('why\n');
    expect(err.exitCode).toBe(1);
  });

  test('still streams stderr when asked', async () => {
    const err = new Sink();
    const text = await output('sh', ['-c', 'echo out; echo warn >&2'], { stderr: err });
    expect(text).toBe('out\n');
    expect(err.text).toBe('warn\n');
  });

  test('can tee stdout while capturing it', async () => {
    const out = new Sink();
    expect(await output('echo', ['both'], { stdout: out })).toBe('both\n');
    expect(out.text).toBe('both\n');
  });

  test('large output is captured whole', async () => {
    const text = await output('sh', ['-c', 'head -c 3000000 /dev/zero | tr "\\0" a']);
    expect(text.length).toBe(3_000_000);
  });
});
