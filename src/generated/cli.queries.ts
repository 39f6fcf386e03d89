/** Types generated for queries found in "sql/queries/cli.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'ListJobs' parameters type */
export interface IListJobsParams {
  identifier?: string | null | void;
  limit: number;
  offset: number;
  queueName?: string | null | void;
  state: string;
}

/** 'ListJobs' return type */
export interface IListJobsResult {
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

/** 'ListJobs' query type */
export interface IListJobsQuery {
  params: IListJobsParams;
  result: IListJobsResult;
}

const listJobsIR: any = {"usedParamSet":{"state":true,"identifier":true,"queueName":true,"limit":true,"offset":true},"params":[{"name":"state","required":true,"transform":{"type":"scalar"},"locs":[{"a":685,"b":691},{"a":723,"b":729}]},{"name":"identifier","required":false,"transform":{"type":"scalar"},"locs":[{"a":745,"b":755},{"a":797,"b":807}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":823,"b":832},{"a":869,"b":878}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":938,"b":944}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":962,"b":969}]}],"statement":"select\n  jobs.id as \"id!\", jobs.queue_name, jobs.task_identifier as \"task_identifier!\",\n  jobs.priority as \"priority!\", jobs.run_at as \"run_at!\", jobs.attempts as \"attempts!\",\n  jobs.max_attempts as \"max_attempts!\", jobs.last_error, jobs.created_at as \"created_at!\",\n  jobs.updated_at as \"updated_at!\", jobs.key, jobs.locked_at, jobs.locked_by,\n  jobs.revision as \"revision!\", jobs.flags, state.name as \"state!\"\nfrom graphile_worker.jobs as jobs\ncross join lateral (\n  select case\n    when jobs.locked_at is not null then 'locked'\n    when jobs.attempts >= jobs.max_attempts then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as name\n) as state\nwhere (:state!::text = 'all' or state.name = :state!::text)\n  and (:identifier::text is null or jobs.task_identifier = :identifier::text)\n  and (:queueName::text is null or jobs.queue_name = :queueName::text)\norder by jobs.priority, jobs.run_at, jobs.id\nlimit :limit!::integer\noffset :offset!::integer"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.id as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
 *   jobs.priority as "priority!", jobs.run_at as "run_at!", jobs.attempts as "attempts!",
 *   jobs.max_attempts as "max_attempts!", jobs.last_error, jobs.created_at as "created_at!",
 *   jobs.updated_at as "updated_at!", jobs.key, jobs.locked_at, jobs.locked_by,
 *   jobs.revision as "revision!", jobs.flags, state.name as "state!"
 * from graphile_worker.jobs as jobs
 * cross join lateral (
 *   select case
 *     when jobs.locked_at is not null then 'locked'
 *     when jobs.attempts >= jobs.max_attempts then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as name
 * ) as state
 * where (:state!::text = 'all' or state.name = :state!::text)
 *   and (:identifier::text is null or jobs.task_identifier = :identifier::text)
 *   and (:queueName::text is null or jobs.queue_name = :queueName::text)
 * order by jobs.priority, jobs.run_at, jobs.id
 * limit :limit!::integer
 * offset :offset!::integer
 * ```
 */
export const listJobs = new PreparedQuery<IListJobsParams,IListJobsResult>(listJobsIR);


/** 'ShowJob' parameters type */
export interface IShowJobParams {
  id: string;
}

/** 'ShowJob' return type */
export interface IShowJobResult {
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

/** 'ShowJob' query type */
export interface IShowJobQuery {
  params: IShowJobParams;
  result: IShowJobResult;
}

const showJobIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":678,"b":681}]}],"statement":"select\n  jobs.id as \"id!\", jobs.queue_name, jobs.task_identifier as \"task_identifier!\",\n  jobs.payload::text as \"payload_text!\", jobs.priority as \"priority!\", jobs.run_at as \"run_at!\",\n  jobs.attempts as \"attempts!\", jobs.max_attempts as \"max_attempts!\", jobs.last_error,\n  jobs.created_at as \"created_at!\", jobs.updated_at as \"updated_at!\", jobs.key,\n  jobs.locked_at, jobs.locked_by, jobs.revision as \"revision!\", jobs.flags,\n  case jobs.state\n    when 'running' then 'locked'\n    when 'permanently_failed' then 'failed'\n    when 'failed' then case when jobs.run_at <= now() then 'ready' else 'scheduled' end\n    else jobs.state\n  end as \"state!\"\nfrom graphile_worker.get_job(:id!::bigint) as jobs                                                                                                                                                                     "};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.id as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
 *   jobs.payload::text as "payload_text!", jobs.priority as "priority!", jobs.run_at as "run_at!",
 *   jobs.attempts as "attempts!", jobs.max_attempts as "max_attempts!", jobs.last_error,
 *   jobs.created_at as "created_at!", jobs.updated_at as "updated_at!", jobs.key,
 *   jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
 *   case jobs.state
 *     when 'running' then 'locked'
 *     when 'permanently_failed' then 'failed'
 *     when 'failed' then case when jobs.run_at <= now() then 'ready' else 'scheduled' end
 *     else jobs.state
 *   end as "state!"
 * from graphile_worker.get_job(:id!::bigint) as jobs                                                                                                                                                                     
 * ```
 */
export const showJob = new PreparedQuery<IShowJobParams,IShowJobResult>(showJobIR);


/** 'Stats' parameters type */
export type IStatsParams = void;

/** 'Stats' return type */
export interface IStatsResult {
  estimated: boolean;
  failed: number;
  last_swept_at: Date | null;
  locked: number;
  queues: number;
  ready: number;
  running_queues: number;
  scheduled: number;
  total: number;
  waiting_for_retry: number;
  workers: number;
}

/** 'Stats' query type */
export interface IStatsQuery {
  params: IStatsParams;
  result: IStatsResult;
}

const statsIR: any = {"usedParamSet":{},"params":[],"statement":"with counts as (\n  select counts.state, sum(counts.count)::integer as n, bool_or(counts.estimated) as estimated\n  from graphile_worker.job_counts() as counts\n  group by counts.state\n),\nqueues as (\n  select count(*)::integer as named, (count(*) filter (where queues.locked_at is not null))::integer as running\n  from graphile_worker.list_queues() as queues\n)\nselect\n  coalesce((select n from counts where state = 'ready'), 0) as \"ready!\",\n  coalesce((select sum(n) from counts where state in ('scheduled', 'failed')), 0)::integer as \"scheduled!\",\n  coalesce((select n from counts where state = 'running'), 0) as \"locked!\",\n  coalesce((select n from counts where state = 'permanently_failed'), 0) as \"failed!\",\n  coalesce((select sum(n) from counts), 0)::integer as \"total!\",\n  coalesce((select n from counts where state = 'failed'), 0) as \"waiting_for_retry!\",\n  coalesce((select bool_or(estimated) from counts), false) as \"estimated!\",\n  (select named from queues) as \"queues!\",\n  (select running from queues) as \"running_queues!\",\n  (select count(*) from graphile_worker.list_workers() as workers\n    where workers.registered and workers.stopped_at is null)::integer as \"workers!\",\n  (select sweeps.last_swept_at from graphile_worker._private_sweeps as sweeps) as last_swept_at"};

/**
 * Query generated from SQL:
 * ```
 * with counts as (
 *   select counts.state, sum(counts.count)::integer as n, bool_or(counts.estimated) as estimated
 *   from graphile_worker.job_counts() as counts
 *   group by counts.state
 * ),
 * queues as (
 *   select count(*)::integer as named, (count(*) filter (where queues.locked_at is not null))::integer as running
 *   from graphile_worker.list_queues() as queues
 * )
 * select
 *   coalesce((select n from counts where state = 'ready'), 0) as "ready!",
 *   coalesce((select sum(n) from counts where state in ('scheduled', 'failed')), 0)::integer as "scheduled!",
 *   coalesce((select n from counts where state = 'running'), 0) as "locked!",
 *   coalesce((select n from counts where state = 'permanently_failed'), 0) as "failed!",
 *   coalesce((select sum(n) from counts), 0)::integer as "total!",
 *   coalesce((select n from counts where state = 'failed'), 0) as "waiting_for_retry!",
 *   coalesce((select bool_or(estimated) from counts), false) as "estimated!",
 *   (select named from queues) as "queues!",
 *   (select running from queues) as "running_queues!",
 *   (select count(*) from graphile_worker.list_workers() as workers
 *     where workers.registered and workers.stopped_at is null)::integer as "workers!",
 *   (select sweeps.last_swept_at from graphile_worker._private_sweeps as sweeps) as last_swept_at
 * ```
 */
export const stats = new PreparedQuery<IStatsParams,IStatsResult>(statsIR);


/** 'ListQueues' parameters type */
export type IListQueuesParams = void;

/** 'ListQueues' return type */
export interface IListQueuesResult {
  head_job_id: string | null;
  lock_age_seconds: number | null;
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

const listQueuesIR: any = {"usedParamSet":{},"params":[],"statement":"select\n  queues.queue_name as \"queue_name!\",\n  queues.waiting::integer as \"waiting!\",\n  queues.waiting_capped as \"waiting_capped!\",\n  queues.running::integer as \"running!\",\n  queues.paused as \"paused!\",\n  queues.head_job_id::text as head_job_id,\n  queues.locked_by,\n  queues.locked_at,\n  extract(epoch from now() - queues.locked_at)::float8 as lock_age_seconds\nfrom graphile_worker.list_queues() as queues"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   queues.queue_name as "queue_name!",
 *   queues.waiting::integer as "waiting!",
 *   queues.waiting_capped as "waiting_capped!",
 *   queues.running::integer as "running!",
 *   queues.paused as "paused!",
 *   queues.head_job_id::text as head_job_id,
 *   queues.locked_by,
 *   queues.locked_at,
 *   extract(epoch from now() - queues.locked_at)::float8 as lock_age_seconds
 * from graphile_worker.list_queues() as queues
 * ```
 */
export const listQueues = new PreparedQuery<IListQueuesParams,IListQueuesResult>(listQueuesIR);


/** 'ListWorkers' parameters type */
export interface IListWorkersParams {
  thresholdSeconds: number;
}

/** 'ListWorkers' return type */
export interface IListWorkersResult {
  heartbeat_age_seconds: number | null;
  is_stale: boolean;
  jobs_locked: number;
  last_heartbeat_at: Date | null;
  metadata: unknown | null;
  oldest_lock_age_seconds: number | null;
  oldest_locked_at: Date | null;
  queues_locked: number;
  registered: boolean;
  started_at: Date | null;
  worker_id: string;
}

/** 'ListWorkers' query type */
export interface IListWorkersQuery {
  params: IListWorkersParams;
  result: IListWorkersResult;
}

const listWorkersIR: any = {"usedParamSet":{"thresholdSeconds":true},"params":[{"name":"thresholdSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":554,"b":571}]}],"statement":"select\n  workers.worker_id as \"worker_id!\",\n  workers.registered as \"registered!\",\n  workers.started_at,\n  workers.last_heartbeat_at,\n  extract(epoch from now() - workers.last_heartbeat_at)::float8 as heartbeat_age_seconds,\n  workers.stale as \"is_stale!\",\n  workers.jobs_locked::integer as \"jobs_locked!\",\n  workers.queues_locked::integer as \"queues_locked!\",\n  workers.oldest_locked_at,\n  extract(epoch from now() - workers.oldest_locked_at)::float8 as oldest_lock_age_seconds,\n  workers.metadata\nfrom graphile_worker.list_workers(make_interval(secs => :thresholdSeconds!::double precision)) as workers\nwhere workers.stopped_at is null or workers.jobs_locked + workers.queues_locked > 0\norder by not workers.registered, workers.started_at, workers.worker_id"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   workers.worker_id as "worker_id!",
 *   workers.registered as "registered!",
 *   workers.started_at,
 *   workers.last_heartbeat_at,
 *   extract(epoch from now() - workers.last_heartbeat_at)::float8 as heartbeat_age_seconds,
 *   workers.stale as "is_stale!",
 *   workers.jobs_locked::integer as "jobs_locked!",
 *   workers.queues_locked::integer as "queues_locked!",
 *   workers.oldest_locked_at,
 *   extract(epoch from now() - workers.oldest_locked_at)::float8 as oldest_lock_age_seconds,
 *   workers.metadata
 * from graphile_worker.list_workers(make_interval(secs => :thresholdSeconds!::double precision)) as workers
 * where workers.stopped_at is null or workers.jobs_locked + workers.queues_locked > 0
 * order by not workers.registered, workers.started_at, workers.worker_id
 * ```
 */
export const listWorkers = new PreparedQuery<IListWorkersParams,IListWorkersResult>(listWorkersIR);


