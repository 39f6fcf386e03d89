/** Types generated for queries found in "sql/queries/schedules.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'UpsertSchedule' parameters type */
export interface IUpsertScheduleParams {
  catchUp?: string | null | void;
  catchUpWindow?: DateOrString | null | void;
  cron: string;
  enabled?: boolean | null | void;
  flags?: stringArray | null | void;
  id: string;
  jobKey?: string | null | void;
  jobKeyMode?: string | null | void;
  maxAttempts?: number | null | void;
  payload?: string | null | void;
  priority?: number | null | void;
  queueName?: string | null | void;
  taskIdentifier: string;
  timeZone?: string | null | void;
}

/** 'UpsertSchedule' return type */
export interface IUpsertScheduleResult {
  catch_up: string;
  catch_up_window: string;
  created_at: Date;
  cron: string;
  enabled: boolean;
  flags: stringArray | null;
  id: string;
  job_key: string | null;
  job_key_mode: string | null;
  last_fire_at: Date | null;
  last_job_id: string | null;
  max_attempts: number | null;
  next_fire_at: Date | null;
  payload: unknown;
  priority: number | null;
  queue_name: string | null;
  source: string | null;
  task_identifier: string;
  time_zone: string;
  updated_at: Date;
}

/** 'UpsertSchedule' query type */
export interface IUpsertScheduleQuery {
  params: IUpsertScheduleParams;
  result: IUpsertScheduleResult;
}

const upsertScheduleIR: any = {"usedParamSet":{"id":true,"cron":true,"taskIdentifier":true,"payload":true,"timeZone":true,"queueName":true,"priority":true,"maxAttempts":true,"flags":true,"jobKey":true,"jobKeyMode":true,"catchUp":true,"catchUpWindow":true,"enabled":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":445,"b":448}]},{"name":"cron","required":true,"transform":{"type":"scalar"},"locs":[{"a":467,"b":472}]},{"name":"taskIdentifier","required":true,"transform":{"type":"scalar"},"locs":[{"a":502,"b":517}]},{"name":"payload","required":false,"transform":{"type":"scalar"},"locs":[{"a":539,"b":546}]},{"name":"timeZone","required":false,"transform":{"type":"scalar"},"locs":[{"a":579,"b":587}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":620,"b":629}]},{"name":"priority","required":false,"transform":{"type":"scalar"},"locs":[{"a":652,"b":660}]},{"name":"maxAttempts","required":false,"transform":{"type":"scalar"},"locs":[{"a":690,"b":701}]},{"name":"flags","required":false,"transform":{"type":"scalar"},"locs":[{"a":724,"b":729}]},{"name":"jobKey","required":false,"transform":{"type":"scalar"},"locs":[{"a":753,"b":759}]},{"name":"jobKeyMode","required":false,"transform":{"type":"scalar"},"locs":[{"a":786,"b":796}]},{"name":"catchUp","required":false,"transform":{"type":"scalar"},"locs":[{"a":828,"b":835}]},{"name":"catchUpWindow","required":false,"transform":{"type":"scalar"},"locs":[{"a":885,"b":898}]},{"name":"enabled","required":false,"transform":{"type":"scalar"},"locs":[{"a":943,"b":950}]}],"statement":"select\n  id as \"id!\", cron as \"cron!\", time_zone as \"time_zone!\", task_identifier as \"task_identifier!\",\n  payload as \"payload!\", queue_name, priority, max_attempts, flags, job_key, job_key_mode,\n  catch_up as \"catch_up!\", catch_up_window::text as \"catch_up_window!\", enabled as \"enabled!\", source,\n  last_fire_at, next_fire_at, last_job_id, created_at as \"created_at!\", updated_at as \"updated_at!\"\nfrom graphile_worker.upsert_schedule(\n  id := :id!::text,\n  cron := :cron!::text,\n  task_identifier := :taskIdentifier!::text,\n  payload := :payload::json,\n  time_zone := coalesce(:timeZone::text, 'UTC'),\n  queue_name := :queueName::text,\n  priority := :priority::integer,\n  max_attempts := :maxAttempts::integer,\n  flags := :flags::text[],\n  job_key := :jobKey::text,\n  job_key_mode := :jobKeyMode::text,\n  catch_up := coalesce(:catchUp::text, 'latest'),\n  catch_up_window := coalesce(:catchUpWindow::interval, '1 day'),\n  enabled := coalesce(:enabled::boolean, true)\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
 *   payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
 *   catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
 *   last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
 * from graphile_worker.upsert_schedule(
 *   id := :id!::text,
 *   cron := :cron!::text,
 *   task_identifier := :taskIdentifier!::text,
 *   payload := :payload::json,
 *   time_zone := coalesce(:timeZone::text, 'UTC'),
 *   queue_name := :queueName::text,
 *   priority := :priority::integer,
 *   max_attempts := :maxAttempts::integer,
 *   flags := :flags::text[],
 *   job_key := :jobKey::text,
 *   job_key_mode := :jobKeyMode::text,
 *   catch_up := coalesce(:catchUp::text, 'latest'),
 *   catch_up_window := coalesce(:catchUpWindow::interval, '1 day'),
 *   enabled := coalesce(:enabled::boolean, true)
 * )
 * ```
 */
export const upsertSchedule = new PreparedQuery<IUpsertScheduleParams,IUpsertScheduleResult>(upsertScheduleIR);


/** 'RemoveSchedule' parameters type */
export interface IRemoveScheduleParams {
  id: string;
}

/** 'RemoveSchedule' return type */
export interface IRemoveScheduleResult {
  catch_up: string;
  catch_up_window: string;
  created_at: Date;
  cron: string;
  enabled: boolean;
  flags: stringArray | null;
  id: string;
  job_key: string | null;
  job_key_mode: string | null;
  last_fire_at: Date | null;
  last_job_id: string | null;
  max_attempts: number | null;
  next_fire_at: Date | null;
  payload: unknown;
  priority: number | null;
  queue_name: string | null;
  source: string | null;
  task_identifier: string;
  time_zone: string;
  updated_at: Date;
}

/** 'RemoveSchedule' query type */
export interface IRemoveScheduleQuery {
  params: IRemoveScheduleParams;
  result: IRemoveScheduleResult;
}

const removeScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":436,"b":439}]}],"statement":"select\n  id as \"id!\", cron as \"cron!\", time_zone as \"time_zone!\", task_identifier as \"task_identifier!\",\n  payload as \"payload!\", queue_name, priority, max_attempts, flags, job_key, job_key_mode,\n  catch_up as \"catch_up!\", catch_up_window::text as \"catch_up_window!\", enabled as \"enabled!\", source,\n  last_fire_at, next_fire_at, last_job_id, created_at as \"created_at!\", updated_at as \"updated_at!\"\nfrom graphile_worker.remove_schedule(:id!::text)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
 *   payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
 *   catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
 *   last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
 * from graphile_worker.remove_schedule(:id!::text)
 * ```
 */
export const removeSchedule = new PreparedQuery<IRemoveScheduleParams,IRemoveScheduleResult>(removeScheduleIR);


/** 'PauseSchedule' parameters type */
export interface IPauseScheduleParams {
  id: string;
}

/** 'PauseSchedule' return type */
export interface IPauseScheduleResult {
  catch_up: string;
  catch_up_window: string;
  created_at: Date;
  cron: string;
  enabled: boolean;
  flags: stringArray | null;
  id: string;
  job_key: string | null;
  job_key_mode: string | null;
  last_fire_at: Date | null;
  last_job_id: string | null;
  max_attempts: number | null;
  next_fire_at: Date | null;
  payload: unknown;
  priority: number | null;
  queue_name: string | null;
  source: string | null;
  task_identifier: string;
  time_zone: string;
  updated_at: Date;
}

/** 'PauseSchedule' query type */
export interface IPauseScheduleQuery {
  params: IPauseScheduleParams;
  result: IPauseScheduleResult;
}

const pauseScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":435,"b":438}]}],"statement":"select\n  id as \"id!\", cron as \"cron!\", time_zone as \"time_zone!\", task_identifier as \"task_identifier!\",\n  payload as \"payload!\", queue_name, priority, max_attempts, flags, job_key, job_key_mode,\n  catch_up as \"catch_up!\", catch_up_window::text as \"catch_up_window!\", enabled as \"enabled!\", source,\n  last_fire_at, next_fire_at, last_job_id, created_at as \"created_at!\", updated_at as \"updated_at!\"\nfrom graphile_worker.pause_schedule(:id!::text)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
 *   payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
 *   catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
 *   last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
 * from graphile_worker.pause_schedule(:id!::text)
 * ```
 */
export const pauseSchedule = new PreparedQuery<IPauseScheduleParams,IPauseScheduleResult>(pauseScheduleIR);


/** 'ResumeSchedule' parameters type */
export interface IResumeScheduleParams {
  id: string;
}

/** 'ResumeSchedule' return type */
export interface IResumeScheduleResult {
  catch_up: string;
  catch_up_window: string;
  created_at: Date;
  cron: string;
  enabled: boolean;
  flags: stringArray | null;
  id: string;
  job_key: string | null;
  job_key_mode: string | null;
  last_fire_at: Date | null;
  last_job_id: string | null;
  max_attempts: number | null;
  next_fire_at: Date | null;
  payload: unknown;
  priority: number | null;
  queue_name: string | null;
  source: string | null;
  task_identifier: string;
  time_zone: string;
  updated_at: Date;
}

/** 'ResumeSchedule' query type */
export interface IResumeScheduleQuery {
  params: IResumeScheduleParams;
  result: IResumeScheduleResult;
}

const resumeScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":436,"b":439}]}],"statement":"select\n  id as \"id!\", cron as \"cron!\", time_zone as \"time_zone!\", task_identifier as \"task_identifier!\",\n  payload as \"payload!\", queue_name, priority, max_attempts, flags, job_key, job_key_mode,\n  catch_up as \"catch_up!\", catch_up_window::text as \"catch_up_window!\", enabled as \"enabled!\", source,\n  last_fire_at, next_fire_at, last_job_id, created_at as \"created_at!\", updated_at as \"updated_at!\"\nfrom graphile_worker.resume_schedule(:id!::text)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
 *   payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
 *   catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
 *   last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
 * from graphile_worker.resume_schedule(:id!::text)
 * ```
 */
export const resumeSchedule = new PreparedQuery<IResumeScheduleParams,IResumeScheduleResult>(resumeScheduleIR);


/** 'TriggerSchedule' parameters type */
export interface ITriggerScheduleParams {
  id: string;
}

/** 'TriggerSchedule' return type */
export interface ITriggerScheduleResult {
  attempts: number;
  created_at: Date;
  flags: unknown | null;
  id: string;
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  max_attempts: number;
  payload: unknown;
  priority: number;
  queue_name: string | null;
  revision: number;
  run_at: Date;
  task_identifier: string;
  updated_at: Date;
}

/** 'TriggerSchedule' query type */
export interface ITriggerScheduleQuery {
  params: ITriggerScheduleParams;
  result: ITriggerScheduleResult;
}

const triggerScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":372,"b":375}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.trigger_schedule(:id!::text)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.trigger_schedule(:id!::text)
 * ```
 */
export const triggerSchedule = new PreparedQuery<ITriggerScheduleParams,ITriggerScheduleResult>(triggerScheduleIR);


/** 'PreviewSchedule' parameters type */
export interface IPreviewScheduleParams {
  cron: string;
  fromTime?: DateOrString | null | void;
  n?: number | null | void;
  timeZone?: string | null | void;
}

/** 'PreviewSchedule' return type */
export interface IPreviewScheduleResult {
  fire_at: Date;
  local_time: string;
}

/** 'PreviewSchedule' query type */
export interface IPreviewScheduleQuery {
  params: IPreviewScheduleParams;
  result: IPreviewScheduleResult;
}

const previewScheduleIR: any = {"usedParamSet":{"cron":true,"timeZone":true,"fromTime":true,"n":true},"params":[{"name":"cron","required":true,"transform":{"type":"scalar"},"locs":[{"a":147,"b":152}]},{"name":"timeZone","required":false,"transform":{"type":"scalar"},"locs":[{"a":185,"b":193}]},{"name":"fromTime","required":false,"transform":{"type":"scalar"},"locs":[{"a":234,"b":242}]},{"name":"n","required":false,"transform":{"type":"scalar"},"locs":[{"a":282,"b":283}]}],"statement":"select\n  fire_at as \"fire_at!\",\n  to_char(local_time, 'YYYY-MM-DD\"T\"HH24:MI:SS') as \"local_time!\"\nfrom graphile_worker.preview_schedule(\n  cron := :cron!::text,\n  time_zone := coalesce(:timeZone::text, 'UTC'),\n  from_time := coalesce(:fromTime::timestamptz, now()),\n  n := coalesce(:n::integer, 10)\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   fire_at as "fire_at!",
 *   to_char(local_time, 'YYYY-MM-DD"T"HH24:MI:SS') as "local_time!"
 * from graphile_worker.preview_schedule(
 *   cron := :cron!::text,
 *   time_zone := coalesce(:timeZone::text, 'UTC'),
 *   from_time := coalesce(:fromTime::timestamptz, now()),
 *   n := coalesce(:n::integer, 10)
 * )
 * ```
 */
export const previewSchedule = new PreparedQuery<IPreviewScheduleParams,IPreviewScheduleResult>(previewScheduleIR);


/** 'TickSchedules' parameters type */
export interface ITickSchedulesParams {
  now?: DateOrString | null | void;
}

/** 'TickSchedules' return type */
export interface ITickSchedulesResult {
  attempts: number;
  backfilled: boolean;
  created_at: Date;
  fire_at: Date;
  flags: unknown | null;
  id: string;
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  max_attempts: number;
  payload: unknown;
  priority: number;
  queue_name: string | null;
  revision: number;
  run_at: Date;
  schedule_id: string;
  task_identifier: string;
  updated_at: Date;
}

/** 'TickSchedules' query type */
export interface ITickSchedulesQuery {
  params: ITickSchedulesParams;
  result: ITickSchedulesResult;
}

const tickSchedulesIR: any = {"usedParamSet":{"now":true},"params":[{"name":"now","required":false,"transform":{"type":"scalar"},"locs":[{"a":464,"b":467}]}],"statement":"select\n  schedule_id as \"schedule_id!\", fire_at as \"fire_at!\", backfilled as \"backfilled!\",\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.tick_schedules(coalesce(:now::timestamptz, now()))"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   schedule_id as "schedule_id!", fire_at as "fire_at!", backfilled as "backfilled!",
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.tick_schedules(coalesce(:now::timestamptz, now()))
 * ```
 */
export const tickSchedules = new PreparedQuery<ITickSchedulesParams,ITickSchedulesResult>(tickSchedulesIR);


/** 'SyncCrontab' parameters type */
export interface ISyncCrontabParams {
  items: string;
  source: string;
}

/** 'SyncCrontab' return type */
export interface ISyncCrontabResult {
  change: string;
  id: string;
}

/** 'SyncCrontab' query type */
export interface ISyncCrontabQuery {
  params: ISyncCrontabParams;
  result: ISyncCrontabResult;
}

const syncCrontabIR: any = {"usedParamSet":{"source":true,"items":true},"params":[{"name":"source","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":81}]},{"name":"items","required":true,"transform":{"type":"scalar"},"locs":[{"a":90,"b":96}]}],"statement":"select id as \"id!\", change as \"change!\"\nfrom graphile_worker.sync_crontab(:source!::text, :items!::json)"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!", change as "change!"
 * from graphile_worker.sync_crontab(:source!::text, :items!::json)
 * ```
 */
export const syncCrontab = new PreparedQuery<ISyncCrontabParams,ISyncCrontabResult>(syncCrontabIR);


/** 'ListSchedules' parameters type */
export interface IListSchedulesParams {
  id?: string | null | void;
}

/** 'ListSchedules' return type */
export interface IListSchedulesResult {
  catch_up: string;
  catch_up_window: string;
  created_at: Date;
  cron: string;
  enabled: boolean;
  flags: stringArray | null;
  id: string;
  job_key: string | null;
  job_key_mode: string | null;
  last_fire_at: Date | null;
  last_job_id: string | null;
  last_job_state: string | null;
  max_attempts: number | null;
  next_fire_at: Date | null;
  payload: unknown;
  priority: number | null;
  queue_name: string | null;
  source: string | null;
  task_identifier: string;
  time_zone: string;
  updated_at: Date;
}

/** 'ListSchedules' query type */
export interface IListSchedulesQuery {
  params: IListSchedulesParams;
  result: IListSchedulesResult;
}

const listSchedulesIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":false,"transform":{"type":"scalar"},"locs":[{"a":966,"b":968},{"a":1002,"b":1004}]}],"statement":"select\n  schedules.id as \"id!\", schedules.cron as \"cron!\", schedules.time_zone as \"time_zone!\",\n  schedules.task_identifier as \"task_identifier!\", schedules.payload as \"payload!\", schedules.queue_name,\n  schedules.priority, schedules.max_attempts, schedules.flags, schedules.job_key, schedules.job_key_mode,\n  schedules.catch_up as \"catch_up!\", schedules.catch_up_window::text as \"catch_up_window!\",\n  schedules.enabled as \"enabled!\", schedules.source, schedules.last_fire_at, schedules.next_fire_at,\n  schedules.last_job_id, schedules.created_at as \"created_at!\", schedules.updated_at as \"updated_at!\",\n  case\n    when jobs.id is null then null\n    when jobs.locked_at is not null then 'locked'\n    when jobs.attempts >= jobs.max_attempts then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as last_job_state\nfrom graphile_worker.schedules as schedules\nleft join graphile_worker.jobs as jobs on jobs.id = schedules.last_job_id\nwhere :id::text is null or schedules.id = :id::text\norder by schedules.id"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   schedules.id as "id!", schedules.cron as "cron!", schedules.time_zone as "time_zone!",
 *   schedules.task_identifier as "task_identifier!", schedules.payload as "payload!", schedules.queue_name,
 *   schedules.priority, schedules.max_attempts, schedules.flags, schedules.job_key, schedules.job_key_mode,
 *   schedules.catch_up as "catch_up!", schedules.catch_up_window::text as "catch_up_window!",
 *   schedules.enabled as "enabled!", schedules.source, schedules.last_fire_at, schedules.next_fire_at,
 *   schedules.last_job_id, schedules.created_at as "created_at!", schedules.updated_at as "updated_at!",
 *   case
 *     when jobs.id is null then null
 *     when jobs.locked_at is not null then 'locked'
 *     when jobs.attempts >= jobs.max_attempts then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as last_job_state
 * from graphile_worker.schedules as schedules
 * left join graphile_worker.jobs as jobs on jobs.id = schedules.last_job_id
 * where :id::text is null or schedules.id = :id::text
 * order by schedules.id
 * ```
 */
export const listSchedules = new PreparedQuery<IListSchedulesParams,IListSchedulesResult>(listSchedulesIR);


