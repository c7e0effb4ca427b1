import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryName, buildFlags, installPackages, readLdflags } from './build-flags.ts';
import { unreachableDependency } from './compile-app.ts';

describe('buildFlags', () => {
  it('is CF\'s -tags cloudfoundry -buildmode pie by default', () => {
    expect(buildFlags({}, {})).toEqual(['-tags', 'cloudfoundry', '-buildmode', 'pie']);
  });

  it('adds one -ldflags with GO_LINKER_SYMBOL/VALUE and buildpack.yml ldflags, sorted', () => {
    const flags = buildFlags({ GO_LINKER_SYMBOL: 'main.version', GO_LINKER_VALUE: '1.2.3' }, { 'main.commit': 'abc' });
    expect(flags).toEqual(['-tags', 'cloudfoundry', '-buildmode', 'pie', '-ldflags', '-X main.commit=abc -X main.version=1.2.3']);
  });

  it('quotes a value with spaces so go splits -ldflags right', () => {
    expect(buildFlags({ GO_LINKER_SYMBOL: 'main.name', GO_LINKER_VALUE: 'my app' }, {}).at(-1)).toBe("-X 'main.name=my app'");
  });

  it('needs both GO_LINKER_SYMBOL and GO_LINKER_VALUE', () => {
    expect(buildFlags({ GO_LINKER_SYMBOL: 'main.version' }, {})).not.toContain('-ldflags');
  });

  it('GO_LINKER_VALUE wins over buildpack.yml for the same symbol', () => {
    expect(buildFlags({ GO_LINKER_SYMBOL: 'main.v', GO_LINKER_VALUE: 'env' }, { 'main.v': 'yml' }).at(-1)).toBe('-X main.v=env');
  });
});

describe('readLdflags', () => {
  it('reads buildpack.yml go.ldflags, values as strings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-go-yml-'));
    await writeFile(join(dir, 'buildpack.yml'), 'go:\n  ldflags:\n    main.version: 2\n    main.name: app\n');
    expect(await readLdflags(dir)).toEqual({ 'main.version': '2', 'main.name': 'app' });
  });

  it('is empty without buildpack.yml or without go.ldflags', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-go-yml-'));
    expect(await readLdflags(dir)).toEqual({});
    await writeFile(join(dir, 'buildpack.yml'), 'nodejs:\n  version: 22\n');
    expect(await readLdflags(dir)).toEqual({});
  });

  it('rejects a buildpack.yml that is not YAML', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-go-yml-'));
    await writeFile(join(dir, 'buildpack.yml'), 'go: [unclosed\n');
    await expect(readLdflags(dir)).rejects.toThrow(/Unable to parse buildpack.yml/);
  });
});

describe('installPackages and binaryName', () => {
  it('splits GO_INSTALL_PACKAGE_SPEC on spaces', () => {
    expect(installPackages({ GO_INSTALL_PACKAGE_SPEC: ' ./cmd/server  ./cmd/worker ' })).toEqual({
      packages: ['./cmd/server', './cmd/worker'],
      isDefault: false,
    });
  });

  it('defaults to .', () => {
    expect(installPackages({})).toEqual({ packages: ['.'], isDefault: true });
  });

  it.each([
    ['.', 'example.com/hello', 'hello'],
    ['./cmd/server', 'example.com/multi', 'server'],
    ['example.com/multi/cmd/worker', 'example.com/multi', 'worker'],
    ['.', 'example.com/app/v2', 'app'],
    ['./...', 'example.com/tools', 'tools'],
    ['cmd/server/', 'example.com/m', 'server'],
  ])('%s in %s installs bin/%s', (pkg, main, name) => {
    expect(binaryName(pkg, main)).toBe(name);
  });
});

describe('unreachableDependency', () => {
  it.each([
    'main.go:3:8: example.com/missing@v1.0.0: module lookup disabled by GOPROXY=off',
    'go: example.com/x@v1.0.0: Get "https://proxy.golang.org/example.com/x/@v/v1.0.0.mod": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: no such host',
    'main.go:3:8: missing go.sum entry for module providing package example.com/missing (imported by example.com/app); to add:',
    'go: inconsistent vendoring in /tmp/app:',
  ])('recognises %s', (line) => {
    expect(unreachableDependency(`something\n${line}\nmore`)).toBe(line);
  });

  it('ignores compiler errors', () => {
    expect(unreachableDependency('./main.go:4:2: undefined: undefinedFunction')).toBeUndefined();
  });
});
