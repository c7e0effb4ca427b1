import { describe, expect, it } from 'vitest';
import { availableVersionsLine, versionReason } from './version-reason.ts';

const GO = ['1.21.13', '1.22.5', '1.23.4'];

describe('the version reason wording', () => {
  it('names the source, what it said and how it was read', () => {
    expect(versionReason({ source: 'go.mod', requested: 'go 1.22', constraint: '>=1.22.0', rule: 'a minimum' }, '1.25.x')).toBe('go.mod: go 1.22 (a minimum)');
    expect(versionReason({ source: 'engines.node (package.json)', constraint: '^22' }, '22.x')).toBe('engines.node (package.json): ^22');
    expect(versionReason(undefined, '1.25.x')).toBe('the manifest default: 1.25.x');
  });

  it('lists what a stack has, and says when it has nothing', () => {
    expect(availableVersionsLine('go', 'cflinuxfs4', GO, '1.23.4')).toBe('Versions of go for cflinuxfs4: 1.21.13, 1.22.5, 1.23.4; nearest: 1.23.4');
    expect(availableVersionsLine('ruby', 'cflinuxfs5', [], undefined)).toBe('This buildpack has no ruby for cflinuxfs5.');
  });
});
