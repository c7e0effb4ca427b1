import { describe, expect, it } from 'vitest';
import { ManifestError, interpolateVars } from './index.ts';
import { loadYamlV2 } from './load-yaml.ts';

const interpolate = (text: string, vars: Parameters<typeof interpolateVars>[1]) => loadYamlV2(interpolateVars(text, vars));

describe('interpolateVars', () => {
  it('splices strings and integers into longer strings, keys included', () => {
    const text = 'applications:\n- name: ((app))-web\n  routes:\n  - route: ((host)).example.com:((port))\n  env:\n    ((key)): x\n';
    expect(interpolate(text, { app: 'shop', host: 'www', port: 8080, key: 'MODE' })).toEqual({
      applications: [{ name: 'shop-web', routes: [{ route: 'www.example.com:8080' }], env: { MODE: 'x' } }],
    });
  });

  it('replaces a whole value with the variable whatever its type, as bosh does', () => {
    const text = 'instances: ((n))\nenv: ((env))\nservices: ((services))\nflag: ((on))\nversion: ((v))\n';
    expect(interpolate(text, { n: 2, env: { A: '1' }, services: ['db', 'cache'], on: true, v: '1.10' })).toEqual({
      instances: 2,
      env: { A: '1' },
      services: ['db', 'cache'],
      flag: true,
      version: '1.10',
    });
  });

  it('reads ((!name)) as ((name))', () => {
    expect(interpolate('a: ((!x))\nb: pre-((!x))\n', { x: 'v' })).toEqual({ a: 'v', b: 'pre-v' });
  });

  it('lists every unresolved variable once, sorted, in one error', () => {
    const text = 'a: ((zeta))\nb: ((alpha))-((zeta))\nc: ((known))\n';
    expect(() => interpolateVars(text, { known: 1 })).toThrow(new ManifestError('Expected to find variables: alpha, zeta'));
  });

  it('refuses to splice a map, a float or a boolean into a longer string, in bosh-cli words', () => {
    expect(() => interpolateVars('a: x-((m))\n', { m: { b: 1, a: 'z' } })).toThrow(
      new ManifestError(
        "Invalid type 'map[interface {}]interface {}' for value 'map[a:z b:1]' and variable 'm'. Supported types for interpolation within a string are integers and strings.",
      ),
    );
    expect(() => interpolateVars('a: x-((f))\n', { f: 1.5 })).toThrow(/Invalid type 'float64' for value '1.5' and variable 'f'/);
    expect(() => interpolateVars('a: x-((b))\n', { b: false })).toThrow(/Invalid type 'bool' for value 'false'/);
  });

  it('looks up a.b.c inside map variables, and nests variables named with dots', () => {
    expect(interpolate('a: ((db.host)):((db.port))\n', { db: { host: 'h', port: 5432 } })).toEqual({ a: 'h:5432' });
    expect(interpolate('a: ((db.host))\nb: ((db))\n', { 'db.host': 'h' })).toEqual({ a: 'h', b: { host: 'h' } });
    expect(() => interpolateVars('a: ((db.name))\n', { db: { host: 'h', port: 1 } })).toThrow(
      new ManifestError("Finding variable 'db.name': Expected to find a map key 'name' for path '/name' (found map keys: 'host', 'port')"),
    );
    expect(() => interpolateVars('a: ((nope.name))\n', {})).toThrow(new ManifestError('Expected to find variables: nope'));
  });

  it('leaves text without variables as it was', () => {
    expect(interpolate('a: "((not closed"\nb: (x)\n', {})).toEqual({ a: '((not closed', b: '(x)' });
  });

  it('turns a YAML syntax error into a ManifestError, never a stack trace', () => {
    expect(() => interpolateVars('applications:\n- name: a\n  memory: [1G\n', {})).toThrow(ManifestError);
    expect(() => interpolateVars('a: b: c\n', {})).toThrow(/^yaml: line 1: /);
  });
});
