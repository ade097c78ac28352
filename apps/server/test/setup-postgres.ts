/**
 * Before each server test file of the `server:postgres` project (vitest.config.ts): skip the file's
 * tests with a notice when no PostgreSQL answers, and drop the file's throw-away database after them.
 */
import { dropTestDatabase, postgresAnswers, postgresSkipNotice } from '@segkit/testing/postgres';
import { afterAll, beforeEach } from 'vitest';

if (!(await postgresAnswers())) {
  // console.warn: vitest prints it under the file's name.
  console.warn(postgresSkipNotice("this file's tests on PostgreSQL are").trimEnd());
  beforeEach((context) => context.skip());
}
afterAll(dropTestDatabase);
