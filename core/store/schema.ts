/**
 * The workspace schema, as forward-only migrations. `schema_version` holds the highest applied
 * version; opening runs the missing ones in one transaction, and a file whose version is higher
 * than `SCHEMA_VERSION` is refused (an older app must not write a newer layout).
 */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

/** Rollup columns; every rollup table (and every partial row of one) has exactly these. */
const ROLLUP_COLUMNS = `
  bucket TIMESTAMP NOT NULL,
  machine USMALLINT NOT NULL,
  sensor USMALLINT NOT NULL,
  n UINTEGER NOT NULL,
  min DOUBLE NOT NULL,
  min_ts TIMESTAMP NOT NULL,
  max DOUBLE NOT NULL,
  max_ts TIMESTAMP NOT NULL,
  sum DOUBLE NOT NULL,
  sum_sq DOUBLE NOT NULL,
  first DOUBLE NOT NULL,
  first_ts TIMESTAMP NOT NULL,
  last DOUBLE NOT NULL,
  last_ts TIMESTAMP NOT NULL`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'initial workspace',
    statements: [
      `CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, app TEXT NOT NULL)`,
      `CREATE TABLE machines (id USMALLINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, profile TEXT)`,
      `CREATE TABLE sensors (id USMALLINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, unit TEXT NOT NULL DEFAULT '',
         min_valid DOUBLE NOT NULL DEFAULT '-inf', max_valid DOUBLE NOT NULL DEFAULT 'inf')`,
      // No keys or indexes: the table is append-only and its zone maps (per row group min/max)
      // do the pruning, which works because ingest writes each series in time-ordered runs.
      `CREATE TABLE readings (ts TIMESTAMP NOT NULL, machine USMALLINT NOT NULL, sensor USMALLINT NOT NULL, value DOUBLE NOT NULL)`,
      // Rollup rows are mergeable partial aggregates: a bucket may hold more than one row when
      // late data arrives, and every reader combines them (see store/rollup-sql.ts).
      `CREATE TABLE rollup_1s (${ROLLUP_COLUMNS})`,
      `CREATE TABLE rollup_1m (${ROLLUP_COLUMNS})`,
      `CREATE SEQUENCE events_id START 1`,
      `CREATE TABLE events (id BIGINT PRIMARY KEY DEFAULT nextval('events_id'), machine TEXT NOT NULL, kind TEXT NOT NULL,
         onset TIMESTAMP NOT NULL, failure TIMESTAMP, source TEXT NOT NULL, detail JSON)`,
      `CREATE TABLE cycles (machine TEXT NOT NULL, sensor TEXT NOT NULL, start_ts TIMESTAMP NOT NULL, end_ts TIMESTAMP NOT NULL,
         metrics JSON NOT NULL, detector TEXT NOT NULL, created_at TIMESTAMP NOT NULL)`,
      `CREATE SEQUENCE quarantine_id START 1`,
      `CREATE TABLE quarantine (id BIGINT PRIMARY KEY DEFAULT nextval('quarantine_id'), received_at TIMESTAMP NOT NULL,
         source TEXT NOT NULL, location TEXT, raw TEXT NOT NULL, reason TEXT NOT NULL)`,
      `CREATE TABLE checkpoints (source TEXT NOT NULL, stream TEXT NOT NULL, partition INTEGER NOT NULL, position BIGINT NOT NULL,
         updated_at TIMESTAMP NOT NULL, PRIMARY KEY (source, stream, partition))`,
      `CREATE TABLE models (name TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, params JSON NOT NULL,
         features JSON NOT NULL, metrics JSON NOT NULL, artifact BLOB, created_at TIMESTAMP NOT NULL, PRIMARY KEY (name, version))`,
      `CREATE TABLE runs (id TEXT PRIMARY KEY, model TEXT, status TEXT NOT NULL, params JSON NOT NULL, metrics JSON,
         started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, error TEXT)`,
    ],
  },
  {
    version: 2,
    description: 'file import history and training tables',
    statements: [
      // One row per committed file import: what was read, its content hash (re-import detection)
      // and the counts. Written in the import's own transaction, so a cancelled import leaves none.
      `CREATE SEQUENCE imports_id START 1`,
      `CREATE TABLE imports (id BIGINT PRIMARY KEY DEFAULT nextval('imports_id'), path TEXT NOT NULL, name TEXT NOT NULL,
         sha256 TEXT NOT NULL, bytes BIGINT NOT NULL, format TEXT NOT NULL, layout TEXT NOT NULL, target TEXT NOT NULL,
         rows BIGINT NOT NULL, imported BIGINT NOT NULL, quarantined BIGINT NOT NULL, empty BIGINT NOT NULL,
         first_ts TIMESTAMP, last_ts TIMESTAMP, mapping JSON NOT NULL, started_at TIMESTAMP NOT NULL,
         finished_at TIMESTAMP NOT NULL, seconds DOUBLE NOT NULL)`,
      // Tabular data sets without a time column (e.g. AI4I 2020) live in their own schema, with
      // their column names kept exactly, so they can never collide with a workspace table.
      `CREATE SCHEMA training`,
      `CREATE TABLE training_tables (name TEXT PRIMARY KEY, import_id BIGINT NOT NULL, source TEXT NOT NULL,
         rows BIGINT NOT NULL, columns JSON NOT NULL, created_at TIMESTAMP NOT NULL)`,
    ],
  },
  {
    version: 3,
    description: 'model registry: live version, data range, run link',
    statements: [
      // One version per name may be live (the registry keeps it so); `data` is the data range a
      // version was trained and tested on, `run_id` the run that produced it.
      `ALTER TABLE models ADD COLUMN live BOOLEAN DEFAULT false`,
      `ALTER TABLE models ADD COLUMN data JSON`,
      `ALTER TABLE models ADD COLUMN run_id TEXT`,
    ],
  },
  {
    version: 4,
    description: 'live predictions and alerts',
    statements: [
      // One row per machine × closed window scored by the live model (ts = window end).
      `CREATE TABLE predictions (machine TEXT NOT NULL, ts TIMESTAMP NOT NULL, model TEXT NOT NULL, score DOUBLE NOT NULL,
         alert BOOLEAN NOT NULL)`,
      // Alerts get their own table rather than `events` kind 'alert': `events` is ground truth
      // (failure labels for training, kinds for clustering), which alerts must never leak into.
      `CREATE SEQUENCE alerts_id START 1`,
      `CREATE TABLE alerts (id BIGINT PRIMARY KEY DEFAULT nextval('alerts_id'), machine TEXT NOT NULL, sensor TEXT,
         kind TEXT NOT NULL, ts TIMESTAMP NOT NULL, score DOUBLE NOT NULL, threshold DOUBLE NOT NULL, source TEXT NOT NULL,
         detail JSON)`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
