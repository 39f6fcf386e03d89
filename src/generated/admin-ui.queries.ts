/** Types generated for queries found in "sql/queries/admin-ui.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'JobCounts' parameters type */
export type IJobCountsParams = void;

/** 'JobCounts' return type */
export interface IJobCountsResult {
  count: number;
  queue_name: string | null;
  state: string;
  task_identifier: string;
}

/** 'JobCounts' query type */
export interface IJobCountsQuery {
  params: IJobCountsParams;
  result: IJobCountsResult;
}

const jobCountsIR: any = {"usedParamSet":{},"params":[],"statement":"select\n  jobs.task_identifier as \"task_identifier!\", jobs.queue_name, state.name as \"state!\",\n  count(*)::integer as \"count!\"\nfrom graphile_worker.jobs as jobs\ncross join lateral (\n  select case\n    when jobs.locked_at is not null then 'running'\n    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'\n    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as name\n) as state\ngroup by jobs.task_identifier, jobs.queue_name, state.name\norder by jobs.task_identifier, jobs.queue_name, state.name"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.task_identifier as "task_identifier!", jobs.queue_name, state.name as "state!",
 *   count(*)::integer as "count!"
 * from graphile_worker.jobs as jobs
 * cross join lateral (
 *   select case
 *     when jobs.locked_at is not null then 'running'
 *     when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
 *     when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as name
 * ) as state
 * group by jobs.task_identifier, jobs.queue_name, state.name
 * order by jobs.task_identifier, jobs.queue_name, state.name
 * ```
 */
export const jobCounts = new PreparedQuery<IJobCountsParams,IJobCountsResult>(jobCountsIR);


/** 'ListJobs' parameters type */
export interface IListJobsParams {
  afterId?: string | null | void;
  pageSize: number;
  queueName?: string | null | void;
  search?: string | null | void;
  state?: string | null | void;
  taskIdentifier?: string | null | void;
}

/** 'ListJobs' return type */
export interface IListJobsResult {
  /** Attempts started so far; a job with attempts = max_attempts is permanently failed. */
  attempts: number;
  created_at: Date;
  /** The job's flags as a set: an object whose keys are the flags. */
  flags: unknown | null;
  id: string;
  /** Job key: adding a job with an existing key updates or replaces that job. */
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  /** The worker id running this job. */
  locked_by: string | null;
  max_attempts: number;
  /** Lower runs first. */
  priority: number;
  /** Jobs of one named queue run one at a time, in order; null runs in parallel with everything. */
  queue_name: string | null;
  /** How many times the job was updated by a keyed add. */
  revision: number;
  run_at: Date;
  state: string;
  task_identifier: string;
}

/** 'ListJobs' query type */
export interface IListJobsQuery {
  params: IListJobsParams;
  result: IListJobsResult;
}

const listJobsIR: any = {"usedParamSet":{"state":true,"taskIdentifier":true,"queueName":true,"afterId":true,"search":true,"pageSize":true},"params":[{"name":"state","required":false,"transform":{"type":"scalar"},"locs":[{"a":752,"b":757},{"a":789,"b":794}]},{"name":"taskIdentifier","required":false,"transform":{"type":"scalar"},"locs":[{"a":810,"b":824},{"a":866,"b":880}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":896,"b":905},{"a":942,"b":951}]},{"name":"afterId","required":false,"transform":{"type":"scalar"},"locs":[{"a":967,"b":974},{"a":1005,"b":1012}]},{"name":"search","required":false,"transform":{"type":"scalar"},"locs":[{"a":1035,"b":1041},{"a":1080,"b":1086},{"a":1130,"b":1136},{"a":1194,"b":1200},{"a":1251,"b":1257},{"a":1315,"b":1321},{"a":1368,"b":1374}]},{"name":"pageSize","required":true,"transform":{"type":"scalar"},"locs":[{"a":1419,"b":1428}]}],"statement":"select\n  jobs.id::text as \"id!\", jobs.queue_name, jobs.task_identifier as \"task_identifier!\",\n  jobs.priority as \"priority!\", jobs.run_at as \"run_at!\", jobs.attempts as \"attempts!\",\n  jobs.max_attempts as \"max_attempts!\", jobs.last_error, jobs.created_at as \"created_at!\",\n  jobs.key, jobs.locked_at, jobs.locked_by, jobs.revision as \"revision!\", jobs.flags,\n  state.name as \"state!\"\nfrom graphile_worker._private_jobs as jobs\ncross join lateral (\n  select case\n    when jobs.locked_at is not null then 'running'\n    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'\n    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as name\n) as state\nwhere (:state::text is null or state.name = :state::text)\n  and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)\n  and (:queueName::text is null or jobs.queue_name = :queueName::text)\n  and (:afterId::bigint is null or jobs.id < :afterId::bigint)\n  and (\n    :search::text is null\n    or jobs.id::text = :search::text\n    or strpos(jobs.task_identifier, :search::text) > 0\n    or strpos(coalesce(jobs.queue_name, ''), :search::text) > 0\n    or strpos(coalesce(jobs.key, ''), :search::text) > 0\n    or strpos(coalesce(jobs.last_error, ''), :search::text) > 0\n    or strpos(jobs.payload::text, :search::text) > 0\n  )\norder by jobs.id desc\nlimit :pageSize!::integer"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.id::text as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
 *   jobs.priority as "priority!", jobs.run_at as "run_at!", jobs.attempts as "attempts!",
 *   jobs.max_attempts as "max_attempts!", jobs.last_error, jobs.created_at as "created_at!",
 *   jobs.key, jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
 *   state.name as "state!"
 * from graphile_worker._private_jobs as jobs
 * cross join lateral (
 *   select case
 *     when jobs.locked_at is not null then 'running'
 *     when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
 *     when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as name
 * ) as state
 * where (:state::text is null or state.name = :state::text)
 *   and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)
 *   and (:queueName::text is null or jobs.queue_name = :queueName::text)
 *   and (:afterId::bigint is null or jobs.id < :afterId::bigint)
 *   and (
 *     :search::text is null
 *     or jobs.id::text = :search::text
 *     or strpos(jobs.task_identifier, :search::text) > 0
 *     or strpos(coalesce(jobs.queue_name, ''), :search::text) > 0
 *     or strpos(coalesce(jobs.key, ''), :search::text) > 0
 *     or strpos(coalesce(jobs.last_error, ''), :search::text) > 0
 *     or strpos(jobs.payload::text, :search::text) > 0
 *   )
 * order by jobs.id desc
 * limit :pageSize!::integer
 * ```
 */
export const listJobs = new PreparedQuery<IListJobsParams,IListJobsResult>(listJobsIR);


/** 'CountJobs' parameters type */
export interface ICountJobsParams {
  queueName?: string | null | void;
  search?: string | null | void;
  state?: string | null | void;
  taskIdentifier?: string | null | void;
}

/** 'CountJobs' return type */
export interface ICountJobsResult {
  count: number;
}

/** 'CountJobs' query type */
export interface ICountJobsQuery {
  params: ICountJobsParams;
  result: ICountJobsResult;
}

const countJobsIR: any = {"usedParamSet":{"state":true,"taskIdentifier":true,"queueName":true,"search":true},"params":[{"name":"state","required":false,"transform":{"type":"scalar"},"locs":[{"a":405,"b":410},{"a":442,"b":447}]},{"name":"taskIdentifier","required":false,"transform":{"type":"scalar"},"locs":[{"a":463,"b":477},{"a":519,"b":533}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":549,"b":558},{"a":595,"b":604}]},{"name":"search","required":false,"transform":{"type":"scalar"},"locs":[{"a":625,"b":631},{"a":670,"b":676},{"a":720,"b":726},{"a":784,"b":790},{"a":841,"b":847},{"a":905,"b":911},{"a":958,"b":964}]}],"statement":"select count(*)::integer as \"count!\"\nfrom graphile_worker._private_jobs as jobs\ncross join lateral (\n  select case\n    when jobs.locked_at is not null then 'running'\n    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'\n    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as name\n) as state\nwhere (:state::text is null or state.name = :state::text)\n  and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)\n  and (:queueName::text is null or jobs.queue_name = :queueName::text)\n  and (\n    :search::text is null\n    or jobs.id::text = :search::text\n    or strpos(jobs.task_identifier, :search::text) > 0\n    or strpos(coalesce(jobs.queue_name, ''), :search::text) > 0\n    or strpos(coalesce(jobs.key, ''), :search::text) > 0\n    or strpos(coalesce(jobs.last_error, ''), :search::text) > 0\n    or strpos(jobs.payload::text, :search::text) > 0\n  )"};

/**
 * Query generated from SQL:
 * ```
 * select count(*)::integer as "count!"
 * from graphile_worker._private_jobs as jobs
 * cross join lateral (
 *   select case
 *     when jobs.locked_at is not null then 'running'
 *     when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
 *     when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as name
 * ) as state
 * where (:state::text is null or state.name = :state::text)
 *   and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)
 *   and (:queueName::text is null or jobs.queue_name = :queueName::text)
 *   and (
 *     :search::text is null
 *     or jobs.id::text = :search::text
 *     or strpos(jobs.task_identifier, :search::text) > 0
 *     or strpos(coalesce(jobs.queue_name, ''), :search::text) > 0
 *     or strpos(coalesce(jobs.key, ''), :search::text) > 0
 *     or strpos(coalesce(jobs.last_error, ''), :search::text) > 0
 *     or strpos(jobs.payload::text, :search::text) > 0
 *   )
 * ```
 */
export const countJobs = new PreparedQuery<ICountJobsParams,ICountJobsResult>(countJobsIR);


/** 'GetJob' parameters type */
export interface IGetJobParams {
  id: string;
}

/** 'GetJob' return type */
export interface IGetJobResult {
  /** Attempts started so far; a job with attempts = max_attempts is permanently failed. */
  attempts: number;
  created_at: Date;
  /** The job's flags as a set: an object whose keys are the flags. */
  flags: unknown | null;
  id: string;
  /** Job key: adding a job with an existing key updates or replaces that job. */
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  /** The worker id running this job. */
  locked_by: string | null;
  max_attempts: number;
  payload_text: string;
  /** Lower runs first. */
  priority: number;
  /** Jobs of one named queue run one at a time, in order; null runs in parallel with everything. */
  queue_name: string | null;
  /** How many times the job was updated by a keyed add. */
  revision: number;
  run_at: Date;
  state: string;
  task_identifier: string;
  updated_at: Date;
}

/** 'GetJob' query type */
export interface IGetJobQuery {
  params: IGetJobParams;
  result: IGetJobResult;
}

const getJobIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":776,"b":779}]}],"statement":"select\n  jobs.id::text as \"id!\", jobs.queue_name, jobs.task_identifier as \"task_identifier!\",\n  jobs.payload::text as \"payload_text!\", jobs.priority as \"priority!\", jobs.run_at as \"run_at!\",\n  jobs.attempts as \"attempts!\", jobs.max_attempts as \"max_attempts!\", jobs.last_error,\n  jobs.created_at as \"created_at!\", jobs.updated_at as \"updated_at!\", jobs.key,\n  jobs.locked_at, jobs.locked_by, jobs.revision as \"revision!\", jobs.flags,\n  case\n    when jobs.locked_at is not null then 'running'\n    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'\n    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as \"state!\"\nfrom graphile_worker._private_jobs as jobs\nwhere jobs.id = :id!::bigint"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.id::text as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
 *   jobs.payload::text as "payload_text!", jobs.priority as "priority!", jobs.run_at as "run_at!",
 *   jobs.attempts as "attempts!", jobs.max_attempts as "max_attempts!", jobs.last_error,
 *   jobs.created_at as "created_at!", jobs.updated_at as "updated_at!", jobs.key,
 *   jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
 *   case
 *     when jobs.locked_at is not null then 'running'
 *     when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
 *     when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as "state!"
 * from graphile_worker._private_jobs as jobs
 * where jobs.id = :id!::bigint
 * ```
 */
export const getJob = new PreparedQuery<IGetJobParams,IGetJobResult>(getJobIR);


/** 'OldestWaiting' parameters type */
export type IOldestWaitingParams = void;

/** 'OldestWaiting' return type */
export interface IOldestWaitingResult {
  id: string;
  run_at: Date;
  task_identifier: string;
  waiting_seconds: number;
}

/** 'OldestWaiting' query type */
export interface IOldestWaitingQuery {
  params: IOldestWaitingParams;
  result: IOldestWaitingResult;
}

const oldestWaitingIR: any = {"usedParamSet":{},"params":[],"statement":"select jobs.id::text as \"id!\", jobs.task_identifier as \"task_identifier!\", jobs.run_at as \"run_at!\",\n  extract(epoch from now() - jobs.run_at)::float8 as \"waiting_seconds!\"\nfrom graphile_worker.jobs as jobs\nwhere jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()\norder by jobs.run_at, jobs.id\nlimit 1"};

/**
 * Query generated from SQL:
 * ```
 * select jobs.id::text as "id!", jobs.task_identifier as "task_identifier!", jobs.run_at as "run_at!",
 *   extract(epoch from now() - jobs.run_at)::float8 as "waiting_seconds!"
 * from graphile_worker.jobs as jobs
 * where jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()
 * order by jobs.run_at, jobs.id
 * limit 1
 * ```
 */
export const oldestWaiting = new PreparedQuery<IOldestWaitingParams,IOldestWaitingResult>(oldestWaitingIR);


/** 'Throughput' parameters type */
export interface IThroughputParams {
  minutes: number;
}

/** 'Throughput' return type */
export interface IThroughputResult {
  completed: number;
  failed: number;
  minute: Date;
}

/** 'Throughput' query type */
export interface IThroughputQuery {
  params: IThroughputParams;
  result: IThroughputResult;
}

const throughputIR: any = {"usedParamSet":{"minutes":true},"params":[{"name":"minutes","required":true,"transform":{"type":"scalar"},"locs":[{"a":239,"b":247}]}],"statement":"select throughput.minute as \"minute!\", throughput.completed::integer as \"completed!\",\n  throughput.failed::integer as \"failed!\"\nfrom graphile_worker._private_throughput as throughput\nwhere throughput.minute > now() - make_interval(mins => :minutes!::integer)\norder by throughput.minute"};

/**
 * Query generated from SQL:
 * ```
 * select throughput.minute as "minute!", throughput.completed::integer as "completed!",
 *   throughput.failed::integer as "failed!"
 * from graphile_worker._private_throughput as throughput
 * where throughput.minute > now() - make_interval(mins => :minutes!::integer)
 * order by throughput.minute
 * ```
 */
export const throughput = new PreparedQuery<IThroughputParams,IThroughputResult>(throughputIR);


/** 'ListQueues' parameters type */
export type IListQueuesParams = void;

/** 'ListQueues' return type */
export interface IListQueuesResult {
  head_job_id: string | null;
  locked_at: Date | null;
  /** The worker id running this queue's current job. */
  locked_by: string | null;
  paused: boolean;
  queue_name: string;
  running: number;
  waiting: number;
}

/** 'ListQueues' query type */
export interface IListQueuesQuery {
  params: IListQueuesParams;
  result: IListQueuesResult;
}

const listQueuesIR: any = {"usedParamSet":{},"params":[],"statement":"select\n  queues.queue_name as \"queue_name!\",\n  (count(jobs.id) filter (where jobs.locked_at is null and jobs.attempts < jobs.max_attempts))::integer as \"waiting!\",\n  (count(jobs.id) filter (where jobs.locked_at is not null))::integer as \"running!\",\n  queues.locked_by, queues.locked_at, false as \"paused!\",\n  (min(jobs.id) filter (where jobs.locked_at is null and jobs.attempts < jobs.max_attempts))::text as head_job_id\nfrom graphile_worker._private_job_queues as queues\nleft join graphile_worker.jobs as jobs on jobs.queue_name = queues.queue_name\ngroup by queues.queue_name, queues.locked_by, queues.locked_at\norder by queues.queue_name"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   queues.queue_name as "queue_name!",
 *   (count(jobs.id) filter (where jobs.locked_at is null and jobs.attempts < jobs.max_attempts))::integer as "waiting!",
 *   (count(jobs.id) filter (where jobs.locked_at is not null))::integer as "running!",
 *   queues.locked_by, queues.locked_at, false as "paused!",
 *   (min(jobs.id) filter (where jobs.locked_at is null and jobs.attempts < jobs.max_attempts))::text as head_job_id
 * from graphile_worker._private_job_queues as queues
 * left join graphile_worker.jobs as jobs on jobs.queue_name = queues.queue_name
 * group by queues.queue_name, queues.locked_by, queues.locked_at
 * order by queues.queue_name
 * ```
 */
export const listQueues = new PreparedQuery<IListQueuesParams,IListQueuesResult>(listQueuesIR);


/** 'ListSchedules' parameters type */
export type IListSchedulesParams = void;

/** 'ListSchedules' return type */
export interface IListSchedulesResult {
  cron: string;
  enabled: boolean;
  id: string;
  last_fire_at: Date | null;
  last_job_id: string | null;
  next_fire_at: Date | null;
  queue_name: string | null;
  source: string | null;
  task_identifier: string;
  time_zone: string;
}

/** 'ListSchedules' query type */
export interface IListSchedulesQuery {
  params: IListSchedulesParams;
  result: IListSchedulesResult;
}

const listSchedulesIR: any = {"usedParamSet":{},"params":[],"statement":"select\n  schedules.id as \"id!\", schedules.cron as \"cron!\", schedules.time_zone as \"time_zone!\",\n  schedules.task_identifier as \"task_identifier!\", schedules.queue_name,\n  schedules.enabled as \"enabled!\", schedules.source, schedules.last_fire_at,\n  schedules.next_fire_at, schedules.last_job_id::text as last_job_id\nfrom graphile_worker.schedules as schedules\norder by schedules.id"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   schedules.id as "id!", schedules.cron as "cron!", schedules.time_zone as "time_zone!",
 *   schedules.task_identifier as "task_identifier!", schedules.queue_name,
 *   schedules.enabled as "enabled!", schedules.source, schedules.last_fire_at,
 *   schedules.next_fire_at, schedules.last_job_id::text as last_job_id
 * from graphile_worker.schedules as schedules
 * order by schedules.id
 * ```
 */
export const listSchedules = new PreparedQuery<IListSchedulesParams,IListSchedulesResult>(listSchedulesIR);


/** 'PauseSchedule' parameters type */
export interface IPauseScheduleParams {
  id: string;
}

/** 'PauseSchedule' return type */
export interface IPauseScheduleResult {
  enabled: boolean;
  id: string;
}

/** 'PauseSchedule' query type */
export interface IPauseScheduleQuery {
  params: IPauseScheduleParams;
  result: IPauseScheduleResult;
}

const pauseScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":98,"b":101}]}],"statement":"select schedules.id as \"id!\", schedules.enabled as \"enabled!\"\nfrom graphile_worker.pause_schedule(:id!::text) as schedules"};

/**
 * Query generated from SQL:
 * ```
 * select schedules.id as "id!", schedules.enabled as "enabled!"
 * from graphile_worker.pause_schedule(:id!::text) as schedules
 * ```
 */
export const pauseSchedule = new PreparedQuery<IPauseScheduleParams,IPauseScheduleResult>(pauseScheduleIR);


/** 'ResumeSchedule' parameters type */
export interface IResumeScheduleParams {
  id: string;
}

/** 'ResumeSchedule' return type */
export interface IResumeScheduleResult {
  enabled: boolean;
  id: string;
}

/** 'ResumeSchedule' query type */
export interface IResumeScheduleQuery {
  params: IResumeScheduleParams;
  result: IResumeScheduleResult;
}

const resumeScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":99,"b":102}]}],"statement":"select schedules.id as \"id!\", schedules.enabled as \"enabled!\"\nfrom graphile_worker.resume_schedule(:id!::text) as schedules"};

/**
 * Query generated from SQL:
 * ```
 * select schedules.id as "id!", schedules.enabled as "enabled!"
 * from graphile_worker.resume_schedule(:id!::text) as schedules
 * ```
 */
export const resumeSchedule = new PreparedQuery<IResumeScheduleParams,IResumeScheduleResult>(resumeScheduleIR);


/** 'TriggerSchedule' parameters type */
export interface ITriggerScheduleParams {
  id: string;
}

/** 'TriggerSchedule' return type */
export interface ITriggerScheduleResult {
  id: string;
}

/** 'TriggerSchedule' query type */
export interface ITriggerScheduleQuery {
  params: ITriggerScheduleParams;
  result: ITriggerScheduleResult;
}

const triggerScheduleIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":67,"b":70}]}],"statement":"select job.id::text as \"id!\"\nfrom graphile_worker.trigger_schedule(:id!::text) as job"};

/**
 * Query generated from SQL:
 * ```
 * select job.id::text as "id!"
 * from graphile_worker.trigger_schedule(:id!::text) as job
 * ```
 */
export const triggerSchedule = new PreparedQuery<ITriggerScheduleParams,ITriggerScheduleResult>(triggerScheduleIR);


/** 'AppliedMigrations' parameters type */
export type IAppliedMigrationsParams = void;

/** 'AppliedMigrations' return type */
export interface IAppliedMigrationsResult {
  applied_at: Date;
  id: number;
  name: string;
}

/** 'AppliedMigrations' query type */
export interface IAppliedMigrationsQuery {
  params: IAppliedMigrationsParams;
  result: IAppliedMigrationsResult;
}

const appliedMigrationsIR: any = {"usedParamSet":{},"params":[],"statement":"select migrations.id as \"id!\", migrations.name as \"name!\", migrations.applied_at as \"applied_at!\"\nfrom graphile_worker.migrations as migrations\norder by migrations.id"};

/**
 * Query generated from SQL:
 * ```
 * select migrations.id as "id!", migrations.name as "name!", migrations.applied_at as "applied_at!"
 * from graphile_worker.migrations as migrations
 * order by migrations.id
 * ```
 */
export const appliedMigrations = new PreparedQuery<IAppliedMigrationsParams,IAppliedMigrationsResult>(appliedMigrationsIR);


