import { Rng } from '../random';

/**
 * One CART tree grown on binned columns. Rows carry weights (bootstrap counts × class weight), so
 * bagging and class weights are the same mechanism. Classification (y ∈ {0,1}) minimises weighted
 * Gini impurity, 2·S·(W−S)/W; regression minimises the squared error, Q − S²/W. Each split looks
 * at `maxFeatures` randomly drawn features (Breiman's per-split sampling) and finds its best cut
 * by one histogram pass over the node's rows, scanning only the bins the node touched (sorted):
 * O(rows + touched·log touched) per feature however many bins there are.
 */
export interface Tree {
  /** Split feature per node, −1 for a leaf. */
  feature: Int32Array;
  /** Split bin: left when bin ≤ it. */
  bin: Int32Array;
  /** The same split in raw values: left when x ≤ it (NaN goes right, like its top bin). */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value: weighted P(positive) or mean. */
  value: Float64Array;
}

export interface GrowInput {
  codes: Uint16Array;
  rows: number;
  features: number;
  /** Bins per feature, NaN bin included. */
  nBins: Int32Array;
  edges: Float64Array[];
  y: Float64Array;
  regression: boolean;
  maxFeatures: number;
  maxDepth: number;
  minLeaf: number;
}

class Builder {
  feature: number[] = [];
  bin: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  add(value: number): number {
    this.feature.push(-1);
    this.bin.push(0);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    return this.value.length - 1;
  }
  done(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      bin: Int32Array.from(this.bin),
      threshold: Float64Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}

const impurity = (regression: boolean, w: number, s: number, q: number) =>
  w <= 0 ? 0 : regression ? q - (s * s) / w : (2 * s * (w - s)) / w;

/** Grows one tree on the rows with weight > 0; adds each split's impurity decrease to `importance`. */
export function growTree(input: GrowInput, weight: Float64Array, rng: Rng, importance: Float64Array): Tree {
  const { codes, rows, y, regression, nBins, minLeaf } = input;
  const idx: number[] = [];
  for (let i = 0; i < rows; i++) if (weight[i]! > 0) idx.push(i);
  const order = Int32Array.from(idx);
  const maxB = Math.max(2, ...nBins);
  const hw = new Float64Array(maxB);
  const hs = new Float64Array(maxB);
  const hq = new Float64Array(maxB);
  const hc = new Int32Array(maxB);
  const seen = new Uint16Array(maxB);
  const pool = new Int32Array(input.features);
  for (let f = 0; f < pool.length; f++) pool[f] = f;
  const tree = new Builder();
  // Each entry carries its rows' weighted totals, computed once when its parent split.
  const stack: { node: number; start: number; end: number; depth: number; t: { w: number; s: number; q: number } }[] = [];

  const totals = (start: number, end: number) => {
    let w = 0, s = 0, q = 0;
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      const wi = weight[i]!;
      w += wi;
      s += wi * y[i]!;
      q += wi * y[i]! * y[i]!;
    }
    return { w, s, q };
  };
  const root = totals(0, order.length);
  stack.push({ node: tree.add(root.w > 0 ? root.s / root.w : 0), start: 0, end: order.length, depth: 0, t: root });

  while (stack.length > 0) {
    const { node, start, end, depth, t } = stack.pop()!;
    const parent = impurity(regression, t.w, t.s, t.q);
    if (depth >= input.maxDepth || end - start < 2 * minLeaf || parent <= 1e-12 * Math.max(1, t.w)) continue;
    let bestGain = 1e-12;
    let bestF = -1;
    let bestB = -1;
    // Partial Fisher–Yates: the first maxFeatures entries of `pool` become this split's sample.
    for (let k = 0; k < input.maxFeatures; k++) {
      const j = k + rng.int(pool.length - k);
      const f = pool[j]!;
      pool[j] = pool[k]!;
      pool[k] = f;
      const base = f * rows;
      let touched = 0;
      for (let r = start; r < end; r++) {
        const i = order[r]!;
        const b = codes[base + i]!;
        const wi = weight[i]!;
        if (hc[b] === 0) seen[touched++] = b;
        hw[b]! += wi;
        hs[b]! += wi * y[i]!;
        if (regression) hq[b]! += wi * y[i]! * y[i]!;
        hc[b]!++;
      }
      const bins = seen.subarray(0, touched).sort();
      let lw = 0, ls = 0, lq = 0, lc = 0;
      const n = end - start;
      for (let k = 0; k < touched - 1; k++) {
        const b = bins[k]!;
        lw += hw[b]!;
        ls += hs[b]!;
        lq += hq[b]!;
        lc += hc[b]!;
        if (lc < minLeaf) continue;
        if (n - lc < minLeaf) break;
        const gain = parent - impurity(regression, lw, ls, lq) - impurity(regression, t.w - lw, t.s - ls, t.q - lq);
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestB = b;
        }
      }
      for (let k = 0; k < touched; k++) {
        const b = bins[k]!;
        hw[b] = 0;
        hs[b] = 0;
        hq[b] = 0;
        hc[b] = 0;
      }
    }
    if (bestF < 0) continue;
    // Partition order[start, end) so rows with bin ≤ bestB come first.
    const base = bestF * rows;
    let mid = start;
    for (let r = start; r < end; r++) {
      const i = order[r]!;
      if (codes[base + i]! <= bestB) {
        order[r] = order[mid]!;
        order[mid++] = i;
      }
    }
    importance[bestF]! += bestGain;
    const lt = totals(start, mid);
    const rt = totals(mid, end);
    const l = tree.add(lt.w > 0 ? lt.s / lt.w : 0);
    const r = tree.add(rt.w > 0 ? rt.s / rt.w : 0);
    tree.feature[node] = bestF;
    tree.bin[node] = bestB;
    const edges = input.edges[bestF]!;
    tree.threshold[node] = bestB < edges.length ? edges[bestB]! : Infinity;
    tree.left[node] = l;
    tree.right[node] = r;
    stack.push({ node: l, start, end: mid, depth: depth + 1, t: lt }, { node: r, start: mid, end, depth: depth + 1, t: rt });
  }
  return tree.done();
}

/** A tree's value for row i of binned data (OOB scoring uses the bins it was grown on). */
export function treeValueBinned(tree: Tree, codes: Uint16Array, rows: number, i: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    node = codes[tree.feature[node]! * rows + i]! <= tree.bin[node]! ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}
