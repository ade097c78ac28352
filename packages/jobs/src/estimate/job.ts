import { isSegkitError } from '@segkit/core';
import {
  type CostEstimate,
  type CostModel,
  type EstimateOptions,
  estimateCost,
  type ProfileInput,
  type Workload,
  workloadFromProfile,
  workloadFromScope,
} from '@segkit/scope';
import { throwIfAborted } from '../hooks.js';
import { type ProfileJobOptions, profileJob } from '../sample/job.js';
import { located } from '../scope/support.js';

export interface EstimateJobInput {
  /** A dataset in memory, profiled for the workload; `name` is its path in the report. */
  dataset?: { name: string; data: ProfileInput } & Omit<ProfileJobOptions, 'onProgress' | 'signal'>;
  /** A scope report (`segkit scope --format json`, parsed): its verdicts give the savings. */
  scope?: { name: string; report: unknown };
  model: CostModel;
  settings: EstimateOptions;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** What `segkit estimate --format json` prints. */
export interface EstimateJobReport extends CostEstimate {
  input: { dataset: string | null; scope: string | null };
}

/**
 * `segkit estimate`: the labelling cost per annotation type from a dataset's measured workload, a
 * scope report, or both (the dataset's workload with the report's verdicts, matched by class id).
 * Errors name the dataset or the scope report, and the item.
 */
export async function estimateJob(input: EstimateJobInput): Promise<EstimateJobReport> {
  const { dataset, scope, model, signal } = input;
  throwIfAborted(signal);
  if (dataset === undefined && scope === undefined) {
    throw new TypeError('estimateJob needs a dataset or a scope report');
  }
  let verdicts: Workload | undefined;
  if (scope !== undefined) {
    try {
      verdicts = workloadFromScope(scope.report, model.rare.share);
    } catch (error) {
      throw isSegkitError(error) ? error.withContext(scope.name) : error;
    }
  }
  let workload: Workload;
  if (dataset !== undefined) {
    const profile = await located(dataset.name, () =>
      profileJob(dataset.data, { ...dataset, onProgress: input.onProgress, signal }),
    );
    workload = workloadFromProfile(profile, model.rare.share);
    if (verdicts !== undefined) workload = withVerdicts(workload, verdicts);
  } else {
    workload = verdicts as Workload;
  }
  throwIfAborted(signal);
  return {
    input: { dataset: dataset?.name ?? null, scope: scope?.name ?? null },
    ...estimateCost(workload, model, input.settings),
  };
}

/** Verdicts of the scope report onto a workload measured from the dataset, matched by class id. */
function withVerdicts(workload: Workload, scope: Workload): Workload {
  const verdicts = new Map(scope.classes.map((c) => [c.id, c.verdict]));
  return {
    ...workload,
    classes: workload.classes.map((c) => {
      const verdict = verdicts.get(c.id);
      return verdict === undefined ? c : { ...c, verdict };
    }),
    hasVerdicts: scope.hasVerdicts,
  };
}
