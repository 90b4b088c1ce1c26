import type { Ingestor } from '../ingestor';
import { prepareBatch } from '../prepare';
import { BatchBuilder } from '../kafka/batch-builder';
import { decodeMessage, sensorsOfFormat, type KafkaFormat } from '../kafka/formats';

/** The two push routes and the payload each takes (the same decoders as the Kafka formats). */
export const PUSH_ROUTES = { '/sensor': 'servo', '/push': 'sensorlogger' } as const satisfies Record<string, KafkaFormat>;
export type PushRoute = keyof typeof PUSH_ROUTES;

export interface PushResult {
  stored: number;
  quarantined: number;
  /** Why the whole body was refused (it is in quarantine), or null when something was stored. */
  refused: string | null;
}

/** One ServoSense-shaped reading row, as `GET /sensor` returns it. */
export interface LatestReading {
  event_time: string;
  machine_id: string;
  [sensor: string]: string | number;
}

/**
 * Stores pushed bodies: ServoSense JSON on `/sensor` (one object or an array of them) and Sensor
 * Logger push batches on `/push`. A body is decoded into a columnar batch and committed in one
 * transaction; what cannot be stored goes to quarantine as `http:/route@N` with its reason.
 */
export class PushIngest {
  private requests = 0;
  readonly totals = { requests: 0, stored: 0, quarantined: 0, refused: 0 };

  private constructor(private readonly ingestor: Ingestor) {}

  static async create(ingestor: Ingestor): Promise<PushIngest> {
    await ingestor.defineSensors(sensorsOfFormat('servo'));
    return new PushIngest(ingestor);
  }

  async store(route: PushRoute, body: string, receivedAt = Date.now()): Promise<PushResult> {
    const seq = ++this.requests;
    const items = route === '/sensor' ? splitArray(body) : null;
    // An array's element i is `seq.i` (a label, not a number: element 10 is not element 1).
    const builder = new BatchBuilder(`http:${route}`, items ? (i) => `http:${route}@${seq}.${i}` : undefined);
    const state = { failing: new Map<string, boolean>(), events: [] };
    const timestamp = String(receivedAt);
    if (items) {
      items.forEach((item, i) => {
        const text = elementText(item);
        if (text === null) builder.reject(i, '', 'JSON nested too deeply');
        else decodeMessage('servo', { value: Buffer.from(text), timestamp, offset: String(i) }, builder, state);
      });
    } else {
      decodeMessage(PUSH_ROUTES[route], { value: Buffer.from(body), timestamp, offset: String(seq) }, builder, state);
    }
    const prepared = prepareBatch(builder.build(), this.ingestor.catalog.ranges(), builder.rowLocation);
    prepared.rejected.push(...builder.rejected);
    const result = await this.ingestor.ingestPrepared(prepared, { source: `http:${route}` });
    const refused = result.stored === 0 && builder.rejected.length > 0 ? builder.rejected[0]!.reason : null;
    this.totals.requests++;
    this.totals.stored += result.stored;
    this.totals.quarantined += result.quarantined;
    if (refused) this.totals.refused++;
    return { stored: result.stored, quarantined: result.quarantined, refused };
  }

  /** The newest readings, one ServoSense-shaped row per machine and time, newest first. */
  async latest(machine: string | null, limit: number): Promise<LatestReading[]> {
    // Enough rows for `limit` times of a machine with many sensors; grouped below.
    const rowLimit = Math.min(limit * 64, 100_000);
    const where = machine === null ? '' : 'WHERE m.name = $machine';
    const rows = await this.ingestor.ws.rows<{ t: string; machine: string; sensor: string; value: number }>(
      `SELECT strftime(r.ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS t, m.name AS machine, s.name AS sensor, r.value
         FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
         ${where} ORDER BY r.ts DESC, m.name, s.name LIMIT ${rowLimit}`,
      machine === null ? undefined : { machine },
    );
    const out = new Map<string, LatestReading>();
    for (const r of rows) {
      const key = `${r.machine}\u0000${r.t}`;
      let row = out.get(key);
      if (!row) {
        if (out.size === limit) break;
        out.set(key, (row = { event_time: r.t, machine_id: r.machine }));
      }
      // defineProperty: a sensor named like `__proto__` is stored as a plain field, never as a prototype.
      Object.defineProperty(row, r.sensor, { value: r.value, enumerable: true, writable: true, configurable: true });
    }
    return [...out.values()];
  }
}

/** An array element as message text again, or null when it is nested too deeply to serialise. */
function elementText(item: unknown): string | null {
  try {
    return JSON.stringify(item);
  } catch {
    return null;
  }
}

/** A JSON array body's elements (each one message), or null for anything else. */
function splitArray(body: string): unknown[] | null {
  if (!body.trimStart().startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) && parsed.length > 0 ? parsed : null;
  } catch {
    return null;
  }
}
