import { describe, expect, it } from 'vitest';
import { unsetDefaults } from './unset-defaults.ts';

describe('unsetDefaults', () => {
  it('keeps only the defaults the user left unset or empty', () => {
    const defaults = { NODE_ENV: 'production', WEB_MEMORY: '512', NODE_VERBOSE: 'false' };
    expect(unsetDefaults({ NODE_ENV: 'development', WEB_MEMORY: '' }, defaults)).toEqual({ WEB_MEMORY: '512', NODE_VERBOSE: 'false' });
  });
});
