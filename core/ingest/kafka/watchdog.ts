/**
 * Sign-of-life watch over one Kafka consumer. kafkajs retries a broker that stopped answering (a
 * hung host, a network partition) for minutes on its own — request timeouts of 30 s, retried —
 * and says nothing meanwhile. Every fetch (empty ones too: they return every 100 ms) and every
 * group join counts as life; after `reportMs` of silence the consumer reports the outage, after
 * `reconnectMs` it reconnects (with the consumer's own backoff), and every further `reconnectMs`
 * of silence tries again.
 */
export interface WatchdogOptions {
  reportMs: number;
  reconnectMs: number;
  onSilent: (silentMs: number) => void;
  onReconnect: (silentMs: number) => void;
  /** Called once when life returns after a reported silence. */
  onBack: (silentMs: number) => void;
}

export const WATCHDOG_DEFAULTS = { reportMs: 10_000, reconnectMs: 20_000 };
const CHECK_MS = 1000;

export class ConsumerWatchdog {
  private lastLife = Date.now();
  private lastReconnect = 0;
  private reported = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WatchdogOptions) {}

  start(): void {
    this.alive();
    if (!this.timer) this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The consumer heard from the brokers. */
  alive(): void {
    const silent = Date.now() - this.lastLife;
    this.lastLife = Date.now();
    this.lastReconnect = 0;
    if (this.reported) {
      this.reported = false;
      this.options.onBack(silent);
    }
  }

  /** Milliseconds since the last sign of life while that counts as an outage, else null. */
  silentMs(now = Date.now()): number | null {
    const silent = now - this.lastLife;
    return silent >= this.options.reportMs ? silent : null;
  }

  check(now = Date.now()): void {
    const silent = now - this.lastLife;
    if (silent < this.options.reportMs) return;
    this.reported = true;
    this.options.onSilent(silent);
    if (silent >= this.options.reconnectMs && now - (this.lastReconnect || this.lastLife) >= this.options.reconnectMs) {
      this.lastReconnect = now;
      this.options.onReconnect(silent);
    }
  }
}

/** The outage as the consumer's status and log word it. */
export const silence = (ms: number) => `no answer from the brokers for ${Math.round(ms / 1000)} s; retrying`;

/** Waits for `promise` at most `ms` (a disconnect from silent brokers may never finish); never rejects. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => (clearTimeout(timer), resolve());
    promise.then(done, done);
  });
}
