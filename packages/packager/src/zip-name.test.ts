import { describe, expect, it } from 'vitest';
import { PACKAGED_ZIP, zipFileName } from './zip-name.ts';

describe('zipFileName', () => {
  it('names zips exactly as libbuildpack\'s packager does', () => {
    expect(zipFileName({ language: 'go', version: '1.10.49', cached: true, stack: 'cflinuxfs4' })).toBe('go_buildpack-cached-cflinuxfs4-v1.10.49.zip');
    expect(zipFileName({ language: 'binary', version: '2.0.1', cached: false })).toBe('binary_buildpack-v2.0.1.zip');
    expect(zipFileName({ language: 'ruby', version: '1.0.0', cached: false, stack: 'cflinuxfs2' })).toBe('ruby_buildpack-cflinuxfs2-v1.0.0.zip');
    expect(zipFileName({ language: 'nodejs', version: '1.9.4', cached: true })).toBe('nodejs_buildpack-cached-v1.9.4.zip');
  });

  it('refuses parts that would leave the output directory', () => {
    expect(() => zipFileName({ language: 'go', version: '1.0.0', cached: false, stack: '../x' })).toThrow('Invalid stack `../x`');
    expect(() => zipFileName({ language: 'go', version: '1/2', cached: false })).toThrow('Invalid version');
    expect(() => zipFileName({ language: '', version: '1', cached: false })).toThrow('Invalid language');
  });

  it('recognises its own output, so re-packaging a directory skips old zips', () => {
    for (const name of ['go_buildpack-cached-cflinuxfs4-v1.10.49.zip', 'binary_buildpack-v2.0.1.zip']) expect(PACKAGED_ZIP.test(name)).toBe(true);
    expect(PACKAGED_ZIP.test('vendor.zip')).toBe(false);
  });
});
