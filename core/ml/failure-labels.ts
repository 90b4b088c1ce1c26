import type { Workspace } from '../store/workspace';

/**
 * "Failure within the horizon" labels shared by every failure-prediction dataset (windows of
 * readings, load cycles): row i is 1 when a failure of its machine — simulator ground truth, an
 * imported label or a user annotation — falls after `start[i]` and at most `horizonMs` after
 * `end[i]`. `failures` counts the workspace's failure events; `failuresOf` has each machine's
 * failure times (epoch ms, ascending), in the order of `machines`.
 */
export async function failureLabels(
  ws: Workspace,
  rows: { machines: readonly string[]; machineOf: Int32Array; start: Float64Array; end: Float64Array },
  horizonMs: number,
): Promise<{ y: Float64Array; failures: number; failuresOf: number[][] }> {
  const events = await ws.rows<{ machine: string; failure: number }>(
    `SELECT machine, epoch_ms(failure) AS failure FROM events WHERE failure IS NOT NULL ORDER BY machine, failure`,
  );
  const byMachine = new Map<string, number[]>();
  for (const e of events) {
    const list = byMachine.get(e.machine) ?? [];
    list.push(Number(e.failure));
    byMachine.set(e.machine, list);
  }
  const failuresOf = rows.machines.map((m) => byMachine.get(m) ?? []);
  const y = Float64Array.from(rows.start, (start, i) => {
    const end = rows.end[i]! + horizonMs;
    return failuresOf[rows.machineOf[i]!]!.some((f) => f > start && f <= end) ? 1 : 0;
  });
  return { y, failures: events.length, failuresOf };
}
