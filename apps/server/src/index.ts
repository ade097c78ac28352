/**
 * @segkit/server: the annotation server (`../shared/docs/api.md`): projects, images, versioned
 * annotations, gold-set QA, batches and exports over HTTP, on SQLite and local files by default; on PostgreSQL any number of servers and job workers
 * (`startWorker`) share one database.
 */
export { buildApp } from './app.js';
export type { Actor, AppContext, ServerConfig } from './context.js';
export { DatabaseUnreachableError, type Db, openDatabase, openPostgres, openSqlite } from './db/database.js';
export { DEMO_LOGIN, seedDemo } from './demo/seed.js';
export { startWorker, type Worker, type WorkerOptions } from './job-worker.js';
export type { JobHandler, JobHandlers, JobQueue } from './queue/queue.js';
export { DEFAULT_JOB_SETTINGS, type JobSettings, JobSettingsError } from './queue/settings.js';
export { JOB_HANDLERS, openContext, type ServeOptions, type Server, startServer } from './server.js';
export { createUser } from './services/users.js';
export type { BlobDownload, BlobStore } from './storage/blob-store.js';
export { openBlobStore, parseS3Url, type StorageEnv, s3ClientConfig } from './storage/open.js';
export type { S3BlobStore } from './storage/s3.js';
