import { describe, expect, it } from 'vitest';
import { parseGoMod } from './go-mod.ts';

const GO_MOD = `module example.com/shop

go 1.22

toolchain go1.22.3

require (
	github.com/BurntSushi/toml v1.3.2
	github.com/gorilla/mux v1.8.1
	github.com/jackc/pgx/v5 v5.5.5
	"github.com/pkg/errors" v0.9.1
	example.com/internal/billing v0.0.0-00010101000000-000000000000
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20231201235250-de7065d80cb9 // indirect
	golang.org/x/crypto v0.21.0 // indirect
	golang.org/x/text v0.14.0 // indirect; used by pgx
)

require gopkg.in/yaml.v3 v3.0.1

replace github.com/pkg/errors v0.9.1 => github.com/pkg/errors v0.9.0

replace (
	golang.org/x/crypto => golang.org/x/crypto v0.22.0
	example.com/internal/billing => ./billing
)

exclude golang.org/x/net v0.1.0

retract v1.0.0 // published by mistake
`;

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
    expect(mod.requires).toHaveLength(10);
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
