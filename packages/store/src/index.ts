/**
 * @syncemu/store: syncemu's persistence. SQLite through Kysely over better-sqlite3, one
 * transaction per write, OData queries compiled to SQL.
 */
export { openStore, type Store } from './store.js';
export { StoreOpenError, SYNCEMU_APPLICATION_ID } from './database/open-database.js';
export { JOB_EVENTS_KEPT, LATEST_SCHEMA_VERSION } from './database/migrations.js';
export { JobRepository, type JobRow, type ListExplanation, type ListPage, type ListPageOptions } from './repositories/job-repository.js';
export { RunRepository, type RunRow } from './repositories/run-repository.js';
export { ServicePrincipalRepository, type ServicePrincipalRow, type ServicePrincipalSummary } from './repositories/service-principal-repository.js';
export { EventRepository, type JobEventRow } from './repositories/event-repository.js';
export { compileFilter, compileOrderKey, type CompileContext, type Dialect } from './compile/filter-compiler.js';
export { compileCount, compileListPage, keyAlias, type CompiledPage, type ListPageRequest } from './compile/list-query-compiler.js';
export { POSTGRES_FUNCTIONS, POSTGRES_SCHEMA_VERSION } from './database/postgres-schema.js';
export { postgresCompiler } from './database/postgres-compiler.js';
export { SkipTokenError } from './compile/skip-token.js';
export { QueryTooComplexError } from './database/sqlite.js';
export { summarizePlan, summarizePostgresPlan, type PlanSummary } from './database/query-plan.js';
export { durationSeconds } from './database/sql-functions.js';
export { JournalRepository, type JournalBody, type JournalPage, type JournalRecord } from './repositories/journal-repository.js';
export { SnapshotFileError, StateRepository } from './repositories/state-repository.js';
export { type AsyncRepositories, type AsyncStore, type FaultRuleRecords, type RequestPoll, type SharedRecords, type SnapshotRecords, type StoredFaultRule } from './async/async-store.js';
export { openSqliteAsyncStore, type SqliteAsyncStore } from './async/sqlite-async-store.js';
export { openPostgresStore } from './postgres/postgres-store.js';
export { isDatabaseUnavailable, QueryEvaluationError, UnstorableTextError } from './postgres/postgres-errors.js';
