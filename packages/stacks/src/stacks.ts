/**
 * CF's Linux stacks, the one place bpkit says what each root filesystem is and which of its tools a buildpack
 * may find on PATH. Facts come from the stacks' package receipts (cloudfoundry/cflinuxfs4
 * receipt.cflinuxfs4.x86_64, cloudfoundry/cflinuxfs5 receipt.cflinuxfs5.x86_64, 2026) and package lists.
 */

export interface StackDefinition {
  name: string;
  description: string;
  ubuntu: { version: string; codename: string };
  /** The C library every binary dependency built for another stack must be compatible with. */
  glibc: string;
  /** Commands a buildpack's scripts may find on PATH at staging and at launch: no node, go or ruby. */
  tools: readonly string[];
}

/** Commands both stacks ship (coreutils, findutils, grep, sed, mawk, tar, curl, git, build-essential, …). */
const COMMON_TOOLS = [
  // shells and coreutils
  'sh', 'bash', 'dash', 'env', 'cat', 'cp', 'mv', 'rm', 'rmdir', 'mkdir', 'ln', 'ls', 'chmod', 'chown', 'touch',
  'readlink', 'realpath', 'dirname', 'basename', 'mktemp', 'head', 'tail', 'tr', 'cut', 'sort', 'uniq', 'wc',
  'tee', 'printf', 'echo', 'test', '[', 'true', 'false', 'expr', 'sleep', 'date', 'id', 'whoami', 'uname',
  'hostname', 'nproc', 'stat', 'du', 'df', 'seq', 'yes', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'base64',
  'od', 'xargs', 'find', 'grep', 'egrep', 'fgrep', 'sed', 'awk', 'mawk', 'diff', 'cmp', 'patch', 'install',
  'timeout', 'nohup', 'kill', 'ps', 'pgrep', 'pkill', 'which', 'less', 'more', 'file', 'getent', 'locale', 'tput',
  'sync', 'split', 'paste', 'join', 'comm', 'fold', 'nl', 'tac', 'rev', 'column', 'flock', 'setsid', 'stdbuf',
  'jq',
  // archives and transfer
  'tar', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'xz', 'unxz', 'xzcat', 'zip', 'unzip', 'curl', 'wget',
  'openssl', 'ssh', 'scp', 'rsync', 'git',
  // build toolchain for native extensions
  'make', 'gcc', 'g++', 'cc', 'c++', 'cpp', 'ld', 'as', 'ar', 'ranlib', 'strip', 'nm', 'objdump', 'pkg-config',
  'perl',
] as const;

export const STACKS = {
  cflinuxfs4: {
    name: 'cflinuxfs4',
    description: 'Cloud Foundry Linux-based filesystem - Ubuntu Jammy 22.04 LTS',
    ubuntu: { version: '22.04', codename: 'jammy' },
    glibc: '2.35',
    // The receipt lists no python3 package (only libpython3 runtime libraries), yet bpkit has always put one on
    // this stack's PATH and `bpkit new`'s template app is served by `python3 -m http.server`: kept so those apps
    // keep working; cflinuxfs5 below is the faithful one.
    tools: [...COMMON_TOOLS, 'python3'],
  },
  cflinuxfs5: {
    name: 'cflinuxfs5',
    description: 'Cloud Foundry Linux-based filesystem - Ubuntu Noble 24.04 LTS',
    ubuntu: { version: '24.04', codename: 'noble' },
    glibc: '2.39',
    // pkg-config comes from pkgconf here (jammy's pkg-config package is gone), which adds its own command.
    // No python3: upstream's nodejs-buildpack installs its own Python on cflinuxfs5 for node-gyp.
    tools: [...COMMON_TOOLS, 'pkgconf'],
  },
} as const satisfies Record<string, StackDefinition>;

export type StackName = keyof typeof STACKS;

/** What `cf push` uses without `-s` (cf-deployment keeps cflinuxfs4 the default stack in 2026). */
export const DEFAULT_STACK: StackName = 'cflinuxfs4';

export function isKnownStack(name: string): name is StackName {
  return Object.hasOwn(STACKS, name);
}

/** CC's answer to an app or push naming a stack it does not have (BuildpackLifecycleDataValidator). */
export class UnknownStackError extends Error {
  constructor(readonly stackName: string) {
    super('Stack must be an existing stack');
  }
}

export function stackDefinition(name: string): StackDefinition {
  if (!isKnownStack(name)) throw new UnknownStackError(name);
  return STACKS[name];
}

/** Tools on one stack but not the other, for messages and docs: what moving an app between them changes. */
export function toolDifference(from: string, to: string): { missing: string[]; added: string[] } {
  const a = new Set(stackDefinition(from).tools);
  const b = new Set(stackDefinition(to).tools);
  return { missing: [...a].filter((t) => !b.has(t)), added: [...b].filter((t) => !a.has(t)) };
}
