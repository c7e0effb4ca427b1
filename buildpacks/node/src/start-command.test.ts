import { describe, expect, it } from 'vitest';
import { OPTIMIZE_MEMORY_WEB, webCommand } from './start-command.ts';

describe('webCommand', () => {
  it('is CF\'s npm start at the root, and starts in the member\'s directory otherwise (quoted for sh when needed)', () => {
    expect(webCommand('.', false)).toBe('npm start');
    expect(webCommand('.', true)).toBe(OPTIMIZE_MEMORY_WEB);
    expect(webCommand('packages/api', false)).toBe('cd packages/api && npm start');
    expect(webCommand("apps/it's mine", false)).toBe(`cd 'apps/it'\\''s mine' && npm start`);
  });
});
