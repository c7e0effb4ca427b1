import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { orderedOutputs } from './ordered-outputs.ts';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('orderedOutputs', () => {
  it('passes the first channel through and holds later ones until the earlier close', async () => {
    const out = sink();
    const { channels, close } = orderedOutputs(out.stream, 3);
    const [a, b, c] = channels.map((stream) => createLogger({ stdout: stream, env: {} }));
    b?.beginStep('Installing b');
    c?.beginStep('Installing c');
    a?.beginStep('Installing a');
    await tick();
    expect(out.text()).toBe('-----> Installing a\n');
    c?.info('c done');
    close(2);
    await tick();
    expect(out.text()).toBe('-----> Installing a\n');
    b?.info('b is working');
    close(0);
    await tick();
    expect(out.text()).toBe('-----> Installing a\n-----> Installing b\n       b is working\n');
    b?.info('b done');
    await tick();
    expect(out.text()).toContain('       b done\n');
    close(1);
    await tick();
    expect(out.text()).toBe(
      '-----> Installing a\n-----> Installing b\n       b is working\n       b done\n-----> Installing c\n       c done\n',
    );
  });
});
