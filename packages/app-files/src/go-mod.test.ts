import { describe, expect, it } from 'vitest';
import { parseGoMod } from './go-mod.ts';

// Every form go.mod writes a require or replace in, with the directives the parser must skip.
const GO_MOD = [
  'module example.com/shop',
  'go 1.22',
  'toolchain go1.22.3',
  'require (',
  '\tgithub.com/gorilla/mux v1.8.1',
  '\t"github.com/pkg/errors" v0.9.1',
  '\tgolang.org/x/text v0.14.0 // indirect; used by pgx',
  ')',
  'require gopkg.in/yaml.v3 v3.0.1',
  'replace github.com/pkg/errors v0.9.1 => github.com/pkg/errors v0.9.0',
  'replace (',
  '\tgolang.org/x/crypto => golang.org/x/crypto v0.22.0',
  '\texample.com/internal/billing => ./billing',
  ')',
  'exclude golang.org/x/net v0.1.0',
  'retract v1.0.0 // published by mistake',
].join('\n');

describe('parseGoMod', () => {
  it('reads module, go and toolchain, ignoring comments', () => {
    const text = ['// a comment', 'module example.com/app // trailing', '', 'go 1.22.1', 'toolchain go1.23.4', 'require (', '\texample.com/dep v1.0.0', ')'].join('\n');
    expect(parseGoMod(text)).toMatchObject({ module: 'example.com/app', go: '1.22.1', toolchain: '1.23.4' });
  });

  it('unquotes a quoted or raw module path', () => {
    expect(parseGoMod('module "example.com/q"\n').module).toBe('example.com/q');
    expect(parseGoMod('module `example.com/raw`\n').module).toBe('example.com/raw');
  });

  it('keeps a // inside a quoted string', () => {
    expect(parseGoMod('module "example.com//odd" // comment\n').module).toBe('example.com//odd');
  });

  it('returns nothing for an empty file', () => {
    expect(parseGoMod('')).toEqual({ requires: [], replaces: [] });
  });

  it('parses require blocks, single requires, indirect comments and replace directives', () => {
    const mod = parseGoMod(GO_MOD);
    expect(mod.module).toBe('example.com/shop');
    expect(mod.go).toBe('1.22');
    expect(mod.toolchain).toBe('1.22.3');
    expect(mod.requires).toHaveLength(4);
    expect(mod.requires.find((r) => r.path === 'github.com/pkg/errors')).toEqual({ path: 'github.com/pkg/errors', version: 'v0.9.1', indirect: false });
    expect(mod.requires.find((r) => r.path === 'golang.org/x/text')?.indirect).toBe(true);
    expect(mod.requires.find((r) => r.path === 'gopkg.in/yaml.v3')).toEqual({ path: 'gopkg.in/yaml.v3', version: 'v3.0.1', indirect: false });
    expect(mod.replaces).toEqual([
      { path: 'github.com/pkg/errors', version: 'v0.9.1', newPath: 'github.com/pkg/errors', newVersion: 'v0.9.0' },
      { path: 'golang.org/x/crypto', newPath: 'golang.org/x/crypto', newVersion: 'v0.22.0' },
      { path: 'example.com/internal/billing', newPath: './billing' },
    ]);
  });
});
