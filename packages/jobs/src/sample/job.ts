import type { Limits } from '@segkit/core';
import {
  type DatasetProfile,
  inferSources,
  type ProfileInput,
  profileDataset,
  type SampleOptions,
  type SampleResult,
  samplePilot,
} from '@segkit/scope';
import { throwIfAborted } from '../hooks.js';
import { aborted, located } from '../scope/support.js';

export interface ProfileJobOptions {
  /** True where each annotation is all pixels of one class in one image (class-index PNG folders). */
  semantic: boolean;
  /** Semantic data: connected parts smaller than this are not regions. */
  minArea: number;
  /** Image source from the file name (first capture group); default: folder or name prefix. */
  sourcePattern?: RegExp;
  /** Images over `maxPixels` and polygons over `maxVertices` are refused before anything is rasterized. */
  limits?: Partial<Limits>;
  /** Annotations profiled, of all: at most every 100 ms, and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the job, which rejects with an AbortError (the signal's reason as its cause). The profile runs on this thread and is
   * checked before each annotation, so an abort is heard when raised from `onProgress` or before the
   * job starts; a caller that must abort from outside runs the job in a worker.
   */
  signal?: AbortSignal;
}

/** The dataset profile `sample` and `estimate` read (classes, regions and pixels per image, sources). */
export async function profileJob(dataset: ProfileInput, options: ProfileJobOptions): Promise<DatasetProfile> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const total = dataset.annotations.length;
  let last = 0;
  const profile = profileDataset(dataset, {
    semantic: options.semantic,
    minRegionArea: options.minArea,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    sources:
      options.sourcePattern === undefined
        ? undefined
        : inferSources(
            dataset.images.map((image) => String(image.file_name ?? image.id)),
            options.sourcePattern,
          ),
    onAnnotation: (index) => {
      if (signal?.aborted) throw aborted(signal);
      if (onProgress === undefined) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      onProgress(index, total);
    },
  });
  onProgress?.(total, total);
  return profile;
}

export interface SampleJobOptions extends ProfileJobOptions, SampleOptions {
  /** How the dataset is named in the report (its path), and the format it was read as. */
  input: string;
  from: string;
}

/** What `segkit sample --format json` prints. */
export interface SampleJobReport extends SampleResult {
  dataset: { input: string; from: string; semantic: boolean };
}

/**
 * `segkit sample` on a dataset in memory: the pilot images (every class, rarest first, spread over
 * scene density and sources) and the QA gold set, disjoint from it, with the coverage tables.
 * Errors name the dataset (`input`) and the annotation.
 */
export async function sampleJob(dataset: ProfileInput, options: SampleJobOptions): Promise<SampleJobReport> {
  const profile = await located(options.input, () => profileJob(dataset, options));
  throwIfAborted(options.signal);
  const settings: SampleOptions = {};
  for (const key of ['k', 'seed', 'goldShare', 'densityBins', 'rareShare', 'rareWeight'] as const) {
    if (options[key] !== undefined) settings[key] = options[key];
  }
  const result = samplePilot(profile, settings);
  return { dataset: { input: options.input, from: options.from, semantic: profile.semantic }, ...result };
}
