import { describe, expect, it } from 'vitest';
import { ManifestError, parseVarFlags } from './index.ts';

describe('parseVarFlags', () => {
  it('reads values as YAML but keeps string values byte for byte', () => {
    expect(parseVarFlags(['n=2', 'on=true', 'm={a: 1}', 'l=[x, z]', 's=hello world', 'eq=a=b', 'q="quoted"', 'sp=  padded '])).toEqual({
      n: 2,
      on: true,
      m: { a: 1 },
      l: ['x', 'z'],
      s: 'hello world',
      eq: 'a=b',
      q: '"quoted"',
      sp: '  padded ',
    });
  });

  it('lets a later flag win', () => {
    expect(parseVarFlags(['a=1', 'a=two'])).toEqual({ a: 'two' });
  });

  it('refuses malformed flags in bosh-cli words', () => {
    expect(() => parseVarFlags(['novalue'])).toThrow(new ManifestError("Expected var 'novalue' to be in format 'name=value'"));
    expect(() => parseVarFlags(['=x'])).toThrow(new ManifestError("Expected var '=x' to specify non-empty name"));
    expect(() => parseVarFlags(['a='])).toThrow(new ManifestError("Expected var 'a=' to specify non-empty value"));
    expect(() => parseVarFlags(['a=[1'])).toThrow(/^Deserializing variables 'a=\[1': yaml: line 1: /);
  });
});
