import { describe, expect, it } from 'vitest';
import { GoStruct, goJson } from './go-json.ts';

describe('goJson', () => {
  it('escapes like encoding/json, sorts map keys bytewise and keeps struct order', () => {
    expect(goJson('a && b <c> \u2028')).toBe('"a \\u0026\\u0026 b \\u003cc\\u003e \\u2028"');
    expect(goJson({ web: 'x', 10: 'ten', 9: 'nine', B: 1 })).toBe('{"10":"ten","9":"nine","B":1,"web":"x"}');
    expect(goJson(new GoStruct([['z', 1], ['a', null]]))).toBe('{"z":1,"a":null}');
    expect(goJson([1.5, 1e21, true])).toBe('[1.5,1e+21,true]');
  });
});
