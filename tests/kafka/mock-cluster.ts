import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/**
 * librdkafka's mock cluster inside Debian's kcat: a real Kafka protocol peer with 3 brokers.
 * kcat logs `bootstrap.servers=…` on stderr; it lingers after SIGTERM, so it is SIGKILLed.
 */
export interface MockCluster {
  bootstrap: string;
  stop(): void;
}

export function kcatAvailable(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export function startMockCluster(): Promise<MockCluster> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('kcat', ['-X', 'test.mock.num.brokers=3', '-b', '127.0.0.1:1', '-C', '-t', '_servolab_boot', '-d', 'mock'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat mock cluster did not start: ${log.slice(-500)}`));
    }, 15_000);
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /bootstrap\.servers=([0-9.:,]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve({ bootstrap: m[1]!, stop: () => child.kill('SIGKILL') });
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Produces one message per line with kcat (an independent client); `key:value` lines when keyed. */
export function kcatProduce(bootstrap: string, topic: string, lines: readonly string[], keyed = false): void {
  const result = spawnSync('kcat', ['-b', bootstrap, '-P', '-t', topic, ...(keyed ? ['-K', '\t'] : [])], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kcat -P failed: ${result.stderr}`);
}

/** Reads a whole topic with kcat, one value per line. */
export function kcatConsume(bootstrap: string, topic: string): string[] {
  const result = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (result.status !== 0) throw new Error(`kcat -C failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((l) => l !== '');
}
