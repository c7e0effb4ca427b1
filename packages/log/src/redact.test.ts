import { describe, expect, test } from 'vitest';
import { redact } from './redact.ts';
import { indent } from './indent.ts';

describe('redact', () => {
  test.each([
    ['https://user:pass@host/path', 'https://-redacted-:-redacted-@host/path'],
    ['https://token@host/path', 'https://-redacted-:-redacted-@host/path'],
    ['http://u:p@ss@host:8080/a?b=c', 'http://-redacted-:-redacted-@host:8080/a?b=c'],
    ['git+ssh://git@github.com/org/repo', 'git+ssh://-redacted-:-redacted-@github.com/org/repo'],
    ['Download [https://a:b@x/y.tgz] and https://c:d@z/w', 'Download [https://-redacted-:-redacted-@x/y.tgz] and https://-redacted-:-redacted-@z/w'],
    ['"https://a:b@x"', '"https://-redacted-:-redacted-@x"'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  test.each([
    'https://host/path@v1.2',
    'https://host/a?email=me@example.com',
    'mail me@example.com at https://host/',
    'no urls here',
  ])('leaves %s alone', (input) => {
    expect(redact(input)).toBe(input);
  });

  test('is idempotent', () => {
    const once = redact('https://a:b@h/');
    expect(redact(once)).toBe(once);
  });
});

describe('indent', () => {
  test('continues lines under 7 spaces by default', () => {
    expect(indent('a\nb\nc')).toBe('a\n       b\n       c');
  });
  test('takes another prefix', () => {
    expect(indent('a\nb', '> ')).toBe('a\n> b');
  });
});
