import { closeSync, mkdirSync, openSync, readSync, fstatSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { LabError } from '../../model';

/**
 * A minimal ZIP reader for Sensor Logger exports: DuckDB cannot read inside a zip, and no zip
 * library is a dependency. It reads the central directory and inflates stored or deflated members
 * with node:zlib. Multi-disk, ZIP64 and encrypted archives are refused with a clear message.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
/** A member larger than this is refused: Sensor Logger files are far smaller, and it bounds memory. */
const MAX_MEMBER_BYTES = 2 ** 31 - 1;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

export function listZip(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailStart = Math.max(0, size - EOCD_SEARCH);
    const tail = readAt(fd, tailStart, size - tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new LabError('invalid_input', `${basename(path)} is not a readable zip archive (no central directory)`);
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || dirOffset === 0xffffffff) throw new LabError('invalid_input', `${basename(path)} is a ZIP64 archive, which is not supported`);
    if (dirOffset + dirSize > size) throw new LabError('invalid_input', `${basename(path)} is a truncated zip archive`);
    const dir = readAt(fd, dirOffset, dirSize);
    const out: ZipEntry[] = [];
    for (let p = 0, k = 0; k < entries; k++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
        throw new LabError('invalid_input', `${basename(path)} has a corrupt zip central directory`);
      }
      const flags = dir.readUInt16LE(p + 8);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      if (flags & 1) throw new LabError('invalid_input', `${basename(path)} is encrypted; export it without a password`);
      out.push({
        name: dir.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localHeaderOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

export function readZipEntry(path: string, entry: ZipEntry): Buffer {
  if (entry.size > MAX_MEMBER_BYTES || entry.compressedSize > MAX_MEMBER_BYTES) {
    throw new LabError('invalid_input', `zip member ${entry.name} is too large (over 2 GB)`);
  }
  const fd = openSync(path, 'r');
  try {
    const header = readAt(fd, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
      throw new LabError('invalid_input', `zip member ${entry.name} has a corrupt header`);
    }
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = readAt(fd, dataStart, entry.compressedSize);
    if (entry.method === 0) return data;
    if (entry.method !== 8) throw new LabError('invalid_input', `zip member ${entry.name} uses compression method ${entry.method}; only deflate is supported`);
    try {
      return inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (e) {
      throw new LabError('invalid_input', `zip member ${entry.name} cannot be inflated: ${e instanceof Error ? e.message : String(e)}`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Extracts the members whose base name passes `keep` into `dir`, flattened to their base names
 * (a member path can never escape `dir`). Returns the written file paths by member name.
 */
export function extractZip(path: string, dir: string, keep: (name: string) => boolean): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const written = new Map<string, string>();
  for (const entry of listZip(path)) {
    if (entry.name.endsWith('/')) continue;
    const name = basename(entry.name.replaceAll('\\', '/'));
    if (!name || name.startsWith('.') || !keep(name) || written.has(name)) continue;
    const target = join(dir, name);
    writeFileSync(target, readZipEntry(path, entry));
    written.set(name, target);
  }
  return written;
}

export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === LOCAL_SIGNATURE;
}
