import type { RollupColumns } from './rollup';

/**
 * Rollups of readings that arrive one by one, series interleaved (a wide file holds every machine
 * and sensor in each stretch of lines): each series keeps one open bucket per level, closed when
 * one of its readings falls outside it; a closed bucket of the finest level is folded into the
 * series' open bucket of the next. No grouping or sorting first, so a file import rolls its
 * readings up in the pass that validates them. The tie rules are `computeRollup`'s, applied
 * without assuming time order: readings out of time order across buckets only cost extra partial
 * rows, which every reader merges (a bucket may hold more than one row). Timestamps are epoch µs.
 */

/** Per-slot state, `FIELDS` doubles per slot: the open bucket (START NaN = none) and its aggregates. */
const START = 0;
const N = 1;
const LO = 2;
const LO_TS = 3;
const HI = 4;
const HI_TS = 5;
const SUM = 6;
const SUM_SQ = 7;
const FIRST = 8;
const FIRST_TS = 9;
const LAST = 10;
const LAST_TS = 11;
const FIELDS = 12;

/** Closed buckets are written into blocks of this many rows (no regrowing, no copying). */
const BLOCK = 16_384;

class Level {
  state = new Float64Array(0);
  /** Closed buckets, waiting for `drain`: full blocks, then the one being filled. */
  full: RollupColumns[] = [];
  out: RollupColumns = columns(BLOCK);
  /** Drained blocks, reused: no garbage per block. */
  spare: RollupColumns[] = [];

  constructor(readonly width: number) {}

  grow(slots: number): void {
    const next = new Float64Array(slots * FIELDS);
    next.set(this.state);
    for (let s = this.state.length / FIELDS; s < slots; s++) next[s * FIELDS + START] = NaN;
    this.state = next;
  }

  /** Opens slot `s`'s bucket with one partial aggregate (a reading is one of n = 1). */
  open(s: number, t: number, a: Float64Array, at: number): void {
    const st = this.state;
    const o = s * FIELDS;
    st[o + START] = Math.floor(t / this.width) * this.width;
    for (let f = N; f < FIELDS; f++) st[o + f] = a[at + f]!;
  }

  /** Merges a partial aggregate into slot `s`'s open bucket: the tie rules of `computeRollup`. */
  merge(s: number, a: Float64Array, at: number): void {
    const st = this.state;
    const o = s * FIELDS;
    st[o + N]! += a[at + N]!;
    const lo = a[at + LO]!;
    if (lo < st[o + LO]! || (lo === st[o + LO]! && a[at + LO_TS]! < st[o + LO_TS]!)) {
      st[o + LO] = lo;
      st[o + LO_TS] = a[at + LO_TS]!;
    }
    const hi = a[at + HI]!;
    if (hi > st[o + HI]! || (hi === st[o + HI]! && a[at + HI_TS]! < st[o + HI_TS]!)) {
      st[o + HI] = hi;
      st[o + HI_TS] = a[at + HI_TS]!;
    }
    st[o + SUM]! += a[at + SUM]!;
    st[o + SUM_SQ]! += a[at + SUM_SQ]!;
    const firstTs = a[at + FIRST_TS]!;
    if (firstTs < st[o + FIRST_TS]! || (firstTs === st[o + FIRST_TS]! && a[at + FIRST]! < st[o + FIRST]!)) {
      st[o + FIRST] = a[at + FIRST]!;
      st[o + FIRST_TS] = firstTs;
    }
    const lastTs = a[at + LAST_TS]!;
    if (lastTs > st[o + LAST_TS]! || (lastTs === st[o + LAST_TS]! && a[at + LAST]! > st[o + LAST]!)) {
      st[o + LAST] = a[at + LAST]!;
      st[o + LAST_TS] = lastTs;
    }
  }

  /** Writes slot `s`'s open bucket out and leaves the slot without one. */
  close(s: number, machine: number, sensor: number): void {
    const st = this.state;
    const o = s * FIELDS;
    let out = this.out;
    if (out.length === BLOCK) {
      this.full.push(out);
      out = this.out = this.spare.pop() ?? columns(BLOCK);
    }
    const r = out.length++;
    out.bucket[r] = st[o + START]!;
    out.machine[r] = machine;
    out.sensor[r] = sensor;
    out.n[r] = st[o + N]!;
    out.min[r] = st[o + LO]!;
    out.minTs[r] = st[o + LO_TS]!;
    out.max[r] = st[o + HI]!;
    out.maxTs[r] = st[o + HI_TS]!;
    out.sum[r] = st[o + SUM]!;
    out.sumSq[r] = st[o + SUM_SQ]!;
    out.first[r] = st[o + FIRST]!;
    out.firstTs[r] = st[o + FIRST_TS]!;
    out.last[r] = st[o + LAST]!;
    out.lastTs[r] = st[o + LAST_TS]!;
    st[o + START] = NaN;
  }
}

function columns(capacity: number): RollupColumns {
  const f = () => new Float64Array(capacity);
  return {
    length: 0, bucket: f(), machine: new Uint16Array(capacity), sensor: new Uint16Array(capacity), n: new Uint32Array(capacity),
    min: f(), minTs: f(), max: f(), maxTs: f(), sum: f(), sumSq: f(), first: f(), firstTs: f(), last: f(), lastTs: f(),
  };
}

export class RollupAccumulator {
  private readonly levels: Level[];
  /** Series key (machine × sensors + sensor) → slot, -1 = none yet; a Map when dense would be huge. */
  private readonly dense: Int32Array | null;
  private readonly sparse = new Map<number, number>();
  private slotMachine = new Uint16Array(0);
  private slotSensor = new Uint16Array(0);
  private slots = 0;
  /** One reading as a partial aggregate (n = 1). */
  private readonly one = new Float64Array(FIELDS).fill(1);

  /** `widths` in µs, finest first, each a multiple of the one before. */
  constructor(
    widths: readonly number[],
    machines: number,
    private readonly sensors: number,
  ) {
    this.levels = widths.map((w) => new Level(w));
    const keys = Math.max(1, machines) * Math.max(1, sensors);
    this.dense = keys <= 1 << 22 ? new Int32Array(keys).fill(-1) : null;
  }

  add(machine: number, sensor: number, t: number, v: number): void {
    const key = machine * this.sensors + sensor;
    let s = this.dense ? this.dense[key]! : (this.sparse.get(key) ?? -1);
    if (s < 0) s = this.newSlot(key, machine, sensor);
    const level = this.levels[0]!;
    const st = level.state;
    const o = s * FIELDS;
    const start = st[o + START]!;
    if (t >= start && t < start + level.width) {
      st[o + N]!++;
      if (v < st[o + LO]! || (v === st[o + LO]! && t < st[o + LO_TS]!)) {
        st[o + LO] = v;
        st[o + LO_TS] = t;
      }
      if (v > st[o + HI]! || (v === st[o + HI]! && t < st[o + HI_TS]!)) {
        st[o + HI] = v;
        st[o + HI_TS] = t;
      }
      st[o + SUM]! += v;
      st[o + SUM_SQ]! += v * v;
      if (t < st[o + FIRST_TS]! || (t === st[o + FIRST_TS]! && v < st[o + FIRST]!)) {
        st[o + FIRST] = v;
        st[o + FIRST_TS] = t;
      }
      if (t > st[o + LAST_TS]! || (t === st[o + LAST_TS]! && v > st[o + LAST]!)) {
        st[o + LAST] = v;
        st[o + LAST_TS] = t;
      }
      return;
    }
    if (!Number.isNaN(start)) this.closeSlot(0, s);
    const one = this.one;
    one[LO] = one[HI] = one[SUM] = one[FIRST] = one[LAST] = v;
    one[LO_TS] = one[HI_TS] = one[FIRST_TS] = one[LAST_TS] = t;
    one[SUM_SQ] = v * v;
    level.open(s, t, one, 0);
  }

  /** Closes every open bucket (the end of the input). */
  finish(): void {
    for (let i = 0; i < this.levels.length; i++) {
      const st = this.levels[i]!.state;
      for (let s = 0; s < this.slots; s++) if (!Number.isNaN(st[s * FIELDS + START]!)) this.closeSlot(i, s);
    }
  }

  /**
   * Hands the closed buckets of level `i` so far (batch-local ids) to `consume`, block by block,
   * and forgets them; a block's arrays are reused after `consume` returns.
   */
  drain(i: number, consume: (block: RollupColumns) => void): void {
    const level = this.levels[i]!;
    const blocks = [...level.full, level.out];
    level.full = [];
    try {
      for (const block of blocks) if (block.length > 0) consume(block);
    } finally {
      for (const block of blocks) block.length = 0;
      level.out = blocks.pop()!;
      level.spare.push(...blocks);
    }
  }

  /** Writes slot `s`'s bucket of level `i` out and folds it into the next level's. */
  private closeSlot(i: number, s: number): void {
    const level = this.levels[i]!;
    const next = this.levels[i + 1];
    if (next) {
      const t = level.state[s * FIELDS + START]!;
      const start = next.state[s * FIELDS + START]!;
      if (t >= start && t < start + next.width) {
        next.merge(s, level.state, s * FIELDS);
      } else {
        if (!Number.isNaN(start)) this.closeSlot(i + 1, s);
        next.open(s, t, level.state, s * FIELDS);
      }
    }
    level.close(s, this.slotMachine[s]!, this.slotSensor[s]!);
  }

  private newSlot(key: number, machine: number, sensor: number): number {
    const s = this.slots++;
    if (this.dense) this.dense[key] = s;
    else this.sparse.set(key, s);
    if (s >= this.slotMachine.length) {
      const size = Math.max(64, this.slotMachine.length * 2);
      for (const level of this.levels) level.grow(size);
      const m = new Uint16Array(size);
      m.set(this.slotMachine);
      this.slotMachine = m;
      const n = new Uint16Array(size);
      n.set(this.slotSensor);
      this.slotSensor = n;
    }
    this.slotMachine[s] = machine;
    this.slotSensor[s] = sensor;
    return s;
  }
}
