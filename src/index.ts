export { makeWorkerUtils, WorkerUtils, JobScheduleFailedError, JobScheduleSkippedError, ANALYZE_THRESHOLD } from "./worker-utils";
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
export { run, runOnce, Runner } from "./runner/runner";
export type { RunnerOptions } from "./runner/config";
export type { Task, TaskList, Helpers, RunnerEvents, RunnerEventName } from "./runner/types";
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
