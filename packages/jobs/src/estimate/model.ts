import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isSegkitError, type Limits } from '@segkit/core';
import { type CostModel, DEFAULT_COST_MODEL, parseCostModel } from '@segkit/scope';
import { readJsonFile } from '../io/read-json.js';

/** The model file shipped with @segkit/scope (packages/scope/cost-model.json); the built-in copy if absent. */
export function defaultCostModel(): { model: CostModel; file: string | null } {
  try {
    const entry = createRequire(import.meta.url).resolve('@segkit/scope');
    const file = join(dirname(entry), '..', 'cost-model.json');
    return { model: parseCostModel(JSON.parse(readFileSync(file, 'utf8'))), file };
  } catch (error) {
    if (isSegkitError(error)) throw error;
    return { model: DEFAULT_COST_MODEL, file: null };
  }
}

/** The cost model in use: the shipped one, with the fields of `file` (all or some) over it; errors name the file. */
export async function loadCostModel(file: string | undefined, limits?: Partial<Limits>): Promise<CostModel> {
  const base = defaultCostModel().model;
  if (file === undefined) return base;
  const json = await readJsonFile(file, limits);
  try {
    return parseCostModel(json, base);
  } catch (error) {
    throw isSegkitError(error) ? error.withContext(file) : error;
  }
}
