import { readFileSync } from 'node:fs';
import { resolveLimits } from '@segkit/core';
import type { ServerConfig } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** The defaults, overridden field by field (tests shorten lifetimes, raise limits). */
export function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    maxUploadBytes: 1024 * 1024 * 1024,
    limits: resolveLimits(undefined),
    sessionSeconds: 7 * 24 * 3600,
    tokenSeconds: 30 * 24 * 3600,
    loginFailuresPerMinute: 10,
    secureCookies: false,
    version: VERSION,
    ...overrides,
  };
}
