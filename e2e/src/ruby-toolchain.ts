// The Ruby the e2e tests stage apps with. Debian's own Ruby is not relocatable and no rubygems or ruby-lang host
// answers here, so this builds a relocatable Ruby (`--enable-load-relative`) from Debian's ruby source package,
// fetched through private apt directories (the system's apt sources are never touched), once per machine, into
// `${E2E_CACHE}/ruby-<version>/`. About 7-8 minutes on 2 cores; every later run reuses the cache.
//
// The e2e suite builds it in beforeAll (scripts/setup-ruby installs the build prerequisites). To warm the cache by
// hand: `node_modules/.bin/esbuild e2e/src/ruby-toolchain.ts --platform=node --format=esm > /tmp/rt.mjs && BPKIT_BUILD_RUBY=1 node /tmp/rt.mjs`.
import { E2E_CACHE } from './e2e-cache.ts';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, cp, link, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type DependencyServer, buildTestManifest, sha256File } from '@bpkit/dep-server';
import { REPO_ROOT } from './workspace.ts';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RubyToolchain {
  /** Upstream Ruby version, e.g. `3.1.2`. */
  version: string;
  /** The bundler version Ruby ships as a default gem, e.g. `2.3.7`. */
  bundlerVersion: string;
  /** `ruby-<version>.tgz`: bin/, lib/, include/, share/ at the top, as CF's ruby tarballs are laid out. */
  rubyTarball: string;
  /** `bundler-<version>.tgz`: a GEM_HOME-style tree (bin/bundle, gems/, specifications/), as CF's bundler tarballs are. */
  bundlerTarball: string;
  /** The unpacked Ruby (for running it in tests), e.g. `<dir>/ruby/bin/ruby`. */
  rubyHome: string;
  dir: string;
}

export const CACHE_ROOT = E2E_CACHE;

// Runs under flock so concurrent test processes build once; re-checks the cache after taking the lock.
// (`#{` stands for bash's `${`, which a template literal would take.)
const BUILD_SCRIPT = String.raw`
set -euo pipefail
cache="$1"
mkdir -p "$cache"
exec 9>"$cache/ruby-build.lock"
flock 9
for done in "$cache"/ruby-*/ruby.done; do
  [ -e "$done" ] && exit 0
done

work="$cache/ruby-build"
rm -rf "$work"
mkdir -p "$work/apt/lists/partial" "$work/apt/sources" "$work/apt/cache/archives/partial" "$work/src"
log="$work/build.log"
exec >"$log" 2>&1
set -x

. /etc/os-release
codename="$VERSION_CODENAME"
cat >"$work/apt/sources/deb-src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/apt/sources"
     -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o APT::Sandbox::User=root)
apt-get "#{apt[@]}" -q update

# The source package behind Debian's default ruby (ruby3.1 on bookworm).
pkg=$(apt-cache depends ruby 2>/dev/null | sed -n 's/^ *Depends: \(ruby[0-9][0-9.]*\)$/\1/p' | head -n1)
pkg=#{pkg:-ruby3.1}
cd "$work/src"
# One archive's index can list a version whose files its mirror no longer serves (bookworm-security's ruby3.1 has
# answered 404), so try every version the indexes list, newest first, until one downloads.
versions=()
for v in $(apt-cache "#{apt[@]}" showsrc "$pkg" | sed -n 's/^Version: //p' | sort -u); do
  i=#{#versions[@]}
  versions+=("$v")
  while [ "$i" -gt 0 ] && dpkg --compare-versions "#{versions[i-1]}" lt "#{versions[i]}"; do
    t="#{versions[i-1]}"; versions[i-1]="#{versions[i]}"; versions[i]="$t"; i=$((i - 1))
  done
done
fetched=""
for v in "#{versions[@]}"; do
  if apt-get "#{apt[@]}" -q source --download-only "$pkg=$v"; then fetched="$v"; break; fi
  find . -mindepth 1 -delete
done
if [ -z "$fetched" ]; then
  echo "no source of $pkg could be downloaded; tried: #{versions[*]:-none listed}" >&2
  exit 1
fi
dpkg-source --no-check -x ./*.dsc ruby-src
cd ruby-src
# Debian's patches touch configure.ac in ways that matter only on other architectures; the release tarball's
# configure stays valid, and marking it newer keeps make from wanting autoconf to regenerate it.
touch configure

prefix="$work/prefix"
./configure --prefix="$prefix" --enable-load-relative --enable-shared --disable-install-doc
make -j"$(nproc)"
# Without HAVE_BASERUBY=no, install tries to download the bundled gems and hangs in retries.
make install HAVE_BASERUBY=no

# Debug symbols are half of libruby and the extensions: a smaller tarball stages faster.
strip --strip-debug "$prefix"/lib/libruby.so.* || true
find "$prefix/lib" -name '*.so' -exec strip --strip-debug {} + || true

version=$("$prefix/bin/ruby" -e 'print RUBY_VERSION')
bundler=$("$prefix/bin/ruby" -e 'require "bundler/version"; print Bundler::VERSION')
out="$cache/ruby-$version"
rm -rf "$out"
mkdir -p "$out"
tar -C "$prefix" -czf "$out/ruby-$version.tgz" .

# Bundler as CF ships it: a GEM_HOME tree with bin/bundle. Built from the bundler this Ruby carries as a default gem,
# so nothing is downloaded.
gemsrc="$work/bundler-gem"
mkdir -p "$gemsrc"
spec=$(ls "$prefix"/lib/ruby/gems/*/specifications/default/bundler-*.gemspec)
libdir=$(ls -d "$prefix"/lib/ruby/[0-9]*.*.*/ | head -n1)
mkdir -p "$gemsrc/lib" "$gemsrc/exe"
cp -a "$libdir/bundler.rb" "$libdir/bundler" "$gemsrc/lib/"
cp -a "$prefix/bin/bundle" "$prefix/bin/bundler" "$gemsrc/exe/" 2>/dev/null || true
ruby_src_exe="$work/src/ruby-src/libexec"
[ -f "$ruby_src_exe/bundle" ] && cp "$ruby_src_exe/bundle" "$ruby_src_exe/bundler" "$gemsrc/exe/"
cd "$gemsrc"
"$prefix/bin/ruby" -e '
  spec = Gem::Specification.load(ARGV[0])
  spec.files = Dir["lib/**/*", "exe/*"].select { |f| File.file?(f) }
  spec.bindir = "exe"
  spec.executables = %w[bundle bundler]
  File.write("bundler.gemspec", spec.to_ruby)
' "$spec"
"$prefix/bin/gem" build bundler.gemspec
bhome="$work/bundler-home"
# --env-shebang: this Ruby's load-relative bin prolog would exec a ruby beside the script, which bundler/bin lacks.
"$prefix/bin/gem" install --local --no-document --env-shebang --install-dir "$bhome" --bindir "$bhome/bin" ./bundler-"$bundler".gem
rm -rf "$bhome/cache" "$bhome/doc" "$bhome/build_info" "$bhome/extensions" "$bhome/plugins"
tar -C "$bhome" -czf "$out/bundler-$bundler.tgz" .

mkdir -p "$out/ruby"
tar -C "$out/ruby" -xzf "$out/ruby-$version.tgz"
printf '%s\n%s\n' "$version" "$bundler" >"$out/ruby.done"
cp "$log" "$out/build.log"
cd "$cache"
rm -rf "$work"
`.replaceAll('#{', '${');

function findBuilt(): string | undefined {
  if (!existsSync(CACHE_ROOT)) return undefined;
  const dirs = readdirSync(CACHE_ROOT)
    .filter((name) => /^ruby-\d+\.\d+\.\d+$/.test(name) && existsSync(join(CACHE_ROOT, name, 'ruby.done')))
    .sort();
  return dirs.length ? join(CACHE_ROOT, dirs[dirs.length - 1]!) : undefined;
}

async function describe(dir: string): Promise<RubyToolchain> {
  const [version, bundlerVersion] = (await readFile(join(dir, 'ruby.done'), 'utf8')).trim().split('\n') as [string, string];
  return {
    version,
    bundlerVersion,
    rubyTarball: join(dir, `ruby-${version}.tgz`),
    bundlerTarball: join(dir, `bundler-${bundlerVersion}.tgz`),
    rubyHome: join(dir, 'ruby'),
    dir,
  };
}

/** The relocatable Ruby if this machine has built one already (benchmarks skip Ruby rather than build it). */
export async function cachedRubyToolchain(): Promise<RubyToolchain | undefined> {
  const dir = findBuilt();
  return dir ? describe(dir) : undefined;
}

let pending: Promise<RubyToolchain> | undefined;

/** The cached relocatable Ruby, built first if this machine has none (minutes; needs scripts/setup-ruby's packages). */
export function rubyToolchain(): Promise<RubyToolchain> {
  pending ??= (async () => {
    const ready = findBuilt();
    if (ready) return describe(ready);
    await mkdir(CACHE_ROOT, { recursive: true });
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn('bash', ['-c', BUILD_SCRIPT, 'ruby-toolchain', CACHE_ROOT], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 1));
    });
    const built = findBuilt();
    if (code !== 0 || !built) {
      let tail = '';
      try {
        const { stdout } = await run('tail', ['-n', '40', join(CACHE_ROOT, 'ruby-build', 'build.log')]);
        tail = stdout;
      } catch {
        // no log: the script failed before it started one
      }
      throw new Error(`building the relocatable Ruby failed (exit ${code}); see ${join(CACHE_ROOT, 'ruby-build', 'build.log')}\n${tail}`);
    }
    return describe(built);
  })();
  return pending;
}

if (/ruby-toolchain\.(ts|mjs|js)$/.test(process.argv[1] ?? '') || process.env.BPKIT_BUILD_RUBY === '1') {
  const started = Date.now();
  rubyToolchain().then(
    (t) => console.log(`ruby ${t.version} (bundler ${t.bundlerVersion}) in ${t.dir} [${Math.round((Date.now() - started) / 1000)} s]`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

export interface BuiltGem {
  name: string;
  version: string;
  /** The .gem file. */
  file: string;
}

// Loads Debian's gemspec for an installed gem, lists the gem's installed files in it and builds a .gem: Debian's
// gem directories under rubygems-integration hold lib/ and bin/ exactly as the gem shipped them.
const REPACKAGE = `
require "rubygems/package"
require "fileutils"
name, out = ARGV
spec_file = Dir["/usr/share/rubygems-integration/*/specifications/#{name}-[0-9]*.gemspec"].max_by { |f| Gem::Version.new(File.basename(f, ".gemspec").split("-").last) }
abort "no Debian gem #{name} (run scripts/setup-ruby)" unless spec_file
spec = Gem::Specification.load(spec_file)
src = File.join(File.dirname(File.dirname(spec_file)), "gems", spec.full_name)
abort "no installed files for #{spec.full_name}" unless File.directory?(src)
Dir.chdir(src) do
  spec.files = Dir.glob("**/*", File::FNM_DOTMATCH).select { |f| File.file?(f) }.sort
  spec.date = Time.utc(2000, 1, 1)
  FileUtils.mkdir_p(out)
  file = Gem::Package.build(spec, true)
  FileUtils.mv(file, File.join(out, File.basename(file)))
  puts "#{spec.name} #{spec.version} #{File.join(out, File.basename(file))}"
end
`;

/** A real gem (webrick, rack) repackaged from Debian's installed files into `outDir` with the toolchain's RubyGems. */
export async function repackageDebianGem(toolchain: RubyToolchain, name: string, outDir: string): Promise<BuiltGem> {
  const { stdout } = await run(join(toolchain.rubyHome, 'bin', 'ruby'), ['-e', REPACKAGE, name, outDir], {
    env: { ...process.env, GEM_HOME: join(outDir, '.gem-home'), SOURCE_DATE_EPOCH: '946684800' },
  });
  // Gem::Package.build reports on stdout too: our line is the last.
  const [gem, version, file] = (stdout.trim().split('\n').pop() ?? '').split(' ') as [string, string, string];
  return { name: gem, version, file };
}

/**
 * A Gemfile.lock for gems with no dependencies of their own, as Bundler writes one
 * (`RUBY VERSION` only when the Gemfile has a ruby directive).
 */
export function lockfileFor(
  gems: Array<{ name: string; version: string; requirement?: string }>,
  options: { rubyVersion?: string; bundledWith: string },
): string {
  const sorted = [...gems].sort((a, b) => a.name.localeCompare(b.name));
  const lines = ['GEM', '  remote: https://rubygems.org/', '  specs:'];
  for (const g of sorted) lines.push(`    ${g.name} (${g.version})`);
  lines.push('', 'PLATFORMS', '  ruby', '', 'DEPENDENCIES');
  for (const g of sorted) lines.push(`  ${g.name}${g.requirement ? ` (${g.requirement})` : ''}`);
  if (options.rubyVersion) lines.push('', 'RUBY VERSION', `   ruby ${options.rubyVersion}`);
  lines.push('', 'BUNDLED WITH', `   ${options.bundledWith}`, '');
  return lines.join('\n');
}

/** Serves the relocatable Ruby and its Bundler the way buildpacks.cloudfoundry.org names them; returns the manifest. */
export async function rubyManifest(
  toolchain: RubyToolchain,
  root: string,
  server: DependencyServer,
  bootstrapNode?: { version: string; tarball: string },
): Promise<string> {
  const files: Array<{ name: string; version: string; source: string; arch: string; stack: string }> = [
    { name: 'ruby', version: toolchain.version, source: toolchain.rubyTarball, arch: 'x64', stack: 'cflinuxfs4' },
    { name: 'bundler', version: toolchain.bundlerVersion, source: toolchain.bundlerTarball, arch: 'noarch', stack: 'any-stack' },
    // The Node lib/bootstrap.sh installs on a stack with none, as the committed manifest lists it.
    ...(bootstrapNode ? [{ name: 'node', version: bootstrapNode.version, source: bootstrapNode.tarball, arch: 'x64', stack: 'cflinuxfs4' }] : []),
  ];
  const dependencies = [];
  for (const f of files) {
    const sha = await sha256File(f.source);
    const file = `dependencies/${f.name}/${f.name}_${f.version}_linux_${f.arch}_${f.stack}_${sha.slice(0, 8)}.tgz`;
    await mkdir(join(root, 'dependencies', f.name), { recursive: true });
    await link(f.source, join(root, file)).catch(() => copyFile(f.source, join(root, file)));
    dependencies.push({ name: f.name, version: f.version, file });
  }
  const [major, minor] = toolchain.version.split('.');
  return buildTestManifest({
    language: 'ruby',
    root,
    baseUrl: server.url,
    dependencies,
    defaultVersions: [
      { name: 'ruby', version: `${major}.${minor}.x` },
      ...(bootstrapNode ? [{ name: 'node', version: `${bootstrapNode.version.split('.')[0]}.x` }] : []),
    ],
  });
}

export interface RubyAppOptions {
  gems: BuiltGem[];
  /** Gemfile requirements by gem name, e.g. `{ rack: '~> 2.2' }`. */
  requirements?: Record<string, string>;
  rubyVersion?: string;
}

/** A copy of e2e/apps/<name> with its gems in vendor/cache and a Gemfile.lock for them. */
export async function rubyAppDir(toolchain: RubyToolchain, name: string, options: RubyAppOptions): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-ruby-app-')), name);
  await cp(join(REPO_ROOT, 'e2e', 'apps', name), dir, { recursive: true });
  await mkdir(join(dir, 'vendor', 'cache'), { recursive: true });
  for (const gem of options.gems) await copyFile(gem.file, join(dir, 'vendor', 'cache', basename(gem.file)));
  const lock = lockfileFor(
    options.gems.map((g) => ({ name: g.name, version: g.version, ...(options.requirements?.[g.name] ? { requirement: options.requirements[g.name] } : {}) })),
    { bundledWith: toolchain.bundlerVersion, ...(options.rubyVersion ? { rubyVersion: options.rubyVersion } : {}) },
  );
  await writeFile(join(dir, 'Gemfile.lock'), lock);
  return dir;
}
