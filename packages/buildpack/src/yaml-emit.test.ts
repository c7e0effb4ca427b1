import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { toYaml, yamlScalar } from './yaml-emit.ts';

describe('yamlScalar', () => {
  it('leaves plain strings plain', () => {
    for (const s of ['gomod', '1.25.11', './bin/app', 'npm start', 'bundle exec rackup config.ru -p $PORT', 'rake jobs:work', 'a#b']) {
      expect(yamlScalar(s)).toBe(s);
    }
  });

  it('double-quotes strings YAML 1.1 would read as something else, as go-yaml v2 does', () => {
    for (const s of ['1.10', '42', 'true', 'no', 'on', '~', 'null', '', ' x', 'x ', 'a: b', 'a #b', '-x', '>&2 echo hi', '*ref', '0x1f', '2026-01-01']) {
      const q = yamlScalar(s);
      expect(q.startsWith('"')).toBe(true);
      expect(load(`k: ${q}`)).toEqual({ k: s });
    }
  });
});

describe('toYaml', () => {
  it('round-trips nested maps, lists and odd strings through a real YAML parser', () => {
    const doc = {
      web: '>&2 echo Error: no start command specified during staging or launch && exit 1',
      list: ['a', '1', 2, true, null, { x: 'y' }],
      nested: { deep: { v: 'line1\nline2', quote: `it's "q"` }, empty: {}, none: [] },
      'key with: colon': 'v',
    };
    expect(load(toYaml(doc))).toEqual(doc);
  });

  it('sorts keys when asked', () => {
    expect(toYaml({ b: '1.0.0', a: {}, c: 'x' }, { sortKeys: true })).toBe('a: {}\nb: 1.0.0\nc: x\n');
  });
});
