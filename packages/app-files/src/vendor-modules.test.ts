import { describe, expect, it } from 'vitest';
import { parseVendorModules } from './vendor-modules.ts';

describe('parseVendorModules', () => {
  it('lists the modules with their replacements and whether any package of theirs is vendored', () => {
    const text = [
      '# github.com/gorilla/mux v1.8.1',
      '## explicit; go 1.20',
      'github.com/gorilla/mux',
      '# golang.org/x/crypto v0.21.0 => golang.org/x/crypto v0.22.0',
      '## explicit',
      'golang.org/x/crypto/bcrypt',
      '# example.com/unused v1.0.0',
      '## explicit',
      '# example.com/lib => ../lib',
      'example.com/lib',
    ].join('\n');
    const { workspace, modules } = parseVendorModules(text);
    expect(workspace).toBe(false);
    expect(modules).toEqual([
      { path: 'github.com/gorilla/mux', version: 'v1.8.1', hasPackages: true },
      { path: 'golang.org/x/crypto', version: 'v0.21.0', newPath: 'golang.org/x/crypto', newVersion: 'v0.22.0', hasPackages: true },
      { path: 'example.com/unused', version: 'v1.0.0', hasPackages: false },
      { path: 'example.com/lib', newPath: '../lib', hasPackages: true },
    ]);
  });

  it.each([
    ['## workspace\n# example.com/dep v1.0.0\n', true],
    ['## go 1.22; workspace\n', true],
    ['# example.com/dep v1.0.0\n## explicit; workspace\n', false],
    ['', false],
  ])('`go work vendor`\'s first-line mark: %j → %s', (text, workspace) => {
    expect(parseVendorModules(text).workspace).toBe(workspace);
  });
});
