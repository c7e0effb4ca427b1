// Zips written record by record, for tests of extractors against what no well-behaved zip tool writes:
// `..` and absolute names, links, modes, and bombs that claim or really inflate to gigabytes.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface CraftedEntry {
  name: string;
  kind?: 'file' | 'dir' | 'symlink';
  /** A file's content or a symlink's target, stored uncompressed. */
  body?: string | Buffer;
  /** Permission bits (default 0644 for files, 0755 for dirs, 0777 for links). */
  mode?: number;
  /** Deflated bytes with the crc and size they inflate to, or claim to (bombs). */
  deflated?: { data: Buffer; crc: number; size: number };
}

const FILE_TYPE = { file: 0o100000, dir: 0o040000, symlink: 0o120000 } as const;
const DEFAULT_MODE = { file: 0o644, dir: 0o755, symlink: 0o777 } as const;

/** A zip written record by record, so entries carry names, modes and sizes no well-behaved zip tool writes. */
export function craftZip(entries: CraftedEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const kind = e.kind ?? 'file';
    const name = Buffer.from(kind === 'dir' && !e.name.endsWith('/') ? `${e.name}/` : e.name);
    const stored = typeof e.body === 'string' ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0));
    const data = e.deflated?.data ?? stored;
    const crc = e.deflated?.crc ?? crc32(stored);
    const size = e.deflated?.size ?? stored.length;
    const method = e.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the high 16 bits of the external attributes are st_mode
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x800, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt16LE(0x21, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(data.length, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(((FILE_TYPE[kind] | (e.mode ?? DEFAULT_MODE[kind])) << 16) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(record, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * `mib` MiB of zeros as one valid deflate stream of about 1 KiB per MiB: a 1 MiB segment ended by a full flush
 * (byte-aligned, no back-references past it) repeated, then an empty final block.
 */
export function deflatedZeros(mib: number): { data: Buffer; crc: number; size: number } {
  const chunk = Buffer.alloc(1 << 20);
  const segment = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  return { data: Buffer.concat([...Array.from({ length: mib }, () => segment), Buffer.from([0x03, 0x00])]), crc, size: mib * 2 ** 20 };
}
