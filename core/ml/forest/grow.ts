import { Rng } from '../random';
import { growTree, treeValueBinned, type GrowInput, type Tree } from './tree';

/**
 * Grows a range of a forest's trees. Tree t draws everything from stream (seed, t), so the forest
 * is the same whether its trees are grown on this thread or split over any number of workers.
 */
export type Balance = 'none' | 'weights' | 'bootstrap';

export interface GrowJob extends GrowInput {
  seed: number;
  balance: Balance;
}

export interface GrownBatch {
  trees: Tree[];
  importance: Float64Array;
  /** Sum and count of out-of-bag predictions per row, over this batch's trees. */
  oobSum: Float64Array;
  oobCount: Uint16Array;
}

/** Bootstrap weights of tree t: counts of each row in the bag, times its class weight. */
export function bagWeights(job: GrowJob, rng: Rng): Float64Array {
  const { rows, y } = job;
  const w = new Float64Array(rows);
  if (job.regression || job.balance !== 'bootstrap') {
    for (let k = 0; k < rows; k++) w[rng.int(rows)]! += 1;
    if (!job.regression && job.balance === 'weights') {
      let pos = 0;
      for (let i = 0; i < rows; i++) pos += y[i]!;
      const wPos = pos > 0 ? rows / (2 * pos) : 1;
      const wNeg = pos < rows ? rows / (2 * (rows - pos)) : 1;
      for (let i = 0; i < rows; i++) w[i]! *= y[i]! > 0.5 ? wPos : wNeg;
    }
    return w;
  }
  // Balanced bootstrap (Chen, Liaw & Breiman 2004): half the bag from each class.
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < rows; i++) (y[i]! > 0.5 ? pos : neg).push(i);
  const half = rows >> 1;
  for (const cls of [pos, neg]) if (cls.length > 0) for (let k = 0; k < half; k++) w[cls[rng.int(cls.length)]!]! += 1;
  return w;
}

export function growTrees(job: GrowJob, from: number, to: number, onTree?: (done: number) => void): GrownBatch {
  const importance = new Float64Array(job.features);
  const oobSum = new Float64Array(job.rows);
  const oobCount = new Uint16Array(job.rows);
  const trees: Tree[] = [];
  for (let t = from; t < to; t++) {
    const rng = new Rng(job.seed, t);
    const weight = bagWeights(job, rng);
    const tree = growTree(job, weight, rng, importance);
    for (let i = 0; i < job.rows; i++) {
      if (weight[i] === 0) {
        oobSum[i]! += treeValueBinned(tree, job.codes, job.rows, i);
        oobCount[i]!++;
      }
    }
    trees.push(tree);
    onTree?.(trees.length);
  }
  return { trees, importance, oobSum, oobCount };
}
