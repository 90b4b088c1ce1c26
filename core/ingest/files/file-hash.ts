import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { LabError } from '../../model';

/** Identity of an imported file's content: SHA-256 of its bytes (of every file, for a folder). */
export interface ContentHash {
  sha256: string;
  bytes: number;
}

async function hashFile(path: string, verifyGzip = false): Promise<ContentHash> {
  const hash = createHash('sha256');
  let bytes = 0;
  // DuckDB reads a truncated gzip stream up to where it breaks, without an error: the same pass
  // that hashes inflates it, so a damaged file fails the import instead of half-importing.
  const gunzip = verifyGzip ? createGunzip() : null;
  const inflated = gunzip
    ? new Promise<void>((resolve, reject) => {
        gunzip.on('data', () => undefined);
        gunzip.on('end', resolve);
        gunzip.on('error', (e) => reject(new LabError('invalid_input', `${basename(path)}: the gzip data is truncated or corrupt (${e.message})`)));
      })
    : null;
  inflated?.catch(() => undefined);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    // A corrupt stream errors instead of draining: the race surfaces that error.
    if (gunzip && !gunzip.write(chunk)) await Promise.race([new Promise((resolve) => gunzip.once('drain', resolve)), inflated]);
  }
  gunzip?.end();
  await inflated;
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Hashes a file, or a folder as the sorted list of its files' names and hashes (a Sensor Logger
 * folder whose files did not change hashes the same however it was copied).
 */
export async function contentHash(path: string, verifyGzip = false): Promise<ContentHash> {
  if (!statSync(path).isDirectory()) return hashFile(path, verifyGzip);
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
