import { Writable } from 'node:stream';

/**
 * Output channels for work done concurrently but logged as if done one after another: channel 0 writes
 * straight through; each later channel holds its output until every earlier channel is closed (`close()`),
 * then flushes it and writes straight through from then on. Nothing is lost or interleaved.
 */
export interface OrderedOutputs {
  readonly channels: Writable[];
  /** Channel `i` is finished; later channels may now write. */
  close(i: number): void;
}

export function orderedOutputs(target: Writable, count: number): OrderedOutputs {
  let current = 0;
  const held: Buffer[][] = Array.from({ length: count }, () => []);
  const closed = new Array<boolean>(count).fill(false);

  const advance = (): void => {
    while (current < count) {
      for (const chunk of held[current] ?? []) target.write(chunk);
      held[current] = [];
      if (!closed[current]) return;
      current++;
    }
  };

  const channels = Array.from(
    { length: count },
    (_, i) =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (i === current) target.write(chunk);
          else held[i]?.push(chunk);
          done();
        },
      }),
  );
  return {
    channels,
    close(i) {
      if (closed[i]) return;
      closed[i] = true;
      if (i === current) advance();
    },
  };
}
