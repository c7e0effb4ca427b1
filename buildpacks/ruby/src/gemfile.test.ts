import { describe, expect, it } from 'vitest';
import { parseRubyDirective, parseRubyVersionFile } from './gemfile.ts';

describe('parseRubyDirective', () => {
  it.each([
    ['ruby "3.2.4"', ['3.2.4']],
    ["ruby '3.2.4'", ['3.2.4']],
    ['ruby "~> 3.2"', ['~> 3.2']],
    ['ruby(">= 3.1", "< 3.3")', ['>= 3.1', '< 3.3']],
    ['  ruby "3.1.2", patchlevel: "20"  # pinned', ['3.1.2']],
    ['ruby "3.1.2", :engine => "ruby", :engine_version => "3.1.2"', ['3.1.2']],
  ])('reads %s', (line, requirements) => {
    expect(parseRubyDirective(`source "https://rubygems.org"\n${line}\ngem "rack"\n`)?.requirements).toEqual(requirements);
  });

  it('reads a directive continued over lines', () => {
    expect(parseRubyDirective('ruby ">= 3.1",\n     "< 3.3"\n')?.requirements).toEqual(['>= 3.1', '< 3.3']);
  });

  it('reads file: and File.read of .ruby-version', () => {
    expect(parseRubyDirective('ruby file: ".ruby-version"\n')).toEqual({ requirements: [], file: '.ruby-version' });
    expect(parseRubyDirective('ruby :file => ".tool/ruby-version"\n')?.file).toBe('.tool/ruby-version');
    expect(parseRubyDirective('ruby File.read(".ruby-version").strip\n')).toEqual({ requirements: [], file: '.ruby-version' });
    expect(parseRubyDirective("ruby File.read(File.join(__dir__, '.ruby-version')).chomp\n")?.file).toBe('.ruby-version');
  });

  it('marks directives it cannot evaluate as dynamic, with the line', () => {
    expect(parseRubyDirective('ruby RUBY_VERSION\n')).toEqual({ requirements: [], dynamic: 'ruby RUBY_VERSION' });
    expect(parseRubyDirective('ruby ENV.fetch("RUBY", "3.2.4")\n')?.dynamic).toBe('ruby ENV.fetch("RUBY", "3.2.4")');
  });

  it('reads the engine', () => {
    expect(parseRubyDirective('ruby "2.5.7", engine: "jruby", engine_version: "9.2.13.0"\n')?.engine).toBe('jruby');
  });

  it('ignores comments, gems named ruby-*, and Gemfiles without a directive', () => {
    expect(parseRubyDirective('# ruby "2.7.0"\ngem "ruby-progressbar"\ngem "rack" # ruby "9"\n')).toBeUndefined();
    expect(parseRubyDirective('ruby_version = "3"\n')).toBeUndefined();
  });
});

describe('parseRubyVersionFile', () => {
  it.each([
    ['3.2.4\n', '3.2.4'],
    ['ruby-3.2.4\n', '3.2.4'],
    ['\n  3.2\n', '3.2'],
    ['3.1.2-p20', '3.1.2'],
    ['jruby-9.4.0.0', undefined],
    ['system', undefined],
    ['', undefined],
  ])('%j → %s', (text, version) => {
    expect(parseRubyVersionFile(text)).toBe(version);
  });
});
