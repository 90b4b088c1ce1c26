import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LabError } from '../model';

/**
 * How files reach the import methods without a page ever naming a path: a browser uploads bytes
 * into `uploads/u-<id>/<sanitised name>` beside the workspace, and the trusted Electron main
 * process stages a path the user picked in a native dialog (`p-<id>`). Import requests carry only
 * these references; anything else is refused.
 */
export interface InboxFile {
  /** The reference an import request names. */
  file: string;
  /** The file's own (sanitised) name: what detection and quarantine locations see. */
  name: string;
  path: string;
  bytes: number;
}

/** Default ceiling of one upload (bytes). */
export const DEFAULT_UPLOAD_LIMIT = 2 * 1024 ** 3;
const UPLOAD_REF = /^u-[0-9a-f]{16}$/;
const STAGED_REF = /^p-[0-9a-f]{16}$/;

/** Keeps letters, digits, `.`, `-`, `_`; never empty, never a dot name, at most 120 characters. */
export function sanitiseFileName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'));
  const clean = base.normalize('NFKC').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '').slice(-120);
  if (clean === '' || /^_*$/.test(clean)) throw new LabError('invalid_input', `"${name.slice(0, 80)}" is not a usable file name`);
  return clean;
}

export class FileInbox {
  private readonly staged = new Map<string, InboxFile>();

  constructor(readonly uploadDir: string) {}

  /** Streams `body` into a fresh upload folder; more than `limit` bytes removes it and fails. */
  async save(name: string, body: Readable, limit = DEFAULT_UPLOAD_LIMIT): Promise<InboxFile> {
    const clean = sanitiseFileName(name);
    const file = `u-${randomBytes(8).toString('hex')}`;
    const dir = join(this.uploadDir, file);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, clean);
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) body.destroy(new LabError('invalid_input', `upload is larger than the limit of ${limit} bytes`));
    });
    try {
      await pipeline(body, createWriteStream(path));
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      if (e instanceof LabError) throw e;
      throw new LabError('io', `upload of ${clean} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { file, name: clean, path, bytes };
  }

  /** The main process (trusted) offers a path the user chose; the page gets only the reference. */
  stage(path: string): InboxFile {
    if (!existsSync(path)) throw new LabError('not_found', `no such file: ${path}`);
    const file = `p-${randomBytes(8).toString('hex')}`;
    const entry = { file, name: basename(path), path, bytes: statSync(path).isFile() ? statSync(path).size : 0 };
    this.staged.set(file, entry);
    return entry;
  }

  resolve(file: string): InboxFile {
    if (STAGED_REF.test(file)) {
      const entry = this.staged.get(file);
      if (entry) return entry;
    } else if (UPLOAD_REF.test(file)) {
      const dir = join(this.uploadDir, file);
      const [name] = existsSync(dir) ? readdirSync(dir) : [];
      if (name !== undefined) {
        const path = join(dir, name);
        return { file, name, path, bytes: statSync(path).size };
      }
    }
    throw new LabError('not_found', `no uploaded or chosen file "${file.slice(0, 40)}" (upload it again)`);
  }

  /** Forgets a file once imported: an upload's folder is deleted, a staged path only forgotten. */
  release(file: string): void {
    if (this.staged.delete(file)) return;
    if (UPLOAD_REF.test(file)) rmSync(join(this.uploadDir, file), { recursive: true, force: true });
  }
}

/** Uploads live beside the workspace (like exports); an in-memory workspace uses the temp folder. */
export function uploadDirFor(workspacePath: string): string {
  return workspacePath === ':memory:' ? join(tmpdir(), `servolab-uploads-${process.pid}`) : join(dirname(resolve(workspacePath)), 'uploads');
}
