import { describe, expect, it } from 'vitest';
import { rackupWarning, webCommand } from './start-command.ts';

function app(gems: Record<string, string>, files: { puma?: boolean; configRu?: boolean } = {}) {
  const lockfile = { versions: new Map(Object.entries(gems)) };
  return { lockfile, pumaConfig: files.puma ?? false, configRu: files.configRu ?? false };
}

describe('webCommand', () => {
  it.each([
    [{ rails: '7.1.3', puma: '6.4.2', rack: '3.0.8' }, {}, 'bin/rails server -b 0.0.0.0 -p $PORT -e $RAILS_ENV'],
    [{ railties: '4.2.0', rack: '1.6.0' }, {}, 'bin/rails server -b 0.0.0.0 -p $PORT -e $RAILS_ENV'],
    [{ rails: '3.2.22', thin: '1.8.0' }, {}, 'bundle exec thin start -R config.ru -e $RAILS_ENV -p $PORT'],
    [{ rails: '3.2.22' }, {}, 'bundle exec rails server -p $PORT'],
    [{ rails: '2.3.18', thin: '1.8.0' }, {}, 'bundle exec thin start -e $RAILS_ENV -p $PORT'],
    [{ rails: '2.3.18' }, {}, 'bundle exec ruby script/server -p $PORT'],
    [{ rack: '2.2.22', thin: '1.8.0', puma: '6.4.2' }, {}, 'bundle exec thin start -R config.ru -e $RACK_ENV -p $PORT'],
    [{ rack: '2.2.22', puma: '6.4.2' }, { configRu: true }, 'bundle exec puma -p $PORT'],
    [{ rack: '2.2.22', puma: '6.4.2' }, { configRu: true, puma: true }, 'bundle exec puma -C config/puma.rb'],
    [{ puma: '6.4.2' }, { configRu: true }, 'bundle exec puma -p $PORT'],
    [{ rack: '2.2.22', webrick: '1.8.1' }, { configRu: true }, 'bundle exec rackup config.ru -p $PORT'],
    [{ webrick: '1.8.1' }, {}, undefined],
    [{ sinatra: '4.0.0' }, {}, undefined],
    [{ puma: '6.4.2' }, {}, undefined],
  ])('%j %j → %s', (gems, files, command) => {
    expect(webCommand(app(gems, files))).toBe(command);
  });
});

describe('rackupWarning', () => {
  it('warns when Rack 3 lacks the rackup gem the default command needs', () => {
    const rack3 = app({ rack: '3.0.8' }, { configRu: true });
    expect(rackupWarning(rack3, webCommand(rack3))).toMatch(/add the rackup gem/);
    const withRackup = app({ rack: '3.0.8', rackup: '2.1.0' }, { configRu: true });
    expect(rackupWarning(withRackup, webCommand(withRackup))).toBeUndefined();
    const rack2 = app({ rack: '2.2.22' }, { configRu: true });
    expect(rackupWarning(rack2, webCommand(rack2))).toBeUndefined();
  });
});
