import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_SETTINGS, jobSettings } from './settings.js';

describe('jobSettings', () => {
  it('jobSettings({}, {}) returns the defaults', () => {
    expect(jobSettings({}, {})).toEqual(DEFAULT_JOB_SETTINGS);
  });

  it('jobSettings reads each environment variable; the caller overrides it', () => {
    const env = {
      SEGKIT_JOB_EXPIRE_SECONDS: '600',
      SEGKIT_JOB_RETRIES: '0',
      SEGKIT_JOB_POLL_SECONDS: '0.5',
      SEGKIT_JOB_MAINTENANCE_SECONDS: '5',
      SEGKIT_WORKER_CONCURRENCY: '4',
      SEGKIT_WORKER_STOP_SECONDS: '',
    };
    expect(jobSettings({ concurrency: 1 }, env)).toEqual({
      expireSeconds: 600,
      retries: 0,
      pollSeconds: 0.5,
      maintenanceSeconds: 5,
      concurrency: 1,
      stopSeconds: DEFAULT_JOB_SETTINGS.stopSeconds,
    });
  });

  it('jobSettings refuses a value out of range with BAD_SETTING, naming the variable and the value', () => {
    expect(() => jobSettings({}, { SEGKIT_JOB_EXPIRE_SECONDS: '86400' })).toThrow(
      expect.objectContaining({
        code: 'BAD_SETTING',
        message: 'SEGKIT_JOB_EXPIRE_SECONDS (environment) must be an integer from 1 to 86399, got "86400"',
      }),
    );
    expect(() => jobSettings({}, { SEGKIT_WORKER_CONCURRENCY: 'two' })).toThrow(
      'SEGKIT_WORKER_CONCURRENCY (environment) must be an integer from 1 to 64, got "two"',
    );
    expect(() => jobSettings({ pollSeconds: 0.1 }, {})).toThrow(
      'pollSeconds must be a number from 0.5 to 3600, got 0.1',
    );
  });
});
