/**
 * How jobs run on PostgreSQL (pg-boss): each setting has an environment variable, read by
 * `startServer` and `startWorker` where the caller passes none. SQLite's in-process queue uses none.
 */
export interface JobSettings {
  /**
   * A job running longer than this (seconds) is taken for lost: pg-boss fails it and, while retries
   * are left, another worker runs it again. It bounds how long a killed worker's job waits, and must
   * exceed the longest export. Set by the enqueuing server, per job. SEGKIT_JOB_EXPIRE_SECONDS.
   */
  expireSeconds: number;
  /** Runs after the first that a lost job gets (a kill, an expiry, a stop past stopSeconds). SEGKIT_JOB_RETRIES. */
  retries: number;
  /** How often an idle worker asks for a job (seconds; a server wakes its own at once). SEGKIT_JOB_POLL_SECONDS. */
  pollSeconds: number;
  /** How often expired jobs are looked for (seconds; one process of all does it each time). SEGKIT_JOB_MAINTENANCE_SECONDS. */
  maintenanceSeconds: number;
  /** Jobs one process runs at once. SEGKIT_WORKER_CONCURRENCY. */
  concurrency: number;
  /** On SIGTERM, how long running jobs may take to finish before they are given back (seconds). SEGKIT_WORKER_STOP_SECONDS. */
  stopSeconds: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  expireSeconds: 3600,
  retries: 2,
  pollSeconds: 2,
  maintenanceSeconds: 60,
  concurrency: 2,
  stopSeconds: 30,
};

/** A job setting out of range, from the environment or the caller. */
export class JobSettingsError extends Error {
  readonly code = 'BAD_SETTING';
  override name = 'JobSettingsError';
}

const VARIABLES: ReadonlyArray<{ key: keyof JobSettings; env: string; min: number; max: number; integer: boolean }> = [
  // pg-boss refuses an expiry of 24 hours or more.
  { key: 'expireSeconds', env: 'SEGKIT_JOB_EXPIRE_SECONDS', min: 1, max: 86_399, integer: true },
  { key: 'retries', env: 'SEGKIT_JOB_RETRIES', min: 0, max: 100, integer: true },
  // pg-boss polls at most every 500 ms.
  { key: 'pollSeconds', env: 'SEGKIT_JOB_POLL_SECONDS', min: 0.5, max: 3600, integer: false },
  { key: 'maintenanceSeconds', env: 'SEGKIT_JOB_MAINTENANCE_SECONDS', min: 1, max: 86_399, integer: true },
  { key: 'concurrency', env: 'SEGKIT_WORKER_CONCURRENCY', min: 1, max: 64, integer: true },
  { key: 'stopSeconds', env: 'SEGKIT_WORKER_STOP_SECONDS', min: 0, max: 86_400, integer: false },
];

/**
 * The settings: `overrides` field by field, else the environment variable, else the default; each
 * checked against its range (a JobSettingsError naming the variable and the value).
 */
export function jobSettings(
  overrides: Partial<JobSettings> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): JobSettings {
  const out = { ...DEFAULT_JOB_SETTINGS };
  for (const { key, env: name, min, max, integer } of VARIABLES) {
    const given = overrides[key];
    const text = env[name];
    const value = given ?? (text === undefined || text.trim() === '' ? undefined : Number(text));
    if (value === undefined) continue;
    const what = given === undefined ? `${name} (environment)` : key;
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new JobSettingsError(
        `${what} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(given ?? text)}`,
      );
    }
    out[key] = value;
  }
  return out;
}
