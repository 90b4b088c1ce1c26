import { LabError } from '../../model';
import { optionalString } from '../args';
import type { Command } from '../command';
import { withScratchDir, type BenchCase, type BenchResult } from '../bench/harness';
import { csvCase } from '../bench/csv-case';
import { cyclesCase } from '../bench/cycles-case';
import { ingestCase } from '../bench/ingest-case';
import { kafkaCase } from '../bench/kafka-case';
import { m4Case } from '../bench/m4-case';
import { predictCase } from '../bench/predict-case';
import { soakCase } from '../bench/soak-case';
import { trainCase } from '../bench/train-case';
import { uiCase } from '../bench/ui-case';
import { formatTable, printJson } from '../output';
import { simulatorWorkerUrl } from '../bundle-paths';

export const BENCH_CASES: readonly BenchCase[] = [ingestCase, m4Case, uiCase, csvCase, cyclesCase, trainCase, predictCase, kafkaCase, soakCase];

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks (figures with a reference measured in the same run)',
  usage: 'servolab bench [--case NAME] [--quick] [--dir DIR] [--json]',
  options: {
    case: { type: 'string' },
    quick: { type: 'boolean' },
    dir: { type: 'string' },
  },
  async run(values, io) {
    const name = optionalString(values, 'case');
    const cases = name === undefined ? BENCH_CASES : BENCH_CASES.filter((c) => c.name === name);
    if (cases.length === 0) throw new LabError('usage', `unknown bench case "${name}" (cases: ${BENCH_CASES.map((c) => c.name).join(', ')})`);
    const results: BenchResult[] = [];
    for (const c of cases) {
      const found = await withScratchDir(optionalString(values, 'dir'), (dir) =>
        c.run({ quick: values.quick === true, dir, workerUrl: simulatorWorkerUrl(), log: (line) => io.err(line) }),
      );
      results.push(...found);
    }
    if (values.json) return printJson(io, { quick: values.quick === true, cases: results });
    io.out(
      formatTable(
        ['case', 'value', 'unit', 'reference', 'ratio', 'target', 'pass'],
        results.map((r) => [r.case, r.value, r.unit, r.reference, r.ratio, r.target, r.pass ? 'yes' : 'NO']),
      ),
    );
  },
};
