import { describe, expect, it } from 'vitest';
import { ConsumerWatchdog, settleWithin } from './watchdog';

describe('consumer watchdog', () => {
  it('reports silence, reconnects once per interval of it, and says when life returns', () => {
    const calls: string[] = [];
    const dog = new ConsumerWatchdog({
      reportMs: 10_000,
      reconnectMs: 20_000,
      onSilent: (ms) => calls.push(`silent ${ms}`),
      onReconnect: (ms) => calls.push(`reconnect ${ms}`),
      onBack: () => calls.push('back'),
    });
    dog.alive();
    const t0 = Date.now();
    dog.check(t0 + 9_000);
    expect(dog.silentMs(t0 + 9_000)).toBeNull();
    dog.check(t0 + 10_000);
    dog.check(t0 + 20_000);
    dog.check(t0 + 30_000);
    dog.check(t0 + 40_000);
    expect(dog.silentMs(t0 + 40_000)).toBe(40_000);
    expect(calls.filter((c) => c.startsWith('reconnect'))).toEqual(['reconnect 20000', 'reconnect 40000']);
    expect(calls.filter((c) => c.startsWith('silent'))).toHaveLength(4);
    dog.alive();
    dog.alive();
    expect(calls.filter((c) => c === 'back')).toHaveLength(1);
    expect(dog.silentMs()).toBeNull();
  });

  it('settles within the limit whatever the promise does', async () => {
    const t = Date.now();
    await settleWithin(new Promise(() => undefined), 50);
    await settleWithin(Promise.reject(new Error('x')), 10_000);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});
