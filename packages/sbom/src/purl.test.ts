import { describe, expect, it } from 'vitest';
import { appPackagePurl, installedPurl, packageUrl } from './purl.ts';

describe('package URLs', () => {
  it('golang: the module path split at its last slash, case kept', () => {
    expect(appPackagePurl({ ecosystem: 'golang', name: 'github.com/BurntSushi/toml', version: 'v1.3.2', lockfile: 'go.mod' })).toBe(
      'pkg:golang/github.com/BurntSushi/toml@v1.3.2',
    );
    expect(appPackagePurl({ ecosystem: 'golang', name: 'github.com/jackc/pgx/v5', version: 'v5.5.5', lockfile: 'go.mod' })).toBe('pkg:golang/github.com/jackc/pgx/v5@v5.5.5');
    expect(appPackagePurl({ ecosystem: 'golang', name: 'golang.org/x/sys', version: 'v0.0.0-20240312152122-5f08fbd34913', lockfile: 'go.mod' })).toBe(
      'pkg:golang/golang.org/x/sys@v0.0.0-20240312152122-5f08fbd34913',
    );
  });

  it('gem: a platform gem carries its platform as a qualifier', () => {
    expect(appPackagePurl({ ecosystem: 'gem', name: 'rack', version: '3.0.9.1', lockfile: 'Gemfile.lock' })).toBe('pkg:gem/rack@3.0.9.1');
    expect(appPackagePurl({ ecosystem: 'gem', name: 'nokogiri', version: '1.16.2-x86_64-linux', lockfile: 'Gemfile.lock' })).toBe(
      'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux',
    );
  });

  it('npm: the scope is the namespace, its @ percent-encoded', () => {
    expect(appPackagePurl({ ecosystem: 'npm', name: '@babel/code-frame', version: '7.24.2', lockfile: 'yarn.lock' })).toBe('pkg:npm/%40babel/code-frame@7.24.2');
    expect(appPackagePurl({ ecosystem: 'npm', name: 'JSONStream', version: '1.3.5', lockfile: 'package-lock.json' })).toBe('pkg:npm/JSONStream@1.3.5');
    expect(appPackagePurl({ ecosystem: 'npm', name: 'semver', version: '7.6.0-rc.1+build.5', lockfile: 'package-lock.json' })).toBe('pkg:npm/semver@7.6.0-rc.1%2Bbuild.5');
  });

  it('installed: the manifest purl when there is one, else generic with sorted, encoded qualifiers', () => {
    const go = { name: 'go', version: '1.22.3', buildpack: 'go_buildpack', path: 'deps/0/go1.22.3' };
    expect(installedPurl({ ...go, purl: 'pkg:generic/go@1.22.3?download_url=https://go.dev/dl/go1.22.3.src.tar.gz' })).toBe(
      'pkg:generic/go@1.22.3?download_url=https://go.dev/dl/go1.22.3.src.tar.gz',
    );
    expect(installedPurl({ ...go, sha256: 'ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789', uri: 'https://example.com/go 1.22.3.tgz?x=1&y=2' })).toBe(
      'pkg:generic/go@1.22.3?checksum=sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789&download_url=https://example.com/go%201.22.3.tgz%3Fx%3D1%26y%3D2',
    );
    expect(installedPurl(go)).toBe('pkg:generic/go@1.22.3');
  });

  it('leaves empty qualifiers and namespace segments out', () => {
    expect(packageUrl({ type: 'generic', namespace: 'a//b/', name: 'n', qualifiers: { z: '', a: undefined } })).toBe('pkg:generic/a/b/n');
  });
});
