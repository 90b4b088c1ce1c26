import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveDriver } from './live';
import { Simulator, type GenerateResult } from './simulator';
import { collectSeries, sameBits } from './test-util';

const START = Date.UTC(2026, 0, 1);
const cfg = { profile: 'servo', machines: 3, seed: 4, start: START, faults: 'all' as const, faultTiming: { spikeGapMs: 5000 } };

describe('LiveDriver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('generates in step with the wall clock at the given speed, same data as offline', () => {
    const sim = new Simulator(cfg);
    const got: GenerateResult[] = [];
    const driver = new LiveDriver(sim, { speed: 10, intervalMs: 100, onBatch: (r) => void got.push(r) }).start();
    vi.advanceTimersByTime(2000);
    driver.stop();
    expect(driver.running).toBe(false);
    expect(sim.position).toBe(START + 20_000);
    expect(got.length).toBe(20);
    vi.advanceTimersByTime(1000);
    expect(got.length).toBe(20);

    const offline = collectSeries([new Simulator(cfg).generate(START + 20_000).batch]);
    const live = collectSeries(got.map((r) => r.batch));
    for (const [key, s] of offline) expect(sameBits(s.value, live.get(key)!.value), key).toBe(true);
  });

  it('waits for a slow consumer and then catches up in one bigger batch', async () => {
    const sim = new Simulator(cfg);
    const sizes: number[] = [];
    let release: () => void = () => {};
    const driver = new LiveDriver(sim, {
      intervalMs: 100,
      onBatch: (r) => {
        sizes.push(r.batch.length);
        return new Promise<void>((resolve) => (release = resolve));
      },
    }).start();
    vi.advanceTimersByTime(500);
    expect(sizes).toEqual([3 * 3 * 1]);
    release();
    await Promise.resolve();
    vi.advanceTimersByTime(100);
    expect(sizes).toHaveLength(2);
    expect(sizes[1]).toBe(3 * 3 * 5);
    driver.stop();
  });

  it('stops at `until` after the last batch is handled, then calls onEnd', async () => {
    const sim = new Simulator(cfg);
    const onEnd = vi.fn();
    let batches = 0;
    const driver = new LiveDriver(sim, {
      speed: 100,
      until: START + 25_000,
      onBatch: async () => {
        batches++;
      },
      onEnd,
    }).start();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(100);
      await Promise.resolve();
    }
    expect(sim.position).toBe(START + 25_000);
    expect(batches).toBe(3);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(driver.running).toBe(false);
  });

  it('stops and reports when the consumer fails', () => {
    const onError = vi.fn();
    const driver = new LiveDriver(new Simulator(cfg), {
      onBatch: () => {
        throw new Error('disk full');
      },
      onError,
    }).start();
    vi.advanceTimersByTime(300);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(driver.running).toBe(false);
  });

  it('rejects a nonsensical speed', () => {
    expect(() => new LiveDriver(new Simulator(cfg), { speed: 0, onBatch: () => {} })).toThrow(/speed/);
  });
});

describe('LiveDriver on real timers', () => {
  it('delivers batches in a short real run', async () => {
    const sim = new Simulator(cfg);
    let rows = 0;
    const driver = new LiveDriver(sim, { speed: 100, intervalMs: 20, onBatch: (r) => void (rows += r.batch.length) }).start();
    await new Promise((r) => setTimeout(r, 150));
    driver.stop();
    expect(rows).toBeGreaterThan(0);
    expect(sim.position).toBeGreaterThan(START);
  });
});
