import { describe, expect, it } from 'vitest';
import { DEFAULT_STACK, STACKS, UnknownStackError, isKnownStack, stackDefinition, toolDifference } from './stacks.ts';

describe('stacks', () => {
  it('knows cflinuxfs4 (Ubuntu 22.04) and cflinuxfs5 (Ubuntu 24.04), cflinuxfs4 the default', () => {
    expect(Object.keys(STACKS)).toEqual(['cflinuxfs4', 'cflinuxfs5']);
    expect(stackDefinition('cflinuxfs4').ubuntu).toEqual({ version: '22.04', codename: 'jammy' });
    expect(stackDefinition('cflinuxfs5').ubuntu).toEqual({ version: '24.04', codename: 'noble' });
    expect(DEFAULT_STACK).toBe('cflinuxfs4');
  });

  it('answers an unknown stack with CC\'s error', () => {
    expect(isKnownStack('cflinuxfs3')).toBe(false);
    expect(() => stackDefinition('cflinuxfs3')).toThrow(UnknownStackError);
    expect(() => stackDefinition('nope')).toThrow('Stack must be an existing stack');
  });

  it('ships no node, go or ruby on either stack, and no python3 on cflinuxfs5', () => {
    for (const stack of Object.values(STACKS)) {
      for (const runtime of ['node', 'go', 'ruby']) expect(stack.tools).not.toContain(runtime);
      expect(stack.tools).toEqual(expect.arrayContaining(['sh', 'bash', 'tar', 'curl', 'sha256sum']));
    }
    expect(toolDifference('cflinuxfs4', 'cflinuxfs5')).toEqual({ missing: ['python3'], added: ['pkgconf'] });
  });
});
