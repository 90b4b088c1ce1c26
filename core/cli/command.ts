import type { Catalog } from '../store/catalog';
import { Catalog as CatalogClass } from '../store/catalog';
import { Workspace } from '../store/workspace';
import type { OptionSpec, Values } from './args';
import type { CliIO } from './output';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** True when the command takes operands after its options (they arrive as `positionals`). */
  positionals?: boolean;
  run(values: Values, io: CliIO, positionals: string[]): Promise<void>;
}

/** Opens a workspace for the duration of `fn` and always closes it. */
export async function withWorkspace<T>(
  path: string,
  create: boolean,
  fn: (ws: Workspace, catalog: Catalog) => Promise<T>,
): Promise<T> {
  const ws = await Workspace.open(path, { create });
  try {
    return await fn(ws, await CatalogClass.load(ws));
  } finally {
    ws.close();
  }
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
