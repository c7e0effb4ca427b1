import { describe, expect, it } from 'vitest';
import { choosePackageManager, parsePackageManagerField, yarnPathOf, type ProjectLayout } from './package-manager.ts';

const layout = (files: ProjectLayout['files'], more: Partial<ProjectLayout> = {}): ProjectLayout => ({ files, vendoredNodeModules: false, ...more });

describe('choosePackageManager', () => {
  it('package-lock.json → npm ci; npm-shrinkwrap.json wins over it as npm itself does', () => {
    expect(choosePackageManager(layout({ 'package-lock.json': true }))).toEqual({
      manager: 'npm',
      command: 'ci',
      lockfile: 'package-lock.json',
      warnings: [],
    });
    expect(choosePackageManager(layout({ 'package-lock.json': true, 'npm-shrinkwrap.json': true }))).toMatchObject({
      command: 'ci',
      lockfile: 'npm-shrinkwrap.json',
    });
  });

  it('no lockfile → npm install', () => {
    expect(choosePackageManager(layout({}))).toEqual({ manager: 'npm', command: 'install', warnings: [] });
  });

  it('vendored node_modules with npm → npm rebuild', () => {
    expect(choosePackageManager(layout({ 'package-lock.json': true }, { vendoredNodeModules: true }))).toMatchObject({
      manager: 'npm',
      command: 'rebuild',
    });
    expect(choosePackageManager(layout({}, { vendoredNodeModules: true }))).toMatchObject({ command: 'rebuild' });
  });

  it('yarn.lock alone → yarn classic', () => {
    expect(choosePackageManager(layout({ 'yarn.lock': true }))).toEqual({ manager: 'yarn', flavor: 'classic', lockfile: 'yarn.lock', warnings: [] });
    expect(choosePackageManager(layout({ 'yarn.lock': true }, { packageManager: 'yarn@1.22.22' }))).toMatchObject({
      flavor: 'classic',
      pinnedVersion: '1.22.22',
    });
  });

  it('yarn.lock → Berry when .yarnrc.yml, its yarnPath or packageManager yarn@2+ says so (nodejs-buildpack #229)', () => {
    expect(choosePackageManager(layout({ 'yarn.lock': true }, { yarnrcYml: 'nodeLinker: node-modules\n' }))).toMatchObject({ flavor: 'berry' });
    expect(
      choosePackageManager(layout({ 'yarn.lock': true }, { yarnrcYml: 'yarnPath: .yarn/releases/yarn-4.5.0.cjs\n' })),
    ).toMatchObject({ flavor: 'berry', yarnPath: '.yarn/releases/yarn-4.5.0.cjs' });
    expect(choosePackageManager(layout({ 'yarn.lock': true }, { packageManager: 'yarn@4.5.0+sha512.deadbeef' }))).toMatchObject({
      manager: 'yarn',
      flavor: 'berry',
      pinnedVersion: '4.5.0',
    });
  });

  it('pnpm-lock.yaml → pnpm (nodejs-buildpack #398), vendored node_modules or not', () => {
    expect(choosePackageManager(layout({ 'pnpm-lock.yaml': true }))).toEqual({ manager: 'pnpm', lockfile: 'pnpm-lock.yaml', warnings: [] });
    expect(choosePackageManager(layout({ 'pnpm-lock.yaml': true }, { vendoredNodeModules: true }))).toMatchObject({ manager: 'pnpm' });
    expect(choosePackageManager(layout({ 'pnpm-lock.yaml': true }, { packageManager: 'pnpm@9.12.0' }))).toMatchObject({ pinnedVersion: '9.12.0' });
  });

  it('several lockfiles: packageManager decides, else yarn beats pnpm beats npm; always a warning', () => {
    const both = choosePackageManager(layout({ 'yarn.lock': true, 'package-lock.json': true }));
    expect(both).toMatchObject({ manager: 'yarn' });
    expect(both.warnings).toEqual([
      'Found more than one lockfile (yarn.lock, package-lock.json); using yarn. Delete the others to silence this warning.',
    ]);
    expect(choosePackageManager(layout({ 'pnpm-lock.yaml': true, 'package-lock.json': true }))).toMatchObject({ manager: 'pnpm' });
    expect(
      choosePackageManager(layout({ 'yarn.lock': true, 'pnpm-lock.yaml': true, 'package-lock.json': true }, { packageManager: 'npm@10.9.0' })),
    ).toMatchObject({ manager: 'npm', command: 'ci', pinnedVersion: '10.9.0' });
    // packageManager naming a manager whose lockfile is absent does not override the lockfile.
    expect(choosePackageManager(layout({ 'package-lock.json': true }, { packageManager: 'pnpm@9.0.0' }))).toEqual({
      manager: 'npm',
      command: 'ci',
      lockfile: 'package-lock.json',
      warnings: [],
    });
  });
});

describe('packageManager field and .yarnrc.yml', () => {
  it('parses name@version with an optional hash', () => {
    expect(parsePackageManagerField('pnpm@9.12.0+sha512.abc')).toEqual({ name: 'pnpm', version: '9.12.0' });
    expect(parsePackageManagerField('yarn')).toBeUndefined();
    expect(parsePackageManagerField(undefined)).toBeUndefined();
  });

  it('finds yarnPath, quoted or not, ignoring comments', () => {
    expect(yarnPathOf('enableGlobalCache: false\nyarnPath: ".yarn/releases/yarn-4.1.0.cjs"\n')).toBe('.yarn/releases/yarn-4.1.0.cjs');
    expect(yarnPathOf("yarnPath: '.yarn/releases/a b.cjs' # pinned\n")).toBe('.yarn/releases/a b.cjs');
    expect(yarnPathOf('yarnPath: .yarn/releases/yarn.cjs # pinned\n')).toBe('.yarn/releases/yarn.cjs');
    expect(yarnPathOf('nodeLinker: pnp\n')).toBeUndefined();
  });
});
