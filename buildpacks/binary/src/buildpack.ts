import { defineBuildpack, detect } from '@bpkit/buildpack';

/**
 * CF's binary buildpack: it never detects (push with `-b binary_buildpack`), supplies nothing of
 * its own, and its default web command fails loudly so a push without a Procfile or `-c` says why.
 * The core's supply/finalize already write config.yml, export earlier buildpacks' bin/lib/env for
 * staging and write profile.d/000_multi-supply.sh for launch, which is all binary needs.
 */
export default defineBuildpack({
  detect: detect.never(),
  release: {
    web: '>&2 echo Error: no start command specified during staging or launch && exit 1',
  },
});
