import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { UploadedFile } from '../../core/api/files-contract';
import { DEFAULT_UPLOAD_LIMIT, sanitiseFileName, type FileInbox, type InboxFile } from '../../core/api/file-inbox';
import { LabError } from '../../core/model';

interface Pending {
  owner: number;
  body: PassThrough;
  saved: Promise<InboxFile>;
  failure: unknown;
}

/**
 * A file dropped on the desktop window: the renderer sends its bytes in chunks over IPC and they
 * stream into the workspace's FileInbox exactly like a browser-mode `POST /upload`. Main never
 * opens a path the renderer named, so the inbox's rule "a page never names a path" holds in
 * Electron too. Each upload belongs to the web contents (owner) that began it.
 */
export class IpcUploads {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly inbox: () => FileInbox,
    private readonly limit = DEFAULT_UPLOAD_LIMIT,
  ) {}

  begin(owner: number, name: unknown): string {
    if (typeof name !== 'string') throw new LabError('invalid_input', 'upload needs a file name');
    sanitiseFileName(name); // a bad name fails here, before any chunk is sent
    const id = randomBytes(8).toString('hex');
    const body = new PassThrough();
    const entry: Pending = { owner, body, saved: this.inbox().save(name, body, this.limit), failure: undefined };
    entry.saved.catch((e: unknown) => (entry.failure = e));
    this.pending.set(id, entry);
    return id;
  }

  /** Writes one chunk, waiting while the file write is behind; a failed upload reports its error. */
  async chunk(owner: number, id: unknown, bytes: unknown): Promise<void> {
    const entry = this.get(owner, id);
    if (!(bytes instanceof Uint8Array)) throw new LabError('invalid_input', 'upload chunk must be bytes');
    try {
      if (entry.failure === undefined && !entry.body.write(bytes)) await Promise.race([once(entry.body, 'drain'), entry.saved]);
      if (entry.failure !== undefined) throw entry.failure;
    } catch (e) {
      this.pending.delete(id as string);
      // The inbox's own error (e.g. the size limit) says more than the stream's.
      throw entry.failure ?? e;
    }
  }

  async end(owner: number, id: unknown): Promise<UploadedFile> {
    const entry = this.get(owner, id);
    this.pending.delete(id as string);
    entry.body.end();
    const { file, name, bytes } = await entry.saved;
    return { file, name, bytes };
  }

  /** Drops an unfinished upload; the inbox removes what was written. */
  abort(owner: number, id: unknown): void {
    const entry = this.pending.get(String(id));
    if (!entry || entry.owner !== owner) return;
    this.pending.delete(String(id));
    entry.body.destroy(new LabError('cancelled', 'upload cancelled'));
  }

  /** A closed window's unfinished uploads. */
  abortAll(owner: number): void {
    for (const [id, entry] of this.pending) if (entry.owner === owner) this.abort(owner, id);
  }

  get size(): number {
    return this.pending.size;
  }

  private get(owner: number, id: unknown): Pending {
    const entry = typeof id === 'string' ? this.pending.get(id) : undefined;
    if (!entry || entry.owner !== owner) throw new LabError('not_found', 'no such upload in progress (drop the file again)');
    return entry;
  }
}
