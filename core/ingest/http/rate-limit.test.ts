import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst, then the sustained rate, per client', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 5, () => now);
    const burst = Array.from({ length: 8 }, () => limiter.take('a'));
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    expect(limiter.take('b')).toBe(true); // another client has its own bucket
    now += 100; // 0.1 s at 10/s refills one token
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect(Array.from({ length: 6 }, () => limiter.take('a')).filter(Boolean)).toHaveLength(5);
  });
});
