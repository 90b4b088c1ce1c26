import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { LabError } from '../../model';

const exec = promisify(execFile);

/** A running librdkafka mock cluster (inside Debian's kcat): a real Kafka protocol peer, no JVM. */
export interface MockCluster {
  /** host:port list, as `--brokers` takes it. */
  bootstrap: string;
  stop(): void;
  /** SIGSTOP / SIGCONT: every broker stops answering (a hung host, a partition) and comes back as it was. */
  pause(): void;
  resume(): void;
}

export const KCAT = process.env.SERVOLAB_KCAT ?? 'kcat';

/** True when kcat can be run (tests print why they skip otherwise). */
export async function kcatAvailable(): Promise<boolean> {
  try {
    await exec(KCAT, ['-V']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `kcat -X test.mock.num.brokers=N -C -t _servolab_boot -d mock`, which keeps an N-broker
 * mock cluster alive while it runs and logs its bootstrap list on stderr. Stopped with SIGKILL:
 * kcat lingers after SIGTERM.
 */
export function startMockCluster(brokers = 3, timeoutMs = 10_000): Promise<MockCluster> {
  const child: ChildProcess = spawn(KCAT, ['-X', `test.mock.num.brokers=${brokers}`, '-b', '127.0.0.1:1', '-C', '-t', '_servolab_boot', '-d', 'mock'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(`no bootstrap.servers from kcat within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      stop();
      reject(new LabError('io', `kafka mock cluster: ${why}`));
    };
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code) => fail(`kcat exited (${code}) before the cluster was up`));
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const found = /bootstrap\.servers=(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)/.exec(log);
      if (!found) {
        if (log.length > 1 << 20) log = log.slice(-4096);
        return;
      }
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Keep draining stderr (kcat logs continuously with -d mock), or it blocks on a full pipe.
      log = '';
      child.stderr!.removeAllListeners('data');
      child.stderr!.resume();
      resolve({ bootstrap: found[1]!, stop, pause: () => void child.kill('SIGSTOP'), resume: () => void child.kill('SIGCONT') });
    });
  });
}
