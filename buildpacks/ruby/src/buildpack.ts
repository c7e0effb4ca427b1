import { defineBuildpack, detect } from '@bpkit/buildpack';

/**
 * CF's ruby buildpack: detects `$BUNDLE_GEMFILE` (default `Gemfile`), prints `ruby <VERSION>`. The web command
 * comes from finalize, which knows the app's gems (see start-command.ts).
 */
export default defineBuildpack({
  detect: detect.when(detect.envPath('BUNDLE_GEMFILE', 'Gemfile'), 'ruby {version}'),
});
