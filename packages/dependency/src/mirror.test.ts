import { describe, expect, it } from 'vitest';
import { applyMirror } from './mirror.ts';

describe('applyMirror', () => {
  const uri = 'https://buildpacks.cloudfoundry.org/dependencies/go/go_1.22.5_linux_x64_cflinuxfs4_1234abcd.tgz?x=1';
  it('keeps the URI when no mirror is set', () => {
    expect(applyMirror(uri, {})).toBe(uri);
    expect(applyMirror(uri, { BPKIT_DEPENDENCY_MIRROR: '  ' })).toBe(uri);
  });
  it('rewrites scheme, host and port, keeping path and query', () => {
    expect(applyMirror(uri, { BPKIT_DEPENDENCY_MIRROR: 'http://127.0.0.1:8080' })).toBe(
      'http://127.0.0.1:8080/dependencies/go/go_1.22.5_linux_x64_cflinuxfs4_1234abcd.tgz?x=1',
    );
  });
  it('prepends a mirror path prefix and carries mirror credentials, dropping the original ones', () => {
    expect(applyMirror('https://u:p@h.example/a/b.tgz', { BPKIT_DEPENDENCY_MIRROR: 'https://m:tok@mirror.internal/cf/' })).toBe(
      'https://m:tok@mirror.internal/cf/a/b.tgz',
    );
  });
  it('leaves file: URIs and unparsable values alone', () => {
    expect(applyMirror('file:///x/y.tgz', { BPKIT_DEPENDENCY_MIRROR: 'http://m' })).toBe('file:///x/y.tgz');
    expect(applyMirror(uri, { BPKIT_DEPENDENCY_MIRROR: 'not a url' })).toBe(uri);
  });
});
