// The `builder` command line: CF's flag set with Go's flag syntax and defaults, then build().

import type { Writable } from 'node:stream';
import { FlagParseError, FlagSet, withCredhubFlags } from '../go-compat/go-flags.ts';
import { build } from './builder.ts';

export function builderFlagSet(): FlagSet {
  return withCredhubFlags(
    new FlagSet('builder')
    .define({ name: 'buildDir', kind: 'string', usage: 'directory containing raw app bits', defaultValue: '/tmp/app' })
    .define({ name: 'outputDroplet', kind: 'string', usage: 'file where compressed droplet should be written', defaultValue: '/tmp/droplet' })
    .define({ name: 'outputMetadata', kind: 'string', usage: 'directory in which to write the app metadata', defaultValue: '/tmp/result.json' })
    .define({
      name: 'outputBuildArtifactsCache',
      kind: 'string',
      usage: 'file where compressed contents of new cached build artifacts should be written',
      defaultValue: '/tmp/output-cache',
    })
    .define({ name: 'buildpacksDir', kind: 'string', usage: 'directory containing the buildpacks to try', defaultValue: '/tmp/buildpacks' })
    .define({ name: 'buildpacksDownloadDir', kind: 'string', usage: 'directory to download buildpacks to', defaultValue: '/tmp/buildpackdownloads' })
    .define({
      name: 'buildArtifactsCacheDir',
      kind: 'string',
      usage: 'directory where previous cached build artifacts should be extracted',
      defaultValue: '/tmp/cache',
    })
    .define({ name: 'buildpackOrder', kind: 'string', usage: 'comma-separated list of buildpacks, to be tried in order', defaultValue: '' })
    .define({ name: 'skipDetect', kind: 'bool', usage: 'skip buildpack detect', defaultValue: 'false' })
    .define({ name: 'skipCertVerify', kind: 'bool', usage: 'skip SSL certificate verification', defaultValue: 'false' }),
  );
}

/**
 * CF's flags plus bpkit's own (`-detectTrace`, `-outputSbom`). bpkit's are accepted but left out of the usage text, so
 * that every message (`-h`, `flag provided but not defined`, bad values) stays CF's byte for byte.
 */
function bpkitBuilderFlagSet(): FlagSet {
  const cf = builderFlagSet();
  const flags = builderFlagSet().define({
    name: 'detectTrace',
    kind: 'bool',
    usage: 'print every buildpack detect tried, with its exit status and reason (bpkit)',
    defaultValue: 'false',
  }).define({
    name: 'outputSbom',
    kind: 'string',
    usage: "directory for the droplet's SBOM, also written into the droplet at .bpkit/ (bpkit)",
    defaultValue: '',
  });
  flags.usage = () => cf.usage();
  return flags;
}

export interface CliIo {
  stdout?: Writable;
  stderr?: Writable;
  env?: Record<string, string | undefined>;
}

/** Runs the builder with CF's arguments; resolves with the exit code. */
export async function builderCli(args: readonly string[], io: CliIo = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const flags = bpkitBuilderFlagSet();
  try {
    flags.parse(args);
  } catch (error) {
    if (error instanceof FlagParseError) {
      stderr.write(error.output);
      return error.exitCode;
    }
    throw error;
  }
  const str = (name: string): string => flags.get(name) as string;
  const result = await build({
    buildDir: str('buildDir'),
    outputDroplet: str('outputDroplet'),
    outputMetadata: str('outputMetadata'),
    outputBuildArtifactsCache: str('outputBuildArtifactsCache'),
    buildpacksDir: str('buildpacksDir'),
    buildpacksDownloadDir: str('buildpacksDownloadDir'),
    buildArtifactsCacheDir: str('buildArtifactsCacheDir'),
    buildpackOrder: str('buildpackOrder').split(','),
    skipDetect: flags.get('skipDetect') as boolean,
    skipCertVerify: flags.get('skipCertVerify') as boolean,
    credhubConnectAttempts: flags.get('credhubConnectAttempts') as number,
    credhubRetryDelay: (flags.get('credhubRetryDelay') as number) / 1e6,
    ...(flags.get('detectTrace') === true ? { detectTrace: true } : {}),
    ...(str('outputSbom') ? { outputSbom: str('outputSbom') } : {}),
    ...(io.env ? { env: io.env } : {}),
    ...(io.stdout ? { stdout: io.stdout } : {}),
    stderr,
  });
  return result.exitCode;
}
