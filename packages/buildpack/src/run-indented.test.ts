import { bufferLogger } from '@bpkit/log';
import { describe, expect, it } from 'vitest';
import { runIndented } from './run-indented.ts';

describe('runIndented', () => {
  it('streams a tool’s stdout and stderr indented into the log, before the next log line', async () => {
    const { log, output } = bufferLogger();
    await runIndented(log, 'sh', ['-c', 'echo out; echo err >&2'], { env: { PATH: process.env['PATH'] } });
    log.info('next');
    expect(output()).toBe('       out\n       err\n       next\n');
  });

  it('rejects with the tool’s failure', async () => {
    const { log } = bufferLogger();
    await expect(runIndented(log, 'sh', ['-c', 'exit 3'], { env: { PATH: process.env['PATH'] } })).rejects.toThrow(/exit status 3/);
  });
});
