import { spawnSync } from 'node:child_process';
import { KCAT } from '../../core/cli/bench/kafka-mock';

/** The mock cluster itself is the bench's (one starter for bench and tests). */
export { kcatAvailable, startMockCluster, type MockCluster } from '../../core/cli/bench/kafka-mock';

/** Produces one message per line with kcat (an independent client); `key<TAB>value` lines when keyed. */
export function kcatProduce(bootstrap: string, topic: string, lines: readonly string[], keyed = false): void {
  const result = spawnSync(KCAT, ['-b', bootstrap, '-P', '-t', topic, ...(keyed ? ['-K', '\t'] : [])], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kcat -P failed: ${result.stderr}`);
}

/** Reads a whole topic with kcat, one value per line. */
export function kcatConsume(bootstrap: string, topic: string): string[] {
  const result = spawnSync(KCAT, ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (result.status !== 0) throw new Error(`kcat -C failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((l) => l !== '');
}
