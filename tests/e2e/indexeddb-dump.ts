import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What someone holding the phone reads of an origin's IndexedDB: every file under the profile's
 * `Default/IndexedDB/` for that origin (Chromium's LevelDB and blob files), byte for byte. LevelDB may keep a value
 * in ways a plain byte search misses: its write-ahead log cuts records at every 32 KiB block (a 7-byte header
 * inside the value), and its tables may compress blocks with Snappy. Both are undone here and added to the dump,
 * so text stored in plain is found wherever LevelDB put it. A compression this reader does not know throws:
 * the search must never pass because it could not see.
 */
export interface IndexedDbDump {
  files: string[];
  /** The raw files, then the log's records joined up, then every table block decompressed. */
  bytes: Buffer;
}

export function dumpOriginIndexedDb(profileDir: string, origin: string): IndexedDbDump {
  const root = join(profileDir, 'Default', 'IndexedDB');
  const { protocol, hostname, port } = new URL(origin);
  const prefix = `${protocol.replace(':', '')}_${hostname}_${port || (protocol === 'https:' ? '443' : '80')}.`;
  const files = readdirSync(root)
    .filter((name) => name.startsWith(prefix))
    .flatMap((name) => filesUnder(join(root, name)));
  if (!files.some((file) => /\.(ldb|sst|log)$/.test(file))) throw new Error(`no LevelDB files for ${origin} under ${root}: ${files.join(', ')}`);
  const parts: Buffer[] = [];
  for (const file of files) {
    const content = readFileSync(file);
    parts.push(content);
    if (/\/\d+\.log$/.test(file)) parts.push(logRecords(content));
    if (/\.(ldb|sst)$/.test(file)) parts.push(...tableBlocks(content, file));
  }
  return { files, bytes: Buffer.concat(parts) };
}

/** Which of `needles` the dump holds, as UTF-8 or as UTF-16 (V8 writes a string with any non-Latin-1 character as UTF-16LE). */
export function foundIn(dump: IndexedDbDump, needles: readonly string[]): string[] {
  return needles.filter((needle) => dump.bytes.includes(Buffer.from(needle, 'utf8')) || dump.bytes.includes(Buffer.from(needle, 'utf16le')));
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

const LOG_BLOCK = 32_768;
const LOG_HEADER = 7;

/** The payloads of a LevelDB log's fragments, in order, without the headers that cut values at block edges. */
function logRecords(log: Buffer): Buffer {
  const payloads: Buffer[] = [];
  for (let block = 0; block < log.length; block += LOG_BLOCK) {
    let at = block;
    const end = Math.min(block + LOG_BLOCK, log.length);
    while (at + LOG_HEADER <= end) {
      const length = log.readUInt16LE(at + 4);
      const type = log[at + 6];
      if (type === 0 && length === 0) break; // the rest of the block is padding
      payloads.push(log.subarray(at + LOG_HEADER, Math.min(at + LOG_HEADER + length, end)));
      at += LOG_HEADER + length;
    }
  }
  return Buffer.concat(payloads);
}

const TABLE_MAGIC = Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]);
const FOOTER = 48;

interface Handle {
  offset: number;
  size: number;
}

function varint(buffer: Buffer, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buffer[at++];
    if (byte === undefined) throw new Error('varint runs past the end');
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: at };
    shift += 7;
  }
}

function handleAt(buffer: Buffer, at: number): Handle & { next: number } {
  const offset = varint(buffer, at);
  const size = varint(buffer, offset.next);
  return { offset: offset.value, size: size.value, next: size.next };
}

/** A table block's contents: stored as is (0) or Snappy-compressed (1). */
function readBlock(table: Buffer, handle: Handle, file: string): Buffer {
  const raw = table.subarray(handle.offset, handle.offset + handle.size);
  const type = table[handle.offset + handle.size];
  if (type === 0) return raw;
  if (type === 1) return snappyDecompress(raw);
  throw new Error(`${file}: block compressed with type ${type}, which this dump cannot read`);
}

/** Every data block of a LevelDB table (found through its index block), decompressed. */
function tableBlocks(table: Buffer, file: string): Buffer[] {
  if (table.length < FOOTER || !table.subarray(table.length - 8).equals(TABLE_MAGIC)) throw new Error(`${file}: not a LevelDB table`);
  const footer = table.length - FOOTER;
  const metaindex = handleAt(table, footer);
  const index = readBlock(table, handleAt(table, metaindex.next), file);
  const restarts = index.readUInt32LE(index.length - 4);
  const entriesEnd = index.length - 4 - 4 * restarts;
  const blocks: Buffer[] = [index];
  for (let at = 0; at < entriesEnd; ) {
    const shared = varint(index, at);
    const unshared = varint(index, shared.next);
    const valueLength = varint(index, unshared.next);
    const valueAt = valueLength.next + unshared.value;
    blocks.push(readBlock(table, handleAt(index, valueAt), file));
    at = valueAt + valueLength.value;
  }
  return blocks;
}

/** Snappy's raw format (the one LevelDB uses): a length, then literals and back-references. */
function snappyDecompress(input: Buffer): Buffer {
  const length = varint(input, 0);
  const out = Buffer.alloc(length.value);
  let at = length.next;
  let written = 0;
  while (at < input.length) {
    const tag = input[at++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let size = tag >> 2;
      if (size >= 60) {
        const bytes = size - 59;
        size = input.readUIntLE(at, bytes);
        at += bytes;
      }
      size += 1;
      input.copy(out, written, at, at + size);
      at += size;
      written += size;
      continue;
    }
    let size: number;
    let offset: number;
    if (kind === 1) {
      size = 4 + ((tag >> 2) & 7);
      offset = ((tag >> 5) << 8) | input[at++]!;
    } else if (kind === 2) {
      size = 1 + (tag >> 2);
      offset = input.readUInt16LE(at);
      at += 2;
    } else {
      size = 1 + (tag >> 2);
      offset = input.readUInt32LE(at);
      at += 4;
    }
    if (offset === 0 || offset > written) throw new Error('Snappy: a back-reference before the start');
    // Byte by byte: a copy may overlap what it writes (a run).
    for (let i = 0; i < size; i++, written++) out[written] = out[written - offset]!;
  }
  if (written !== out.length) throw new Error(`Snappy: ${written} bytes written of ${out.length}`);
  return out;
}
