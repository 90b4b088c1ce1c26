import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** 2^-26 and 2^-53: two 32-bit draws combine into one double with 53 random bits. */
const SCALE_26 = 1 / 67_108_864;
const SCALE_53 = 1 / 9_007_199_254_740_992;
const SCALE_31 = 1 / 2_147_483_648;

/** murmur3's finaliser: a cheap 32-bit bijection with good avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over UTF-16 code units: turns a purpose name into a 32-bit stream id. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

const seedView = new DataView(new ArrayBuffer(8));

/**
 * Derives the 128-bit xoroshiro state of stream (seed, machine, purpose).
 *
 * Why four lanes with different starting constants: a single 32-bit hash spread to 128 bits would
 * make two of ~60 000 streams (10 000 machines × a few purposes) collide with real probability.
 * The seed's full float64 bits go in, so 1 and 1.5 are different seeds.
 */
export function streamState(seed: number, machine: number, purpose: string): [number, number, number, number] {
  seedView.setFloat64(0, seed);
  const inputs = [seedView.getInt32(0), seedView.getInt32(4), machine | 0, hashString(purpose)];
  const lanes: [number, number, number, number] = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344];
  for (let l = 0; l < 4; l++) {
    let h = lanes[l]!;
    for (const x of inputs) h = fmix32((h ^ fmix32(x + Math.imul(l + 1, 0x9e3779b9))) + 0x6a09e667);
    lanes[l] = h;
  }
  // xoroshiro must never start from the all-zero state (it would stay there forever).
  if ((lanes[0] | lanes[1] | lanes[2] | lanes[3]) === 0) lanes[0] = 1;
  return lanes;
}

/**
 * A seeded random source on pure-rand's xoroshiro128+, with the distributions the simulator needs.
 *
 * Mutable on purpose: the hot loops draw tens of millions of numbers per second and cannot afford
 * a new generator object per draw (pure-rand's pure API). Every machine owns its own streams,
 * so what a machine sees never depends on other machines or on how time is cut into chunks.
 */
export class Random {
  private readonly rng: RandomGenerator;
  /** Box–Muller makes normals in pairs; the second waits here for the next call. */
  private spare = 0;
  private hasSpare = false;

  constructor(state: readonly [number, number, number, number]) {
    this.rng = xoroshiro128plusFromState(state);
  }

  /** The independent stream for one purpose (e.g. `profile`, `spike`) of one machine. */
  static stream(seed: number, machine: number, purpose: string): Random {
    return new Random(streamState(seed, machine, purpose));
  }

  /** Uniform double in [0, 1), 53 random bits (same construction as pure-rand's uniformFloat64). */
  double(): number {
    const a = this.rng.next() & 0x3ffffff;
    const b = this.rng.next() & 0x7ffffff;
    return a * SCALE_26 + b * SCALE_53;
  }

  /** Uniform double in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.double();
  }

  /**
   * Normal(mean, sd) by Marsaglia's polar method: no sin/cos, so about twice as fast as plain
   * Box–Muller here. The rejection loop is deterministic too: it only consumes more of the stream.
   */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      // A signed 32-bit draw scaled by 2^-31 is uniform on [-1, 1): half the cost of two doubles,
      // and 31 bits of resolution per coordinate is far finer than any sensor noise needs.
      x = this.rng.next() * SCALE_31;
      y = this.rng.next() * SCALE_31;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = y * f;
    this.hasSpare = true;
    return mean + sd * x * f;
  }

  /** Uniform integer in [lo, hi], both included, without modulo bias. */
  int(lo: number, hi: number): number {
    return uniformInt(this.rng, lo, hi);
  }

  /** Exponential with the given mean (waiting times between rare happenings). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.double());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.double() < p;
  }
}
