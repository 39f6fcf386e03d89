export { makeWorkerUtils, addJobAdhoc, quickAddJob, WorkerUtils, JobScheduleFailedError, JobScheduleSkippedError, ANALYZE_THRESHOLD } from "./worker-utils";
export type {
  WorkerUtilsOptions,
  BeforeJobSchedule,
  JobScheduleDecision,
  JobToSchedule,
  RescheduleOptions,
  CleanupOptions,
  ActiveWorker,
  SweepResult,
  PreviewOptions,
  FireTime,
  ListedSchedule,
  CrontabChange,
} from "./worker-utils";
export { migrate, installSql, loadMigrations, MigrationError } from "./migrate";
export type { Migration, MigrateResult, MigrateOptions, NewerSchema } from "./migrate";
export { previewMigration } from "./adopt";
export type { AdoptionReport, MigrationPreview } from "./adopt";
export { DEFAULT_SCHEMA, quoteSchema } from "./schema-name";
export { RULES } from "./rules";
export type { Job, JobSpec, BatchJobSpec, JobKeyMode, CleanupTask, TaskIdentifier, PayloadOf, Schedule, ScheduleSpec, ScheduledJob, CatchUp } from "./types";
export { run, runOnce, runMigrations, Runner } from "./runner/runner";
export { runTaskList, runTaskListOnce } from "./runner/worker-pool";
export type { WorkerPool, WorkerPoolOptions } from "./runner/worker-pool";
export type { RunnerOptions } from "./runner/config";
export type { Task, TaskList, TaskResult, Helpers, RunnerEvents, RunnerEventName, RunnerEventEmitter } from "./runner/types";
export { consoleLogger, consoleLogFactory, pinoLogger, silentLogger, parseLogLevel, Logger } from "./logger";
export type { ConsoleLoggerOptions, LogFunction, LogFunctionFactory, LogLevel, LogMeta, LogScope, PinoLike, ScopedLogger } from "./logger";
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
export { createAdminHandler } from "./admin/handler";
export type { AdminHandler, AdminHandlerOptions, AuthOptions, AuthMode } from "./admin/handler";
