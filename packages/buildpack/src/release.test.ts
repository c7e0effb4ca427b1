import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { releaseYaml } from './release.ts';
import { detect } from './detect.ts';
import { defineBuildpack } from './define-buildpack.ts';

describe('releaseYaml', () => {
  test('plain commands stay unquoted', () => {
    expect(releaseYaml({ web: './bin/app' })).toBe('---\ndefault_process_types:\n  web: ./bin/app\n');
  });

  test.each([
    '>&2 echo Error: no start command specified during staging or launch && exit 1',
    'bin/rails server -b 0.0.0.0 -p $PORT -e $RAILS_ENV',
    "echo 'quoted' \"double\" # not a comment",
    'yes',
    '123',
    'key: value',
    '- dash',
    '@at {brace} [bracket] *star &amp !bang %pct',
  ])('round-trips %s', (command) => {
    const text = releaseYaml({ web: command, worker: 'run' });
    expect(load(text)).toEqual({ default_process_types: { web: command, worker: 'run' } });
    expect(text.startsWith('---\ndefault_process_types:\n  web: ')).toBe(true);
  });

  test('keeps process order', () => {
    expect(releaseYaml({ web: 'a', worker: 'b', clock: 'c' })).toBe(
      '---\ndefault_process_types:\n  web: a\n  worker: b\n  clock: c\n',
    );
  });
});

describe('detect builders', () => {
  test('build the rule tree', () => {
    const spec = detect.when(
      detect.any(
        detect.file('go.mod'),
        detect.find('src', '*.go', 2),
        detect.all(detect.env('GOPACKAGENAME'), detect.find('.', '*.go')),
        detect.not(detect.envPath('BUNDLE_GEMFILE', 'Gemfile')),
      ),
      'Go',
    );
    expect(spec).toEqual({
      kind: 'rules',
      output: 'Go',
      rule: {
        kind: 'any',
        rules: [
          { kind: 'file', path: 'go.mod' },
          { kind: 'find', under: 'src', name: '*.go', minDepth: 2 },
          { kind: 'all', rules: [{ kind: 'env', variable: 'GOPACKAGENAME' }, { kind: 'find', under: '.', name: '*.go' }] },
          { kind: 'not', rule: { kind: 'envPath', variable: 'BUNDLE_GEMFILE', fallback: 'Gemfile' } },
        ],
      },
    });
    expect(detect.never()).toEqual({ kind: 'never' });
    expect(detect.code()).toEqual({ kind: 'code' });
  });

  test('defineBuildpack returns its definition', () => {
    const def = { detect: detect.never(), release: { web: 'x' } };
    const bp = defineBuildpack<{ V: string }>(def);
    expect(bp).toMatchObject(def);
    const supply = async () => ({ config: { V: '1' } });
    expect(bp.supply(supply)).toBe(supply);
  });
});
