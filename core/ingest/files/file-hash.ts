import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Identity of an imported file's content: SHA-256 of its bytes (of every file, for a folder). */
export interface ContentHash {
  sha256: string;
  bytes: number;
}

async function hashFile(path: string): Promise<ContentHash> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Hashes a file, or a folder as the sorted list of its files' names and hashes (a Sensor Logger
 * folder whose files did not change hashes the same however it was copied).
 */
export async function contentHash(path: string): Promise<ContentHash> {
  if (!statSync(path).isDirectory()) return hashFile(path);
  const names = readdirSync(path).filter((n) => statSync(join(path, n)).isFile()).sort();
  const outer = createHash('sha256');
  let bytes = 0;
  for (const name of names) {
    const inner = await hashFile(join(path, name));
    outer.update(`${name}\0${inner.sha256}\n`);
    bytes += inner.bytes;
  }
  return { sha256: outer.digest('hex'), bytes };
}
