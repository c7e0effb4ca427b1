import { describe, expect, it } from 'vitest';
import { BuildpackError } from './buildpack-error.ts';
import { rethrowAs } from './rethrow-as.ts';

describe('rethrowAs', () => {
  it('passes a step’s result through', async () => {
    expect(await rethrowAs('Unable to build', 14, () => 42)).toBe(42);
    expect(await rethrowAs('Unable to build', 14, async () => 'async')).toBe('async');
  });

  it('words a failure as `<message>: <its message>` with the exit code, keeping the cause', async () => {
    const cause = new SyntaxError('Unexpected token } in JSON at position 9');
    const err = await rethrowAs('Unable to load package.json', 14, () => {
      throw cause;
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildpackError);
    expect(err).toMatchObject({ message: 'Unable to load package.json: Unexpected token } in JSON at position 9', exitCode: 14, cause });
  });
});
