import { clusterEpisodes } from '../../ml/cluster';
import { integerOption, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'cluster failure episodes by their sensor statistics (k-means, silhouette, match to known kinds)',
  usage: 'servolab cluster --db FILE [--k K] [--seed S] [--json]',
  options: {
    db: { type: 'string' },
    k: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const k = values.k === undefined ? undefined : integerOption(values, 'k', 2, 100);
    const seed = integerOption(values, 'seed', 0, 2 ** 31 - 1, 42);
    await withWorkspace(db, false, async (ws) => {
      const result = await clusterEpisodes(ws, { k, seed });
      if (values.json) return printJson(io, result);
      io.out(`${result.episodes} failure episodes, ${result.features.length} features, k = ${result.k}${result.tried ? ' (best silhouette of k = 2..8)' : ''}: silhouette ${result.silhouette.toFixed(3)}, purity against known kinds ${result.purity.toFixed(3)}`);
      io.out(formatTable(['cluster', 'episodes', 'majority kind', 'purity'], result.clusters.map((c) => [c.cluster, c.size, c.kind, Number(c.purity.toFixed(3))])));
    });
  },
};
