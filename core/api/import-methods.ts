import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { listQuarantine } from '../analytics/quarantine';
import { detectFile, discardPlan, importFile, type ImportPlan } from '../ingest/file-import';
import { listImports } from '../ingest/files/history';
import { describeTimeFormat } from '../ingest/files/time-format';
import { LabError } from '../model';
import type { Catalog } from '../store/catalog';
import type { Workspace } from '../store/workspace';
import type { FileInbox } from './file-inbox';
import type { FileResponses, ImportPreview, ImportProgressEvent } from './files-contract';
import type { LabParsedRequest } from './schemas';

/** At most this many progress events per second reach a client (plus the final one). */
const PROGRESS_INTERVAL_MS = 100;

export interface ImportDeps {
  ws: Workspace;
  catalog: Catalog;
  inbox: FileInbox;
  progress(event: ImportProgressEvent): void;
}

/**
 * The import side of LabApi for one session: preview (detection + proposed mapping), run with
 * progress events and cancel, history and quarantine. A session runs one import at a time.
 */
export class ImportMethods {
  private running: AbortController | null = null;

  constructor(private readonly deps: ImportDeps) {}

  async preview(r: LabParsedRequest<'importPreview'>): Promise<ImportPreview> {
    const entry = this.deps.inbox.resolve(r.file);
    const plan = await detectFile(this.deps.ws, entry.path, r.options);
    try {
      return describePlan(r.file, plan);
    } finally {
      discardPlan(plan);
    }
  }

  async run(r: LabParsedRequest<'importRun'>): Promise<FileResponses['importRun']> {
    if (this.running) throw new LabError('invalid_input', 'an import is already running; cancel it or wait for it to finish');
    const entry = this.deps.inbox.resolve(r.file);
    const controller = new AbortController();
    this.running = controller;
    try {
      const plan = await detectFile(this.deps.ws, entry.path, r.options);
      let last = 0;
      const result = await importFile(this.deps.ws, this.deps.catalog, plan, {
        again: r.again,
        signal: controller.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (p.phase !== 'done' && now - last < PROGRESS_INTERVAL_MS) return;
          last = now;
          this.deps.progress({ file: r.file, name: entry.name, ...p });
        },
      });
      this.deps.inbox.release(r.file);
      return result;
    } finally {
      this.running = null;
    }
  }

  cancel(): { cancelled: boolean } {
    const controller = this.running;
    controller?.abort();
    return { cancelled: controller !== null };
  }

  /** Stops a running import when the session goes away. */
  dispose(): void {
    this.running?.abort();
  }

  history(r: LabParsedRequest<'importHistory'>): Promise<FileResponses['importHistory']> {
    return listImports(this.deps.ws, r.limit);
  }

  quarantine(r: LabParsedRequest<'quarantine'>): Promise<FileResponses['quarantine']> {
    return listQuarantine(this.deps.ws, { source: r.source, limit: r.limit });
  }
}

function describePlan(file: string, plan: ImportPlan): ImportPreview {
  const part = plan.parts[0]!;
  const d = part.dialect;
  const m = part.mapping;
  return {
    file,
    name: plan.name,
    format: plan.format,
    target: plan.target,
    table: plan.table,
    recognized: plan.recognized,
    timeZone: plan.timeZone,
    dialect: d && part.format === 'csv'
      ? { delimiter: d.delimiter, header: d.header, decimal: d.decimal, encoding: d.encoding, gzip: d.gzip, bom: startsWithBom(part.path, d.gzip) }
      : null,
    columns: part.columns.map((c) => ({ name: c.name, type: c.type })),
    mapping: m
      ? {
          timestamp: m.timestamp,
          timeFormat: describeTimeFormat(m.timeFormat),
          machine: 'name' in m.machine ? { name: m.machine.name } : { column: m.machine.column },
          values: m.values.layout === 'wide'
            ? { layout: 'wide', sensors: m.values.sensors.map((s) => ({ column: s.column, sensor: s.sensor })) }
            : { layout: 'long', sensorColumn: m.values.sensorColumn, valueColumn: m.values.valueColumn },
        }
      : null,
    parts: plan.parts.map((p) => p.label),
    preview: plan.preview,
    warnings: plan.warnings,
  };
}

/** Whether the file starts with a UTF-8 or UTF-16 byte-order mark (the reader strips it). */
function startsWithBom(path: string, gzip: boolean): boolean {
  if (gzip || !statSync(path).isFile()) return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(3);
    const n = readSync(fd, head, 0, 3, 0);
    return (n >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) || (n >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)));
  } finally {
    closeSync(fd);
  }
}
