import { Workspace, MEMORY } from '../../store/workspace';
import { detectFile } from '../../ml/detect-file';
import { optionalString, requireString } from '../args';
import type { Command } from '../command';
import { printJson } from '../output';

export const detectCommand: Command = {
  name: 'detect',
  summary: 'score every reading of a single-series CSV for anomalies (streaming, no labels needed)',
  usage: 'servolab detect --input FILE.csv [--timestamp COL] [--value COL] --out SCORES.csv [--json]',
  options: {
    input: { type: 'string' },
    out: { type: 'string' },
    timestamp: { type: 'string' },
    value: { type: 'string' },
  },
  async run(values, io) {
    const input = requireString(values, 'input');
    const out = requireString(values, 'out');
    const ws = await Workspace.open(MEMORY);
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      const summary = await ws.exclusive((con) =>
        detectFile(con, { input, out, timestamp: optionalString(values, 'timestamp'), value: optionalString(values, 'value'), signal: controller.signal }),
      );
      if (values.json) return printJson(io, { input, out, ...summary });
      io.out(`scored ${summary.rows} readings → ${out} (max score ${summary.maxScore.toFixed(3)}, ${summary.above05} at ≥ 0.5${summary.notNumeric ? `, ${summary.notNumeric} not numeric` : ''})`);
    } finally {
      process.off('SIGINT', onSignal);
      ws.close();
    }
  },
};
