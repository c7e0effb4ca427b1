/** Exit codes in the range CF's ruby buildpack uses for its steps. */
export const EXIT = {
  /** finalize: a Gemfile without its Gemfile.lock */
  lockfile: 11,
  /** finalize: `rake assets:precompile` failed */
  assets: 12,
  /** supply: no Ruby for what the app asks, or a lockfile Bundler would refuse */
  rubyVersion: 14,
  /** supply: no Bundler for the lockfile's BUNDLED WITH */
  bundler: 15,
  /** supply: `bundle install` failed */
  gems: 16,
} as const;
