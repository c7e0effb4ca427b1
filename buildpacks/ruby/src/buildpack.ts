import { defineBuildpack, detect } from '@bpkit/buildpack';

/** What supply leaves in config.yml for finalize (CF's ruby-buildpack keys). */
export type RubyConfig = { RubyVersion: string; BundlerVersion: string; Gemfile: string; Lockfile: boolean };

/**
 * CF's ruby buildpack: detects `$BUNDLE_GEMFILE` (default `Gemfile`), prints `ruby <VERSION>`. The web command
 * comes from finalize, which knows the app's gems (see start-command.ts).
 */
export default defineBuildpack<RubyConfig>({
  detect: detect.when(detect.envPath('BUNDLE_GEMFILE', 'Gemfile'), 'ruby {version}'),
});
