import { describe, expect, it } from 'vitest';
import { parseGemfileLock } from './gemfile-lock.ts';

const LOCK = `PATH
  remote: .
  specs:
    myapp (0.1.0)
      rack

GEM
  remote: https://rubygems.org/
  specs:
    nio4r (2.7.0)
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    puma (6.4.2)
      nio4r (~> 2.0)
    rack (2.2.22)
    webrick (1.8.1)

PLATFORMS
  ruby
  x86_64-linux

DEPENDENCIES
  puma
  rack (~> 2.2)

CHECKSUMS
  puma (6.4.2) sha256=abc123
  rack (2.2.22) sha256=def456

RUBY VERSION
   ruby 3.1.2p20

BUNDLED WITH
   2.3.7
`;

describe('parseGemfileLock', () => {
  it('reads RUBY VERSION, BUNDLED WITH and every locked gem', () => {
    const parsed = parseGemfileLock(LOCK);
    expect(parsed.rubyVersion).toBe('3.1.2');
    expect(parsed.bundledWith).toBe('2.3.7');
    expect([...parsed.versions]).toEqual([
      ['myapp', '0.1.0'],
      ['nio4r', '2.7.0'],
      ['nokogiri', '1.16.0'],
      ['puma', '6.4.2'],
      ['rack', '2.2.22'],
      ['webrick', '1.8.1'],
    ]);
  });

  it('keeps each spec as locked, platform included, and the checksums by name and version', () => {
    const parsed = parseGemfileLock(LOCK);
    expect(parsed.specs.find((s) => s.name === 'nokogiri')).toEqual({ name: 'nokogiri', version: '1.16.0-x86_64-linux' });
    expect(parsed.specs.map((s) => s.name)).not.toContain('racc');
    expect(parsed.checksums.get('puma 6.4.2')).toBe('sha256=abc123');
  });

  it('copes with Windows line endings and a lock without the optional sections', () => {
    const parsed = parseGemfileLock('GEM\r\n  specs:\r\n    rack (3.0.8)\r\n\r\nPLATFORMS\r\n  ruby\r\n');
    expect(parsed.versions.get('rack')).toBe('3.0.8');
    expect(parsed.rubyVersion).toBeUndefined();
    expect(parsed.bundledWith).toBeUndefined();
  });
});
