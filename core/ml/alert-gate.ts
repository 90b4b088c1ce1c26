/**
 * When a score becomes an alert: it must reach `threshold` while the gate is armed, and at least
 * `cooldownMs` must have passed since the last alert of this gate. Raising (or a crossing swallowed
 * by the cooldown) disarms the gate until the score falls below `threshold − hysteresis`, so a
 * score hovering around the threshold gives one alert, not one per window — no alert storm.
 */
export interface AlertPolicy {
  threshold: number;
  hysteresis: number;
  cooldownMs: number;
}

export class AlertGate {
  private armed = true;
  private lastRaised = -Infinity;
  /** Crossings not raised because of the cooldown. */
  suppressed = 0;

  constructor(readonly policy: AlertPolicy) {}

  /** True when this score at time `ts` (epoch ms) raises an alert. */
  offer(score: number, ts: number): boolean {
    const { threshold, hysteresis, cooldownMs } = this.policy;
    if (!this.armed) {
      // Never below zero: a low threshold (a rare failure's) would otherwise never re-arm.
      if (score < threshold - Math.min(hysteresis, threshold / 2)) this.armed = true;
      return false;
    }
    if (!(score >= threshold)) return false;
    this.armed = false;
    if (ts - this.lastRaised < cooldownMs) {
      this.suppressed++;
      return false;
    }
    this.lastRaised = ts;
    return true;
  }
}
