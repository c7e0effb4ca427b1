import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OPTIMIZE_MEMORY_WEB, webCommand } from './start-command.ts';

const run = promisify(execFile);

describe('webCommand', () => {
  it("is CF's npm start at the root, and starts in the member's directory otherwise (quoted for sh when needed)", () => {
    expect(webCommand('.', { optimizeMemory: false })).toBe('npm start');
    expect(webCommand('.', { optimizeMemory: true })).toBe(OPTIMIZE_MEMORY_WEB);
    expect(webCommand('packages/api', { optimizeMemory: false })).toBe('cd packages/api && npm start');
    expect(webCommand("apps/it's mine", { optimizeMemory: false })).toBe(`cd 'apps/it'\\''s mine' && npm start`);
  });

  it("requires Yarn's .pnp.cjs for a Plug'n'Play install, keeping the memory size and the user's NODE_OPTIONS", async () => {
    const web = webCommand('packages/api', { optimizeMemory: true, pnpFile: '.pnp.cjs' });
    expect(web).toBe('cd packages/api && NODE_OPTIONS="--require $HOME/.pnp.cjs --max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 )) ${NODE_OPTIONS:-}" npm start');
    const shown = await run('bash', ['-c', webCommand('.', { optimizeMemory: true, pnpFile: '.pnp.cjs' }).replace('npm start', `sh -c 'echo "$NODE_OPTIONS"'`)], {
      env: { HOME: '/home/vcap/app', MEMORY_AVAILABLE: '1024', NODE_OPTIONS: '--enable-source-maps' },
    });
    expect(shown.stdout).toBe('--require /home/vcap/app/.pnp.cjs --max_old_space_size=768 --enable-source-maps\n');
  });
});
