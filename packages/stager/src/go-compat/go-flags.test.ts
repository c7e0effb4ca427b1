import { describe, expect, it } from 'vitest';
import { builderFlagSet } from '../builder/builder-cli.ts';
import { launcherFlagSet } from '../launcher/launcher-cli.ts';
import { formatGoDuration, parseGoDuration } from './go-duration.ts';
import { FlagParseError } from './go-flags.ts';

describe('Go flag syntax', () => {
  it('parses -name=value, -name value, --name, bare and explicit booleans, and stops at the first non-flag', () => {
    const flags = builderFlagSet();
    const rest = flags.parse(['--buildDir', '/a', '-skipDetect', '-skipCertVerify=false', '-credhubRetryDelay=1m30s', '-credhubConnectAttempts=0x10', 'extra', '-buildpacksDir=/ignored']);
    expect(flags.get('buildDir')).toBe('/a');
    expect(flags.get('skipDetect')).toBe(true);
    expect(flags.get('skipCertVerify')).toBe(false);
    expect(flags.get('credhubRetryDelay')).toBe(90e9);
    expect(flags.get('credhubConnectAttempts')).toBe(16);
    expect(flags.get('buildpacksDir')).toBe('/tmp/buildpacks');
    expect(rest).toEqual(['extra', '-buildpacksDir=/ignored']);
  });

  it('the launcher parses flags from the metadata position on, as CF does', () => {
    const flags = launcherFlagSet();
    flags.parse(['', '-credhubConnectAttempts=1']);
    expect(flags.get('credhubConnectAttempts')).toBe(3);
    flags.parse(['-credhubConnectAttempts=1']);
    expect(flags.get('credhubConnectAttempts')).toBe(1);
  });

  it('reports errors with usage like ExitOnError', () => {
    const flags = launcherFlagSet();
    const error = (() => {
      try {
        flags.parse(['-credhubConnectAttempts']);
      } catch (e) {
        return e as FlagParseError;
      }
      throw new Error('no error');
    })();
    expect(error.exitCode).toBe(2);
    expect(error.output).toBe(
      'flag needs an argument: -credhubConnectAttempts\nUsage of launcher:\n' +
        '  -credhubConnectAttempts int\n    \tnumber of times that the credhub client will attempt to connect to credhub (default 3)\n' +
        '  -credhubRetryDelay duration\n    \tdelay duration that the credhub client will wait before retrying the connection to credhub (default 1s)\n',
    );
    expect(() => flags.parse(['---x'])).toThrow('bad flag syntax: ---x');
  });

  it('parses and prints Go durations', () => {
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('1.5s')).toBe(1.5e9);
    expect(parseGoDuration('250ms')).toBe(250e6);
    expect(() => parseGoDuration('5')).toThrow();
    expect(formatGoDuration(1e9)).toBe('1s');
    expect(formatGoDuration(90e9)).toBe('1m30s');
  });
});
