import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTree } from '@bpkit/fs';
import { readGoModules } from './read-go-modules.ts';

const GO_MOD = `module example.com/shop

go 1.22

toolchain go1.22.3

require (
	github.com/BurntSushi/toml v1.3.2
	github.com/gorilla/mux v1.8.1
	github.com/jackc/pgx/v5 v5.5.5
	"github.com/pkg/errors" v0.9.1
	example.com/internal/billing v0.0.0-00010101000000-000000000000
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20231201235250-de7065d80cb9 // indirect
	golang.org/x/crypto v0.21.0 // indirect
	golang.org/x/text v0.14.0 // indirect; used by pgx
)

require gopkg.in/yaml.v3 v3.0.1

replace github.com/pkg/errors v0.9.1 => github.com/pkg/errors v0.9.0

replace (
	golang.org/x/crypto => golang.org/x/crypto v0.22.0
	example.com/internal/billing => ./billing
)

exclude golang.org/x/net v0.1.0

retract v1.0.0 // published by mistake
`;

const GO_SUM = `github.com/BurntSushi/toml v1.3.2 h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=
github.com/BurntSushi/toml v1.3.2/go.mod h1:CxXYINrC8qIiEnFrOxCa7Jy5BFHlXnUU2pbicEuybxQ=
github.com/gorilla/mux v1.8.1 h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=
github.com/gorilla/mux v1.8.1/go.mod h1:AKf9I4AEqPTmMytcMc0KkNouC66V3BtZ4qD5fmWSiMQ=
github.com/jackc/pgx/v5 v5.5.5 h1:amBjrZVmksIdNjxGW/IiIMzxMKZFelXbUoPNb+8sjQw=
github.com/pkg/errors v0.9.0 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=
golang.org/x/crypto v0.22.0 h1:g1v0xeRhjcugydODzvb3mEM9SQ0HGp9s/nh3COQ/C30=
golang.org/x/crypto v0.21.0 h1:X31++rzVUdKhX5sWmSOFZxx8UW/ldWx55cbf08iNAMA=
`;

describe('go modules', () => {
  let app: string;
  beforeEach(async () => {
    app = await mkdtemp(join(tmpdir(), 'bpkit-sbom-go-'));
  });
  afterEach(() => rm(app, { recursive: true, force: true }));

  it('lists the modules the build uses, replacements applied, with go.sum hashes', async () => {
    await writeFile(join(app, 'go.mod'), GO_MOD);
    await writeFile(join(app, 'go.sum'), GO_SUM);
    const modules = await readGoModules(app);
    const byName = new Map(modules.map((m) => [m.name, m]));
    expect(modules.every((m) => m.ecosystem === 'golang' && m.lockfile === 'go.mod')).toBe(true);
    expect(byName.get('github.com/BurntSushi/toml')).toEqual({
      ecosystem: 'golang',
      name: 'github.com/BurntSushi/toml',
      version: 'v1.3.2',
      lockfile: 'go.mod',
      integrity: 'h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=',
    });
    // replace with a version: that version is what is built, and go.sum's hash is the replacement's.
    expect(byName.get('github.com/pkg/errors')).toMatchObject({ version: 'v0.9.0', integrity: 'h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=' });
    expect(byName.get('golang.org/x/crypto')).toMatchObject({ version: 'v0.22.0', integrity: 'h1:g1v0xeRhjcugydODzvb3mEM9SQ0HGp9s/nh3COQ/C30=' });
    // replaced by a directory: the app's own code.
    expect(byName.has('example.com/internal/billing')).toBe(false);
    // no go.sum line: no integrity, still listed.
    expect(byName.get('golang.org/x/text')).toEqual({ ecosystem: 'golang', name: 'golang.org/x/text', version: 'v0.14.0', lockfile: 'go.mod' });
    expect(modules).toHaveLength(9);
  });

  it('adds vendored modules go.mod does not name, when their packages are vendored', async () => {
    // A go 1.16 module: go.mod lists only direct requirements; modules.txt lists the rest.
    await writeFile(join(app, 'go.mod'), 'module example.com/legacy\n\ngo 1.16\n\nrequire github.com/gorilla/handlers v1.5.1\n');
    await mkdir(join(app, 'vendor'));
    await writeFile(
      join(app, 'vendor', 'modules.txt'),
      `# github.com/felixge/httpsnoop v1.0.3
github.com/felixge/httpsnoop
# github.com/gorilla/handlers v1.5.1
## explicit
github.com/gorilla/handlers
# github.com/old/thing v1.0.0 => github.com/new/thing v1.1.0
github.com/old/thing
# github.com/unused/mod v0.1.0
# example.com/local v0.0.0 => ../local
example.com/local
`,
    );
    const modules = await readGoModules(app);
    expect(modules.map((m) => `${m.name}@${m.version} ${m.lockfile}`)).toEqual([
      'github.com/gorilla/handlers@v1.5.1 go.mod',
      'github.com/felixge/httpsnoop@v1.0.3 vendor/modules.txt',
      'github.com/new/thing@v1.1.0 vendor/modules.txt',
    ]);
  });

  it('finds nothing without a go.mod', async () => {
    await mkdir(join(app, 'vendor'));
    await writeFile(join(app, 'vendor', 'modules.txt'), '# github.com/a/b v1.0.0\ngithub.com/a/b\n');
    expect(await readGoModules(app)).toEqual([]);
  });
});

describe('readGoModules in a go.work workspace', () => {
  let app: string;
  beforeEach(async () => {
    app = await mkdtemp(join(tmpdir(), 'bpkit-go-work-'));
  });
  afterEach(async () => {
    await rm(app, { recursive: true, force: true });
  });

  it("lists every used module's requirements, not the workspace's own modules, with go.sum and go.work.sum hashes", async () => {
    const files: Record<string, string> = {
      'go.work': 'go 1.22\n\nuse (\n\t./app\n\t./lib // shared code\n)\nuse ./tools\n',
      'go.work.sum': 'golang.org/x/text v0.14.0 h1:text=\n',
      'app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v0.0.0\n\tgithub.com/gorilla/mux v1.8.1\n)\n',
      'app/go.sum': 'github.com/gorilla/mux v1.8.1 h1:mux=\n',
      'lib/go.mod': 'module example.com/lib\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n',
    };
    await writeTree(app, files);
    expect(await readGoModules(app)).toEqual([
      { ecosystem: 'golang', name: 'github.com/gorilla/mux', version: 'v1.8.1', lockfile: 'app/go.mod', integrity: 'h1:mux=' },
      { ecosystem: 'golang', name: 'golang.org/x/text', version: 'v0.14.0', lockfile: 'lib/go.mod', integrity: 'h1:text=' },
    ]);
  });
});
