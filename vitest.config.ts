import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const SERVER_TESTS = 'apps/server/test/**/*.test.ts';

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of sibling packages, not their build output.
    alias: {
      // Subpaths before their package: an alias also matches what starts with its key and a '/'.
      '@segkit/metrics/shares': source('./packages/metrics/src/shares.ts'),
      '@segkit/testing/postgres': source('./packages/testing/src/postgres.ts'),
      '@segkit/core': source('./packages/core/src/index.ts'),
      '@segkit/formats': source('./packages/formats/src/index.ts'),
      '@segkit/metrics': source('./packages/metrics/src/index.ts'),
      '@segkit/scope': source('./packages/scope/src/index.ts'),
      '@segkit/editor': source('./packages/editor/src/index.ts'),
      '@segkit/jobs': source('./packages/jobs/src/index.ts'),
      '@segkit/testing': source('./packages/testing/src/index.ts'),
      '@segkit/server': source('./apps/server/src/index.ts'),
    },
  },
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    // One suite, two engines: the server's tests run once on SQLite and once on PostgreSQL (the
    // helpers read SEGKIT_TEST_ENGINE); on PostgreSQL each file gets a throw-away database, and the
    // file's tests skip with a notice when no PostgreSQL answers (test/setup-postgres.ts).
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'apps/*/test/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, SERVER_TESTS],
        },
      },
      {
        extends: true,
        test: { name: 'server:sqlite', include: [SERVER_TESTS], env: { SEGKIT_TEST_ENGINE: 'sqlite' } },
      },
      {
        extends: true,
        test: {
          name: 'server:postgres',
          include: [SERVER_TESTS],
          env: { SEGKIT_TEST_ENGINE: 'postgres' },
          // The blob-store suites do not touch the database, and save-queue.test.ts is SQLite's group
          // commit with its WAL flush: they run once, in server:sqlite.
          exclude: [...configDefaults.exclude, 'apps/server/test/storage/**', 'apps/server/test/save-queue.test.ts'],
          setupFiles: ['apps/server/test/setup-postgres.ts'],
        },
      },
      {
        // One suite, two drivers: the server tests that read and write blobs, again with every blob
        // in a bucket of an S3 server over HTTP (s3rver) instead of the data folder (test/helpers.ts).
        extends: true,
        test: {
          name: 'server:s3',
          include: ['apps/server/test/{images,exports,annotations,imports,direct-upload}.test.ts'],
          env: { SEGKIT_TEST_ENGINE: 'sqlite', SEGKIT_TEST_STORAGE: 's3' },
        },
      },
    ],
  },
});
