// The builder's configuration (builder_config.go): its options, the `missing flag: -X` validation,
// the supply/final split and the zero-padded deps index.

import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { cacheDirName } from '../buildpack-bits/buildpack-dir.ts';
import type { SupplyWatch } from './supply-watch.ts';

export interface BuilderOptions {
  buildDir: string;
  outputDroplet: string;
  outputMetadata: string;
  outputBuildArtifactsCache: string;
  buildpacksDir: string;
  buildpacksDownloadDir: string;
  buildArtifactsCacheDir: string;
  /** Buildpack keys in order (admin `<guid>_<sha256>` keys or URLs). */
  buildpackOrder: string[];
  skipDetect: boolean;
  skipCertVerify: boolean;
  /** Default 3. */
  credhubConnectAttempts?: number;
  /** Milliseconds; default 1000. */
  credhubRetryDelay?: number;
  /** Environment of the builder and so of every buildpack script (default process.env). */
  env?: Record<string, string | undefined>;
  stdout?: Writable;
  stderr?: Writable;
  /** Parent of the contentsNNNN staging dir (default os.tmpdir()). */
  tempDir?: string;
  /**
   * bpkit's addition: watch each supply for writes outside its deps/<idx> (off, as CF, unless asked): 'warn'
   * names the paths on stderr, 'strict' fails staging as a supply failure (225).
   */
  supplyWatch?: SupplyWatch;
  /**
   * bpkit's addition for platforms that keep `buildArtifactsCacheDir` itself between stagings (the local
   * platform): skip archiving it to `outputBuildArtifactsCache`, the slowest step of a warm staging.
   */
  keepCacheInPlace?: boolean;
  /**
   * bpkit's addition: gzip the droplet at level 1 instead of gzip's default. Same .tgz format, a little
   * larger, several times faster for droplets that carry a runtime (Node's is 138 MB unpacked); for a
   * platform whose droplets never leave the machine.
   */
  fastDropletCompression?: boolean;
  /**
   * bpkit's addition for platforms that delete the build dir after staging (the local platform): rename it
   * into the droplet's contents instead of `cp -a`, which copies every file of a large node_modules.
   */
  moveBuildDir?: boolean;
  /**
   * bpkit's addition, with fastDropletCompression: the app's previous droplet (written the same way, its
   * `.segments.json` index beside it). Subtrees that did not change (a Ruby, a Node, node_modules) are copied
   * from it compressed instead of being compressed again.
   */
  previousDroplet?: string;
  /**
   * bpkit's addition (CF never shows why a buildpack declined, buildpackapplifecycle#16): record every buildpack
   * detect tried, in order, with its exit status and output, and print that list: after detection on stdout
   * (under `-----> Detection: buildpacks tried, in order`), or on a 222 under CF's message on stderr. Detect
   * runs with BPKIT_DETECT_TRACE=1, on which bpkit's compiled detects name the rule that failed on stderr.
   * Returned as BuildResult.detectTrace. Nothing changes without it, nor with skipDetect (no detection).
   */
  detectTrace?: boolean;
  /** bpkit's addition: display names by buildpack key, for the detection trace (keys are shown otherwise). */
  buildpackNames?: Readonly<Record<string, string>>;
  /**
   * bpkit's addition: the droplet's SBOM (what bpkit's buildpacks installed, from the records they write into
   * BPKIT_INSTALL_RECORDS, which the builder sets; the app's packages from its lockfiles as pushed) as CycloneDX 1.6
   * and SPDX 2.3 JSON, written into the droplet at `.bpkit/sbom.cdx.json` and `.bpkit/sbom.spdx.json` (with the
   * records in `.bpkit/installed/`) and copied into this directory. CF's launcher never reads `.bpkit/`.
   */
  outputSbom?: string;
}

/** Flag names as BAL spells them, in VisitAll (sorted) order, for `missing flag: -X`. */
const REQUIRED: Array<[string, (o: BuilderOptions) => string]> = [
  ['buildArtifactsCacheDir', (o) => o.buildArtifactsCacheDir],
  ['buildDir', (o) => o.buildDir],
  ['buildpackOrder', (o) => o.buildpackOrder.join(',')],
  ['buildpacksDir', (o) => o.buildpacksDir],
  ['buildpacksDownloadDir', (o) => o.buildpacksDownloadDir],
  ['outputBuildArtifactsCache', (o) => o.outputBuildArtifactsCache],
  ['outputDroplet', (o) => o.outputDroplet],
  ['outputMetadata', (o) => o.outputMetadata],
];

/** ValidationError text, or undefined when every flag is set. */
export function validateOptions(options: BuilderOptions): string | undefined {
  const missing = REQUIRED.filter(([, get]) => (get(options) ?? '') === '').map(([name]) => `missing flag: -${name}`);
  return missing.length > 0 ? missing.join(', ') : undefined;
}

export class BuilderConfig {
  readonly order: string[];
  readonly supply: string[];

  constructor(readonly options: BuilderOptions) {
    this.order = options.buildpackOrder;
    this.supply = options.skipDetect && this.order.length > 0 ? this.order.slice(0, -1) : [];
  }

  /** DepsIndex: zero-padded to the digits of len(supply)+1. */
  depsIndex(i: number): string {
    const width = Math.floor(Math.log10(this.supply.length + 1)) + 1;
    return String(i).padStart(width, '0');
  }

  supplyCachePath(key: string): string {
    return join(this.options.buildArtifactsCacheDir, cacheDirName(key));
  }

  cacheRoot(): string {
    return this.options.buildArtifactsCacheDir;
  }

  finalCachePath(): string {
    return join(this.options.buildArtifactsCacheDir, 'final');
  }
}
