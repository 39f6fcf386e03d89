/** Types generated for queries found in "sql/queries/admin-ui.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'JobCounts' parameters type */
export type IJobCountsParams = void;

/** 'JobCounts' return type */
export interface IJobCountsResult {
  count: number;
  estimated: boolean;
  queue_name: string | null;
  state: string;
  task_identifier: string;
}

/** 'JobCounts' query type */
export interface IJobCountsQuery {
  params: IJobCountsParams;
  result: IJobCountsResult;
}

const jobCountsIR: any = {"usedParamSet":{},"params":[],"statement":"select counts.task_identifier as \"task_identifier!\", counts.queue_name, counts.state as \"state!\",\n  counts.count::integer as \"count!\", counts.estimated as \"estimated!\"\nfrom graphile_worker.job_counts() as counts\norder by counts.task_identifier, counts.queue_name, counts.state"};

/**
 * Query generated from SQL:
 * ```
 * select counts.task_identifier as "task_identifier!", counts.queue_name, counts.state as "state!",
 *   counts.count::integer as "count!", counts.estimated as "estimated!"
 * from graphile_worker.job_counts() as counts
 * order by counts.task_identifier, counts.queue_name, counts.state
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
  attempts: number | null;
  created_at: Date | null;
  flags: unknown | null;
  id: string;
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  max_attempts: number | null;
  priority: number | null;
  queue_name: string | null;
  revision: number | null;
  run_at: Date | null;
  state: string;
  task_identifier: string | null;
}

/** 'ListJobs' query type */
export interface IListJobsQuery {
  params: IListJobsParams;
  result: IListJobsResult;
}

const listJobsIR: any = {"usedParamSet":{"state":true,"taskIdentifier":true,"queueName":true,"search":true,"afterId":true,"pageSize":true},"params":[{"name":"state","required":false,"transform":{"type":"scalar"},"locs":[{"a":307,"b":312}]},{"name":"taskIdentifier","required":false,"transform":{"type":"scalar"},"locs":[{"a":342,"b":356}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":381,"b":390}]},{"name":"search","required":false,"transform":{"type":"scalar"},"locs":[{"a":411,"b":417}]},{"name":"afterId","required":false,"transform":{"type":"scalar"},"locs":[{"a":440,"b":447}]},{"name":"pageSize","required":true,"transform":{"type":"scalar"},"locs":[{"a":473,"b":482}]}],"statement":"select\n  jobs.id::text as \"id!\", jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at,\n  jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.key, jobs.locked_at,\n  jobs.locked_by, jobs.revision, jobs.flags, jobs.state as \"state!\"\nfrom graphile_worker.list_jobs(\n  state := :state::text,\n  task_identifier := :taskIdentifier::text,\n  queue_name := :queueName::text,\n  search := :search::text,\n  after_id := :afterId::bigint,\n  page_size := :pageSize!::integer\n) as jobs"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.id::text as "id!", jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at,
 *   jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.key, jobs.locked_at,
 *   jobs.locked_by, jobs.revision, jobs.flags, jobs.state as "state!"
 * from graphile_worker.list_jobs(
 *   state := :state::text,
 *   task_identifier := :taskIdentifier::text,
 *   queue_name := :queueName::text,
 *   search := :search::text,
 *   after_id := :afterId::bigint,
 *   page_size := :pageSize!::integer
 * ) as jobs
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

const countJobsIR: any = {"usedParamSet":{"state":true,"taskIdentifier":true,"queueName":true,"search":true},"params":[{"name":"state","required":false,"transform":{"type":"scalar"},"locs":[{"a":209,"b":214},{"a":336,"b":341}]},{"name":"taskIdentifier","required":false,"transform":{"type":"scalar"},"locs":[{"a":357,"b":371},{"a":413,"b":427}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":443,"b":452},{"a":489,"b":498}]},{"name":"search","required":false,"transform":{"type":"scalar"},"locs":[{"a":519,"b":525},{"a":564,"b":570},{"a":627,"b":633},{"a":691,"b":697},{"a":748,"b":754},{"a":812,"b":818},{"a":879,"b":885}]}],"statement":"-- How many jobs list_jobs would list for a filter (its predicates), for the\n-- confirmation of an action on all of them.\nselect count(*)::integer as \"count!\"\nfrom graphile_worker._private_jobs as jobs\nwhere (:state::text is null\n    or graphile_worker._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, now()) = :state::text)\n  and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)\n  and (:queueName::text is null or jobs.queue_name = :queueName::text)\n  and (\n    :search::text is null\n    or jobs.id::text = :search::text\n    or strpos(lower(jobs.task_identifier), lower(:search::text)) > 0\n    or strpos(lower(jobs.queue_name), lower(:search::text)) > 0\n    or strpos(lower(jobs.key), lower(:search::text)) > 0\n    or strpos(lower(jobs.last_error), lower(:search::text)) > 0\n    or strpos(lower(jobs.payload::text), lower(:search::text)) > 0\n  )"};

/**
 * Query generated from SQL:
 * ```
 * -- How many jobs list_jobs would list for a filter (its predicates), for the
 * -- confirmation of an action on all of them.
 * select count(*)::integer as "count!"
 * from graphile_worker._private_jobs as jobs
 * where (:state::text is null
 *     or graphile_worker._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, now()) = :state::text)
 *   and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)
 *   and (:queueName::text is null or jobs.queue_name = :queueName::text)
 *   and (
 *     :search::text is null
 *     or jobs.id::text = :search::text
 *     or strpos(lower(jobs.task_identifier), lower(:search::text)) > 0
 *     or strpos(lower(jobs.queue_name), lower(:search::text)) > 0
 *     or strpos(lower(jobs.key), lower(:search::text)) > 0
 *     or strpos(lower(jobs.last_error), lower(:search::text)) > 0
 *     or strpos(lower(jobs.payload::text), lower(:search::text)) > 0
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
  attempts: number;
  created_at: Date;
  flags: unknown | null;
  id: string;
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  max_attempts: number;
  payload_text: string;
  priority: number;
  queue_name: string | null;
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

const getJobIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":469,"b":472}]}],"statement":"select\n  job.id::text as \"id!\", job.queue_name, job.task_identifier as \"task_identifier!\",\n  job.payload::text as \"payload_text!\", job.priority as \"priority!\", job.run_at as \"run_at!\",\n  job.attempts as \"attempts!\", job.max_attempts as \"max_attempts!\", job.last_error,\n  job.created_at as \"created_at!\", job.updated_at as \"updated_at!\", job.key,\n  job.locked_at, job.locked_by, job.revision as \"revision!\", job.flags, job.state as \"state!\"\nfrom graphile_worker.get_job(:id!::bigint) as job"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   job.id::text as "id!", job.queue_name, job.task_identifier as "task_identifier!",
 *   job.payload::text as "payload_text!", job.priority as "priority!", job.run_at as "run_at!",
 *   job.attempts as "attempts!", job.max_attempts as "max_attempts!", job.last_error,
 *   job.created_at as "created_at!", job.updated_at as "updated_at!", job.key,
 *   job.locked_at, job.locked_by, job.revision as "revision!", job.flags, job.state as "state!"
 * from graphile_worker.get_job(:id!::bigint) as job
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
  locked_by: string | null;
  paused: boolean;
  queue_name: string;
  running: number;
  waiting: number;
  waiting_capped: boolean;
}

/** 'ListQueues' query type */
export interface IListQueuesQuery {
  params: IListQueuesParams;
  result: IListQueuesResult;
}

const listQueuesIR: any = {"usedParamSet":{},"params":[],"statement":"select\n  queues.queue_name as \"queue_name!\", queues.waiting::integer as \"waiting!\", queues.running::integer as \"running!\",\n  queues.locked_by, queues.locked_at, queues.paused as \"paused!\", queues.head_job_id::text as head_job_id,\n  queues.waiting_capped as \"waiting_capped!\"\nfrom graphile_worker.list_queues() as queues\norder by queues.queue_name"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   queues.queue_name as "queue_name!", queues.waiting::integer as "waiting!", queues.running::integer as "running!",
 *   queues.locked_by, queues.locked_at, queues.paused as "paused!", queues.head_job_id::text as head_job_id,
 *   queues.waiting_capped as "waiting_capped!"
 * from graphile_worker.list_queues() as queues
 * order by queues.queue_name
 * ```
 */
export const listQueues = new PreparedQuery<IListQueuesParams,IListQueuesResult>(listQueuesIR);


/** 'ListWorkers' parameters type */
export interface IListWorkersParams {
  thresholdSeconds: number;
}

/** 'ListWorkers' return type */
export interface IListWorkersResult {
  heartbeat_interval_seconds: number | null;
  is_stale: boolean;
  jobs_locked: number;
  last_heartbeat_at: Date | null;
  metadata: unknown | null;
  oldest_locked_at: Date | null;
  queues_locked: number;
  registered: boolean;
  started_at: Date | null;
  stopped_at: Date | null;
  worker_id: string;
}

/** 'ListWorkers' query type */
export interface IListWorkersQuery {
  params: IListWorkersParams;
  result: IListWorkersResult;
}

const listWorkersIR: any = {"usedParamSet":{"thresholdSeconds":true},"params":[{"name":"thresholdSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":471,"b":488}]}],"statement":"select\n  workers.worker_id as \"worker_id!\", workers.registered as \"registered!\", workers.started_at,\n  workers.last_heartbeat_at, extract(epoch from workers.heartbeat_interval)::float8 as heartbeat_interval_seconds,\n  workers.stopped_at, workers.metadata, workers.stale as \"is_stale!\",\n  workers.jobs_locked::integer as \"jobs_locked!\", workers.queues_locked::integer as \"queues_locked!\",\n  workers.oldest_locked_at\nfrom graphile_worker.list_workers(make_interval(secs => :thresholdSeconds!::double precision)) as workers"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   workers.worker_id as "worker_id!", workers.registered as "registered!", workers.started_at,
 *   workers.last_heartbeat_at, extract(epoch from workers.heartbeat_interval)::float8 as heartbeat_interval_seconds,
 *   workers.stopped_at, workers.metadata, workers.stale as "is_stale!",
 *   workers.jobs_locked::integer as "jobs_locked!", workers.queues_locked::integer as "queues_locked!",
 *   workers.oldest_locked_at
 * from graphile_worker.list_workers(make_interval(secs => :thresholdSeconds!::double precision)) as workers
 * ```
 */
export const listWorkers = new PreparedQuery<IListWorkersParams,IListWorkersResult>(listWorkersIR);


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


/** 'GetJobSummary' parameters type */
export interface IGetJobSummaryParams {
  id: string;
}

/** 'GetJobSummary' return type */
export interface IGetJobSummaryResult {
  attempts: number;
  created_at: Date;
  flags: unknown | null;
  id: string;
  key: string | null;
  last_error: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  max_attempts: number;
  priority: number;
  queue_name: string | null;
  revision: number;
  run_at: Date;
  state: string;
  task_identifier: string;
  updated_at: Date;
}

/** 'GetJobSummary' query type */
export interface IGetJobSummaryQuery {
  params: IGetJobSummaryParams;
  result: IGetJobSummaryResult;
}

const getJobSummaryIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":505,"b":508}]}],"statement":"-- One job without its payload: for a viewer not granted get_job.\nselect\n  job.id::text as \"id!\", job.queue_name, job.task_identifier as \"task_identifier!\",\n  job.priority as \"priority!\", job.run_at as \"run_at!\", job.attempts as \"attempts!\",\n  job.max_attempts as \"max_attempts!\", job.last_error, job.created_at as \"created_at!\",\n  job.updated_at as \"updated_at!\", job.key, job.locked_at, job.locked_by,\n  job.revision as \"revision!\", job.flags, job.state as \"state!\"\nfrom graphile_worker.get_job_summary(:id!::bigint) as job"};

/**
 * Query generated from SQL:
 * ```
 * -- One job without its payload: for a viewer not granted get_job.
 * select
 *   job.id::text as "id!", job.queue_name, job.task_identifier as "task_identifier!",
 *   job.priority as "priority!", job.run_at as "run_at!", job.attempts as "attempts!",
 *   job.max_attempts as "max_attempts!", job.last_error, job.created_at as "created_at!",
 *   job.updated_at as "updated_at!", job.key, job.locked_at, job.locked_by,
 *   job.revision as "revision!", job.flags, job.state as "state!"
 * from graphile_worker.get_job_summary(:id!::bigint) as job
 * ```
 */
export const getJobSummary = new PreparedQuery<IGetJobSummaryParams,IGetJobSummaryResult>(getJobSummaryIR);


