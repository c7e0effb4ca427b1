import type { GemfileLock } from '@bpkit/app-files';

export interface AppShape {
  lockfile: Pick<GemfileLock, 'versions'>;
  /** Whether config/puma.rb exists. */
  pumaConfig: boolean;
  /** Whether config.ru exists. */
  configRu: boolean;
}

function major(version: string | undefined): number {
  return version === undefined ? 0 : Number.parseInt(version, 10) || 0;
}

/**
 * The default web command (release.go GenerateReleaseYaml), with a puma rule CF lacks (ruby-buildpack #97):
 * Rails by major version, then Rack servers thin > puma > rackup. Undefined: no command the buildpack can infer.
 */
export function webCommand(app: AppShape): string | undefined {
  const { versions } = app.lockfile;
  const has = (name: string) => versions.has(name);
  const rails = major(versions.get('rails') ?? versions.get('railties'));
  if (rails >= 4) return 'bin/rails server -b 0.0.0.0 -p $PORT -e $RAILS_ENV';
  if (rails === 3) return has('thin') ? 'bundle exec thin start -R config.ru -e $RAILS_ENV -p $PORT' : 'bundle exec rails server -p $PORT';
  if (rails === 2) return has('thin') ? 'bundle exec thin start -e $RAILS_ENV -p $PORT' : 'bundle exec ruby script/server -p $PORT';
  if (has('thin') && (has('rack') || app.configRu)) return 'bundle exec thin start -R config.ru -e $RACK_ENV -p $PORT';
  if (has('puma') && (app.pumaConfig || app.configRu)) {
    return app.pumaConfig ? 'bundle exec puma -C config/puma.rb' : 'bundle exec puma -p $PORT';
  }
  if (has('rack')) return 'bundle exec rackup config.ru -p $PORT';
  return undefined;
}

/** Rack 3 moved `rackup` into its own gem: the rackup default then needs it. */
export function rackupWarning(app: AppShape, command: string | undefined): string | undefined {
  if (!command?.startsWith('bundle exec rackup')) return undefined;
  if (major(app.lockfile.versions.get('rack')) < 3 || app.lockfile.versions.has('rackup')) return undefined;
  return 'Rack 3 no longer ships `rackup`: add the rackup gem to your Gemfile, or give a start command in a Procfile.';
}

export const NO_START_COMMAND_WARNING =
  'No start command: this app has no Procfile with a web process, and its Gemfile.lock has no gem the Ruby\n' +
  'buildpack knows how to start (rails, thin, puma, rack). Add a Procfile (`web: bundle exec ruby app.rb -p $PORT`)\n' +
  'or push with -c "<command>", or the app will not start.';
