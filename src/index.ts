export { makeWorkerUtils, WorkerUtils, JobScheduleFailedError, JobScheduleSkippedError, ANALYZE_THRESHOLD } from "./utils";
export type {
  WorkerUtilsOptions,
  BeforeJobSchedule,
  JobScheduleDecision,
  JobToSchedule,
  RescheduleOptions,
  CleanupOptions,
  ActiveWorker,
  SweepResult,
} from "./utils";
export { migrate, installSql, loadMigrations, MigrationError } from "./migrate";
export type { Migration, MigrateResult, MigrateOptions } from "./migrate";
export { DEFAULT_SCHEMA, quoteSchema } from "./schema-name";
export type { Job, JobSpec, BatchJobSpec, JobKeyMode, CleanupTask, TaskIdentifier, PayloadOf } from "./types";
export { run, runOnce, Runner } from "./runner/runner";
export type { RunnerOptions, RunnerEventName } from "./runner/runner";
export type { Task, TaskList, Helpers, RunnerEvents } from "./runner/types";
export { consoleLogger, silentLogger } from "./logger";
export type { Logger } from "./logger";
export { parseCrontab, parseCronItems, parseCronItem, parseCron, cronOf, toSyncCrontabItems, $$isParsed } from "./crontab";
export type {
  CronItem,
  CronItemOptions,
  CronMatcher,
  ParsedCronItem,
  ParsedCronItemOptions,
  ParsedCronMatch,
  SyncCrontabItem,
  TimestampDigest,
} from "./crontab";
