// Test-only helpers: crafted archives (including malicious ones); bufferLogger re-exported for the tests.
import { gzipSync } from 'node:zlib';
import { craftZip as craftRawZip } from '@bpkit/dep-server';
import { Header } from 'tar';

export { bufferLogger } from '@bpkit/log';

export interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link';
  body?: string | Buffer;
  linkpath?: string;
  mode?: number;
}

/** A .tgz written header by header, so entries can carry paths no well-behaved tar would write. */
export function craftTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = typeof e.body === 'string' ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0));
    const type = e.type ?? 'File';
    const header = new Header({
      path: e.path,
      type,
      size: type === 'File' ? body.length : 0,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      mtime: new Date(1_700_000_000_000),
      uid: 0,
      gid: 0,
      ...(e.linkpath !== undefined ? { linkpath: e.linkpath } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (type === 'File' && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A stored (uncompressed) zip with Unix modes; symlinks carry their target as content. */
export function craftZip(entries: RawEntry[]): Buffer {
  const kinds = { File: 'file', Directory: 'dir', SymbolicLink: 'symlink', Link: 'file' } as const;
  return craftRawZip(
    entries.map((e) => ({
      name: e.path,
      kind: kinds[e.type ?? 'File'],
      body: e.type === 'SymbolicLink' ? (e.linkpath ?? '') : e.body,
      ...(e.mode !== undefined ? { mode: e.mode } : {}),
    })),
  );
}
