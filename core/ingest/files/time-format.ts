import { LabError } from '../../model';
import { sqlString } from '../../store/series';

/**
 * How a file writes its timestamps, and the SQL that turns one into epoch microseconds (BIGINT,
 * NULL when the text does not parse). DuckDB does every conversion; the import connection's
 * TimeZone is the file's zone, so ISO text without an offset is read in that zone (UTC unless
 * the user names another) and text with an offset keeps it.
 */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

export type TimeFormat =
  | { kind: 'iso' }
  | { kind: 'epoch'; unit: EpochUnit }
  /** A strptime pattern, e.g. `%d.%m.%Y %H:%M:%S`. */
  | { kind: 'pattern'; pattern: string };

const EPOCH_NAMES: Record<string, EpochUnit> = {
  'epoch-s': 's',
  'epoch-ms': 'ms',
  'epoch-us': 'us',
  'epoch-µs': 'us',
  'epoch-ns': 'ns',
};

/** Parses `--time-format`: iso, epoch-s|ms|us|ns, or a strptime pattern containing `%`. */
export function parseTimeFormat(text: string): TimeFormat {
  const t = text.trim();
  if (t.toLowerCase() === 'iso') return { kind: 'iso' };
  const unit = EPOCH_NAMES[t.toLowerCase()];
  if (unit) return { kind: 'epoch', unit };
  if (t.includes('%')) return { kind: 'pattern', pattern: t };
  throw new LabError('usage', `invalid time format "${text}" (use iso, epoch-s, epoch-ms, epoch-us, epoch-ns or a strptime pattern like %d.%m.%Y %H:%M:%S)`);
}

export function describeTimeFormat(format: TimeFormat): string {
  if (format.kind === 'iso') return 'iso';
  if (format.kind === 'epoch') return `epoch-${format.unit}`;
  return format.pattern;
}

/** Picks the epoch unit from a typical magnitude: seconds until year 5138, then ms, µs, ns. */
export function epochUnitFor(magnitude: number): EpochUnit {
  if (magnitude < 1e11) return 's';
  if (magnitude < 1e14) return 'ms';
  if (magnitude < 1e17) return 'us';
  return 'ns';
}

/** True when a DuckDB type name is one a CSV reader should hand over as a number. */
export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i.test(type.trim());
}

export function isTemporalType(type: string): boolean {
  return /^(DATE|TIMESTAMP.*|TIME WITH TIME ZONE|TIMESTAMPTZ)$/i.test(type.trim());
}

/** The type a reader should give the timestamp column for `format`. */
export function readerTypeFor(format: TimeFormat, sniffedType: string): string {
  if (format.kind !== 'epoch') return 'VARCHAR';
  // Integers keep nanosecond epochs exact; anything with a fraction is read as DOUBLE.
  return /INT/i.test(sniffedType) && (format.unit === 'ns' || format.unit === 'us') ? 'BIGINT' : 'DOUBLE';
}

/**
 * SQL for epoch µs from `column` (an already quoted expression) of DuckDB type `type`, or NULL.
 * `zone` is the time zone of zone-less wall-clock values for typed (Parquet) and pattern input.
 */
export function epochMicrosSql(column: string, type: string, format: TimeFormat, zone: string): string {
  const upper = type.toUpperCase();
  if (upper === 'TIMESTAMP WITH TIME ZONE' || upper === 'TIMESTAMPTZ') return `epoch_us(${column})`;
  if (/^TIMESTAMP|^DATE$/.test(upper)) return `epoch_us(timezone(${sqlString(zone)}, ${column}::TIMESTAMP))`;
  switch (format.kind) {
    case 'iso':
      return `epoch_us(TRY_CAST(${column} AS TIMESTAMPTZ))`;
    case 'pattern': {
      const parsed = `try_strptime(${column}::VARCHAR, ${sqlString(format.pattern)})`;
      return /%z|%Z/.test(format.pattern) ? `epoch_us(${parsed})` : `epoch_us(timezone(${sqlString(zone)}, ${parsed}))`;
    }
    case 'epoch': {
      const x = `TRY_CAST(${column} AS DOUBLE)`;
      if (format.unit === 'us' && /INT/.test(upper)) return `${column}::BIGINT`;
      if (format.unit === 'ns' && /INT/.test(upper)) return `(${column}::BIGINT // 1000)`;
      const scale = { s: '* 1e6', ms: '* 1e3', us: '', ns: '/ 1e3' }[format.unit];
      // TRY_CAST: an epoch beyond BIGINT's range is an unparseable time, not an import failure.
      return `TRY_CAST(round(${x} ${scale}) AS BIGINT)`;
    }
  }
}

/** strptime patterns tried, in order, on text timestamps DuckDB's sniffer left as VARCHAR. */
export const CANDIDATE_PATTERNS = [
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M:%S.%f',
  '%d.%m.%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%m/%d/%Y %H:%M',
  '%Y/%m/%d %H:%M:%S',
  '%d-%m-%Y %H:%M:%S',
  '%Y%m%d %H%M%S',
  '%Y-%m-%d %H:%M:%S,%f',
] as const;
