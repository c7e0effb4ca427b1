// A Go app's droplet with something of everything, for the document tests: installs with and without hashes,
// licenses on and off the SPDX list, a cpe, a manifest purl, and app packages from four lockfiles.
import type { SbomInput } from './sbom-input.ts';

export const GO_SHA256 = '0b3d6ff6f4a2e4a1c56e8f5b8e0e6f4f2a1e3c0d9b7a5f3e1d2c4b6a8f0e2d4c';

export function sampleSbomInput(): SbomInput {
  return {
    appName: 'shop api',
    appGuid: '9d5c0a1e-3f52-4a8b-b6c7-2e1f0d9c8b7a',
    stack: 'cflinuxfs4',
    createdAt: new Date('2024-05-14T09:30:12.345Z'),
    tool: { name: 'bpkit', version: '0.1.0' },
    installed: [
      {
        name: 'go',
        version: '1.22.3',
        sha256: GO_SHA256,
        uri: 'https://buildpacks.cloudfoundry.org/dependencies/go/go_1.22.3_linux_x64_cflinuxfs4_0b3d6ff6.tgz',
        source: 'https://go.dev/dl/go1.22.3.src.tar.gz',
        sourceSha256: '80648ef34f903193d72a59c0dff019f5f98ae0c9aa13ade0b0ecbff991a76f68',
        licenses: ['BSD-3-Clause'],
        cpe: 'cpe:2.3:a:golang:go:1.22.3:*:*:*:*:*:*:*',
        purl: 'pkg:generic/go@1.22.3?checksum=sha256:80648ef34f903193d72a59c0dff019f5f98ae0c9aa13ade0b0ecbff991a76f68&download_url=https://go.dev/dl/go1.22.3.src.tar.gz',
        buildpack: 'go_buildpack',
        path: 'deps/0/go1.22.3 (used to build, not in the droplet)',
      },
      {
        name: 'node',
        version: '20.13.1',
        sha256: 'c1a2b3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
        uri: 'https://buildpacks.cloudfoundry.org/dependencies/node/node_20.13.1_linux_x64_cflinuxfs4_c1a2b3d4.tgz',
        licenses: ['mit', 'Some Vendor License'],
        buildpack: 'nodejs_buildpack',
        path: 'deps/1/node',
      },
      { name: 'dep', version: '0.5.4', sha256: 'not-a-sha256', buildpack: 'go_buildpack', path: 'deps/0/dep' },
    ],
    app: [
      { ecosystem: 'golang', name: 'github.com/gorilla/mux', version: 'v1.8.1', lockfile: 'go.mod', integrity: 'h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=' },
      { ecosystem: 'golang', name: 'github.com/BurntSushi/toml', version: 'v1.3.2', lockfile: 'go.mod' },
      { ecosystem: 'golang', name: 'github.com/felixge/httpsnoop', version: 'v1.0.3', lockfile: 'vendor/modules.txt' },
      { ecosystem: 'gem', name: 'nokogiri', version: '1.16.2-x86_64-linux', lockfile: 'Gemfile.lock', integrity: `sha256=${'ab'.repeat(32)}` },
      { ecosystem: 'npm', name: '@babel/code-frame', version: '7.24.2', lockfile: 'package-lock.json', integrity: 'sha512-y5+tLQyV8pg3fsiln67BVLD1P13Eg4lh5RW9mF0zUuvLrv9uIQ4MCL+CRT+FTsBlBjcIan6PGsLcBN0m3ClUyQ==' },
      { ecosystem: 'npm', name: '@babel/code-frame', version: '7.24.2', lockfile: 'yarn.lock', integrity: 'sha512-y5+tLQyV8pg3fsiln67BVLD1P13Eg4lh5RW9mF0zUuvLrv9uIQ4MCL+CRT+FTsBlBjcIan6PGsLcBN0m3ClUyQ==' },
      { ecosystem: 'npm', name: 'ms', version: '2.1.3', lockfile: 'package-lock.json' },
    ],
  };
}
