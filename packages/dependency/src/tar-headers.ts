import type { EntryKind } from './archive-entry.ts';

/** One archive member as GNU tar will extract it: long names and PAX records already applied. */
export interface TarMember {
  path: string;
  kind: EntryKind;
  linkpath?: string;
}

const BLOCK = 512;

export class MalformedTarError extends Error {
  override name = 'MalformedTarError';
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return (nul === -1 ? raw : raw.subarray(0, nul)).toString('utf8');
}

function numeric(block: Buffer, offset: number, length: number): number {
  const raw = block.subarray(offset, offset + length);
  if ((raw[0] as number) & 0x80) {
    // base-256 (GNU): big-endian, the top bit of the first byte is the marker.
    let value = (raw[0] as number) & 0x7f;
    for (let i = 1; i < raw.length; i++) value = value * 256 + (raw[i] as number);
    return value;
  }
  const text = raw.toString('latin1').replace(/[\0 ]+$/, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new MalformedTarError(`invalid tar header: numeric field ${JSON.stringify(text)}`);
  return Number.parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const expected = numeric(block, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return expected === unsigned || expected === signed;
}

function kindOf(flag: string): EntryKind {
  switch (flag) {
    case '0':
    case '':
    case '7':
      return 'file';
    case '5':
    case 'D':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** PAX records: `<len> <key>=<value>\n`, len counting the whole record. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const len = space === -1 ? Number.NaN : Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length) throw new MalformedTarError('invalid tar header: bad PAX record');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq === -1) throw new MalformedTarError('invalid tar header: bad PAX record');
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return records;
}

/**
 * Walks a tar stream's headers as GNU tar reads them and hands each member to `onMember`, skipping file
 * contents by their size instead of looking at them (node-tar's Parser streams every byte through
 * JavaScript). Understands ustar prefixes, GNU long names and links ('L', 'K') and PAX path, linkpath and
 * size records; refuses what it cannot follow the way tar would (sparse files, multi-volume members, PAX
 * globals that rename members, bad checksums), so no member can reach GNU tar unchecked.
 */
export class TarHeaderWalker {
  private pending = Buffer.alloc(0);
  /** Content bytes (plus padding) of the current member still to pass over. */
  private skip = 0;
  /** Content of a 'L', 'K' or 'x' member being collected. */
  private collecting: { flag: string; size: number; chunks: Buffer[]; got: number } | undefined;
  private longPath: string | undefined;
  private longLink: string | undefined;
  private pax = new Map<string, string>();
  private zeroBlocks = 0;
  private ended = false;

  constructor(private readonly onMember: (member: TarMember) => void) {}

  write(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0 && !this.ended) {
      if (this.collecting) {
        const c = this.collecting;
        const take = Math.min(data.length, c.size - c.got);
        c.chunks.push(data.subarray(0, take));
        c.got += take;
        data = data.subarray(take);
        if (c.got === c.size) {
          this.collecting = undefined;
          this.collected(c.flag, Buffer.concat(c.chunks));
          this.skip = (BLOCK - (c.size % BLOCK)) % BLOCK;
        }
        continue;
      }
      if (this.skip > 0) {
        const take = Math.min(this.skip, data.length);
        this.skip -= take;
        data = data.subarray(take);
        continue;
      }
      const need = BLOCK - this.pending.length;
      if (data.length < need) {
        this.pending = Buffer.concat([this.pending, data]);
        return;
      }
      const block = this.pending.length > 0 ? Buffer.concat([this.pending, data.subarray(0, need)]) : data.subarray(0, BLOCK);
      this.pending = Buffer.alloc(0);
      data = data.subarray(need);
      this.header(block);
    }
  }

  /** The stream is over: it must have ended between members. */
  end(): void {
    if (this.collecting || this.skip > 0 || this.pending.length > 0) throw new MalformedTarError('unexpected end of tar archive');
  }

  private header(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      // Two zero blocks end the archive; GNU tar reads nothing after them.
      if (++this.zeroBlocks === 2) this.ended = true;
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(block)) throw new MalformedTarError('invalid tar header: checksum mismatch');
    const flag = field(block, 156, 1);
    let size = numeric(block, 124, 12);
    if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
      if (size > 1 << 20) throw new MalformedTarError(`invalid tar header: ${flag} member of ${size} bytes`);
      this.collecting = { flag, size, chunks: [], got: 0 };
      if (size === 0) {
        this.collecting = undefined;
        this.collected(flag, Buffer.alloc(0));
      }
      return;
    }
    if (flag === 'S' || flag === 'M') throw new MalformedTarError(`unsupported tar member type '${flag}' (sparse or multi-volume)`);
    const magic = block.subarray(257, 263).toString('latin1');
    const name = field(block, 0, 100);
    const prefix = magic === 'ustar\0' ? field(block, 345, 155) : '';
    const paxSize = this.pax.get('size');
    if (paxSize !== undefined) {
      if (!/^\d+$/.test(paxSize)) throw new MalformedTarError('invalid tar header: PAX size');
      size = Number(paxSize);
    }
    const path = this.pax.get('path') ?? this.longPath ?? (prefix ? `${prefix}/${name}` : name);
    const link = this.pax.get('linkpath') ?? this.longLink ?? field(block, 157, 100);
    const kind = kindOf(flag);
    this.longPath = undefined;
    this.longLink = undefined;
    this.pax = new Map();
    // Links, directories, devices and FIFOs have no contents; a size on one is read differently by different
    // tars, so such an archive is refused rather than walked one way while GNU tar reads it another.
    if (size > 0 && (kind !== 'file' && !(kind === 'other' && !'3456'.includes(flag)))) {
      throw new MalformedTarError(`invalid tar header: ${path} has type '${flag}' and a size of ${size}`);
    }
    this.onMember({ path, kind, ...(kind === 'symlink' || kind === 'hardlink' ? { linkpath: link } : {}) });
    this.skip = size + ((BLOCK - (size % BLOCK)) % BLOCK);
  }

  private collected(flag: string, data: Buffer): void {
    if (flag === 'L') this.longPath = field(data, 0, data.length);
    else if (flag === 'K') this.longLink = field(data, 0, data.length);
    else {
      const records = paxRecords(data);
      if (flag === 'g') {
        for (const key of records.keys()) {
          if (key === 'path' || key === 'linkpath' || key === 'size') throw new MalformedTarError(`unsupported PAX global header record '${key}'`);
        }
        return;
      }
      for (const [key, value] of records) {
        if (key.startsWith('GNU.sparse')) throw new MalformedTarError('unsupported tar member type (PAX sparse file)');
        this.pax.set(key, value);
      }
    }
  }
}
