// Gemfile.lock files Bundler's LockfileParser refuses (bundler/lockfile_parser.rb), found before anything is
// downloaded. CF's supply evaluates the Gemfile and its lock with Bundler to choose the Ruby, so there such a
// lock fails staging at once with Bundler's LockfileError; the static reading in gemfile.ts skips what it does
// not understand, and without this check only `bundle install`, after Ruby is installed, would refuse it.
import { isUtf8 } from 'node:buffer';

const MERGE_CONFLICT = /<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|/;
/** Bundler's SOURCE headers: spec lines below them are parsed (with their versions) until the next header. */
const SOURCES = new Set(['GIT', 'GEM', 'PATH', 'PLUGIN SOURCE']);
/** LockfileParser::NAME_VERSION: indent, name, ` (version[-platform])`, `!`, ` checksum`. */
const NAME_VERSION = /^( {2}| {4}| {6})(?! )(.*?)(?: \(([^-]*)(?:-(.*))?\))?(!)?(?: ([^ ]+))?$/;
/** Gem::Version::ANCHORED_VERSION_PATTERN: what Gem::Version.new accepts without an ArgumentError. */
const GEM_VERSION = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

/** Bundler's message for a lock it cannot read; `lockPath` as Bundler shows it, relative to the app. */
function unreadable(lockPath: string, line: number): string {
  return (
    `Your lockfile is unreadable. Run \`rm ${lockPath}\` and then \`bundle install\` to generate a new lockfile. ` +
    `The error occurred while evaluating ${lockPath}:${line}:1`
  );
}

/** Why Bundler would refuse this Gemfile.lock, in Bundler's words; undefined if it would read it. */
export function lockfileRefusal(bytes: Buffer, lockPath: string): string | undefined {
  // Bundler reads the lock as UTF-8; matching a regexp against invalid bytes raises an ArgumentError.
  if (!isUtf8(bytes)) return unreadable(lockPath, 1);
  const text = bytes.toString('utf8');
  if (MERGE_CONFLICT.test(text)) {
    return `Your ${lockPath} contains merge conflicts.\nRun \`git checkout HEAD -- ${lockPath}\` first to get a clean lock.`;
  }
  let inSource = false;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (/^\s*$/.test(line)) continue;
    if (/^\S/.test(line)) {
      inSource = SOURCES.has(line);
      continue;
    }
    if (!inSource || line === '  specs:' || /^ {2}[a-z]+: /i.test(line)) continue;
    // A spec (four spaces) has its version parsed as a Gem::Version; a malformed one is an ArgumentError.
    const m = NAME_VERSION.exec(line);
    if (m?.[1] === '    ' && m[3] !== undefined && !GEM_VERSION.test(m[3])) return unreadable(lockPath, i + 1);
  }
  return undefined;
}
