import { finished } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { createLogger } from './logger.ts';
import { Sink } from './test-sink.ts';

function setup(env: Record<string, string | undefined> = {}) {
  const out = new Sink();
  return { out, log: createLogger({ stdout: out, env }) };
}

describe('logger formats (libbuildpack byte-for-byte)', () => {
  test('beginStep, info, warning, error', () => {
    const { out, log } = setup();
    log.beginStep('Go Buildpack version 1.10.49');
    log.info('Installing go 1.25.11');
    log.warning('buildpack version changed from 1 to 2');
    log.error('Unable to install go: boom');
    expect(out.text).toBe(
      '-----> Go Buildpack version 1.10.49\n' +
        '       Installing go 1.25.11\n' +
        '       \x1b[31;1m**WARNING**\x1b[0m buildpack version changed from 1 to 2\n' +
        '       \x1b[31;1m**ERROR**\x1b[0m Unable to install go: boom\n',
    );
  });

  test('protip prints the tip and a Visit line', () => {
    const { out, log } = setup();
    log.protip('Use a Procfile', 'https://docs.example/procfile');
    expect(out.text).toBe('       \x1b[34;1mPRO TIP:\x1b[0m Use a Procfile\n       Visit https://docs.example/procfile\n');
  });

  test('multi-line messages continue under a 7-space indent', () => {
    const { out, log } = setup();
    log.warning('You have not declared a Ruby version in your Gemfile.\nDefaulting to 3.2.10');
    log.beginStep('a\nb');
    expect(out.text).toBe(
      '       \x1b[31;1m**WARNING**\x1b[0m You have not declared a Ruby version in your Gemfile.\n' +
        '       Defaulting to 3.2.10\n' +
        '-----> a\n       b\n',
    );
  });

  test('debug prints only when BP_DEBUG is non-empty', () => {
    const quiet = setup({});
    quiet.log.debug('hidden');
    const empty = setup({ BP_DEBUG: '' });
    empty.log.debug('hidden');
    expect(quiet.out.text + empty.out.text).toBe('');
    const loud = setup({ BP_DEBUG: '1' });
    loud.log.debug('shown');
    expect(loud.out.text).toBe('       \x1b[34;1mDEBUG:\x1b[0m shown\n');
  });

  test('debug reads the env at call time', () => {
    const env: Record<string, string | undefined> = {};
    const { out, log } = setup(env);
    log.debug('one');
    env['BP_DEBUG'] = 'true';
    log.debug('two');
    expect(out.text).toBe('       \x1b[34;1mDEBUG:\x1b[0m two\n');
  });

  test('every message is redacted', () => {
    const { out, log } = setup({ BP_DEBUG: '1' });
    log.info('Download [https://user:secret@host/dep.tgz]');
    log.error('failed https://token@host/x');
    log.debug('ftp://a:b@c');
    log.protip('see', 'https://u:p@docs/');
    expect(out.text).not.toMatch(/secret|token@|a:b@|u:p@/);
    expect(out.text).toContain('Download [https://-redacted-:-redacted-@host/dep.tgz]');
    expect(out.text).toContain('failed https://-redacted-:-redacted-@host/x');
  });

  test('defaults to process.stdout', () => {
    expect(createLogger().stdout).toBe(process.stdout);
  });
});

describe('indented()', () => {
  test('indents every line, joining partial lines across chunks', async () => {
    const { out, log } = setup();
    const w = log.indented();
    w.write('first li');
    w.write('ne\nsecond\nthi');
    w.write('rd\n\nfourth');
    w.end();
    await finished(w);
    expect(out.text).toBe('       first line\n       second\n       third\n       \n       fourth\n');
  });

  test('redacts a URL split across chunks', async () => {
    const { out, log } = setup();
    const w = log.indented();
    w.write('GET https://us');
    w.write('er:pa');
    w.write('ss@example.com/x\n');
    w.end();
    await finished(w);
    expect(out.text).toBe('       GET https://-redacted-:-redacted-@example.com/x\n');
  });

  test('keeps multi-byte characters split across chunks intact', async () => {
    const { out, log } = setup();
    const w = log.indented();
    const bytes = Buffer.from('héllo ✓\n');
    w.write(bytes.subarray(0, 2));
    w.write(bytes.subarray(2, 9));
    w.write(bytes.subarray(9));
    w.end();
    await finished(w);
    expect(out.text).toBe('       héllo ✓\n');
  });

  test('a log message after an unfinished child line starts on a new line', async () => {
    const { out, log } = setup();
    const w = log.indented();
    w.write('progress...');
    await new Promise((r) => setImmediate(r));
    log.info('done');
    w.write(' more\n');
    await new Promise((r) => setImmediate(r));
    expect(out.text).toBe('       progress...\n       done\n        more\n');
  });

  test('a partial line is shown after a short pause, and continued without a second indent', async () => {
    const { out, log } = setup();
    const w = log.indented();
    w.write('Downloading... ');
    await new Promise((r) => setTimeout(r, 250));
    expect(out.text).toBe('       Downloading... ');
    w.write('ok\nnext\n');
    w.end();
    await finished(w);
    expect(out.text).toBe('       Downloading... ok\n       next\n');
  });
});
