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

/** 'ShowJob' query type */
export interface IShowJobQuery {
  params: IShowJobParams;
  result: IShowJobResult;
}

const showJobIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":684,"b":687}]}],"statement":"select\n  jobs.id as \"id!\", jobs.queue_name, jobs.task_identifier as \"task_identifier!\",\n  jobs.payload::text as \"payload_text!\", jobs.priority as \"priority!\", jobs.run_at as \"run_at!\",\n  jobs.attempts as \"attempts!\", jobs.max_attempts as \"max_attempts!\", jobs.last_error,\n  jobs.created_at as \"created_at!\", jobs.updated_at as \"updated_at!\", jobs.key,\n  jobs.locked_at, jobs.locked_by, jobs.revision as \"revision!\", jobs.flags,\n  case\n    when jobs.locked_at is not null then 'locked'\n    when jobs.attempts >= jobs.max_attempts then 'failed'\n    when jobs.run_at <= now() then 'ready'\n    else 'scheduled'\n  end as \"state!\"\nfrom graphile_worker._private_jobs as jobs\nwhere jobs.id = :id!::bigint"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   jobs.id as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
 *   jobs.payload::text as "payload_text!", jobs.priority as "priority!", jobs.run_at as "run_at!",
 *   jobs.attempts as "attempts!", jobs.max_attempts as "max_attempts!", jobs.last_error,
 *   jobs.created_at as "created_at!", jobs.updated_at as "updated_at!", jobs.key,
 *   jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
 *   case
 *     when jobs.locked_at is not null then 'locked'
 *     when jobs.attempts >= jobs.max_attempts then 'failed'
 *     when jobs.run_at <= now() then 'ready'
 *     else 'scheduled'
 *   end as "state!"
 * from graphile_worker._private_jobs as jobs
 * where jobs.id = :id!::bigint
 * ```
 */
export const showJob = new PreparedQuery<IShowJobParams,IShowJobResult>(showJobIR);


/** 'Stats' parameters type */
export type IStatsParams = void;

/** 'Stats' return type */
export interface IStatsResult {
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

const statsIR: any = {"usedParamSet":{},"params":[],"statement":"with states as (\n  select\n    jobs.attempts,\n    case\n      when jobs.locked_at is not null then 'locked'\n      when jobs.attempts >= jobs.max_attempts then 'failed'\n      when jobs.run_at <= now() then 'ready'\n      else 'scheduled'\n    end as state\n  from graphile_worker._private_jobs as jobs\n)\nselect\n  (select count(*) from states where states.state = 'ready')::integer as \"ready!\",\n  (select count(*) from states where states.state = 'scheduled')::integer as \"scheduled!\",\n  (select count(*) from states where states.state = 'locked')::integer as \"locked!\",\n  (select count(*) from states where states.state = 'failed')::integer as \"failed!\",\n  (select count(*) from states)::integer as \"total!\",\n  (select count(*) from states where states.state = 'scheduled' and states.attempts > 0)::integer\n    as \"waiting_for_retry!\",\n  (select count(*) from graphile_worker._private_job_queues)::integer as \"queues!\",\n  (select count(*) from graphile_worker._private_job_queues as queues where queues.locked_at is not null)::integer\n    as \"running_queues!\",\n  (select count(*) from graphile_worker._private_workers as workers where workers.stopped_at is null)::integer as \"workers!\",\n  (select sweeps.last_swept_at from graphile_worker._private_sweeps as sweeps) as last_swept_at"};

/**
 * Query generated from SQL:
 * ```
 * with states as (
 *   select
 *     jobs.attempts,
 *     case
 *       when jobs.locked_at is not null then 'locked'
 *       when jobs.attempts >= jobs.max_attempts then 'failed'
 *       when jobs.run_at <= now() then 'ready'
 *       else 'scheduled'
 *     end as state
 *   from graphile_worker._private_jobs as jobs
 * )
 * select
 *   (select count(*) from states where states.state = 'ready')::integer as "ready!",
 *   (select count(*) from states where states.state = 'scheduled')::integer as "scheduled!",
 *   (select count(*) from states where states.state = 'locked')::integer as "locked!",
 *   (select count(*) from states where states.state = 'failed')::integer as "failed!",
 *   (select count(*) from states)::integer as "total!",
 *   (select count(*) from states where states.state = 'scheduled' and states.attempts > 0)::integer
 *     as "waiting_for_retry!",
 *   (select count(*) from graphile_worker._private_job_queues)::integer as "queues!",
 *   (select count(*) from graphile_worker._private_job_queues as queues where queues.locked_at is not null)::integer
 *     as "running_queues!",
 *   (select count(*) from graphile_worker._private_workers as workers where workers.stopped_at is null)::integer as "workers!",
 *   (select sweeps.last_swept_at from graphile_worker._private_sweeps as sweeps) as last_swept_at
 * ```
 */
export const stats = new PreparedQuery<IStatsParams,IStatsResult>(statsIR);


/** 'ListQueues' parameters type */
export type IListQueuesParams = void;

/** 'ListQueues' return type */
export interface IListQueuesResult {
  jobs: number;
  lock_age_seconds: number | null;
  locked_at: Date | null;
  /** The worker id running this queue's current job. */
  locked_by: string | null;
  queue_name: string;
  ready: number;
}

/** 'ListQueues' query type */
export interface IListQueuesQuery {
  params: IListQueuesParams;
  result: IListQueuesResult;
}

const listQueuesIR: any = {"usedParamSet":{},"params":[],"statement":"select\n  queues.queue_name as \"queue_name!\",\n  count(jobs.id)::integer as \"jobs!\",\n  (count(jobs.id) filter (\n    where jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()\n  ))::integer as \"ready!\",\n  queues.locked_by,\n  queues.locked_at,\n  extract(epoch from now() - queues.locked_at)::float8 as lock_age_seconds\nfrom graphile_worker._private_job_queues as queues\nleft join graphile_worker._private_jobs as jobs on jobs.queue_name = queues.queue_name\ngroup by queues.queue_name\norder by queues.queue_name"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   queues.queue_name as "queue_name!",
 *   count(jobs.id)::integer as "jobs!",
 *   (count(jobs.id) filter (
 *     where jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()
 *   ))::integer as "ready!",
 *   queues.locked_by,
 *   queues.locked_at,
 *   extract(epoch from now() - queues.locked_at)::float8 as lock_age_seconds
 * from graphile_worker._private_job_queues as queues
 * left join graphile_worker._private_jobs as jobs on jobs.queue_name = queues.queue_name
 * group by queues.queue_name
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

const listWorkersIR: any = {"usedParamSet":{"thresholdSeconds":true},"params":[{"name":"thresholdSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":703,"b":720},{"a":1109,"b":1126}]}],"statement":"with locks as (\n  select jobs.locked_by as worker_id, jobs.locked_at, 1 as job, 0 as queue\n  from graphile_worker._private_jobs as jobs\n  where jobs.locked_at is not null and jobs.locked_by is not null\n  union all\n  select queues.locked_by, queues.locked_at, 0, 1\n  from graphile_worker._private_job_queues as queues\n  where queues.locked_at is not null and queues.locked_by is not null\n),\nholders as (\n  select\n    locks.worker_id,\n    sum(locks.job)::integer as jobs_locked,\n    sum(locks.queue)::integer as queues_locked,\n    min(locks.locked_at) as oldest_locked_at\n  from locks\n  group by locks.worker_id\n),\nregistry as (\n  select *\n  from graphile_worker.list_active_workers(make_interval(secs => :thresholdSeconds!::double precision))\n)\nselect\n  coalesce(registry.worker_id, holders.worker_id) as \"worker_id!\",\n  registry.worker_id is not null as \"registered!\",\n  registry.started_at,\n  registry.last_heartbeat_at,\n  extract(epoch from now() - registry.last_heartbeat_at)::float8 as heartbeat_age_seconds,\n  coalesce(\n    registry.is_stale,\n    holders.oldest_locked_at < now() - make_interval(secs => :thresholdSeconds!::double precision)\n  ) as \"is_stale!\",\n  coalesce(holders.jobs_locked, 0) as \"jobs_locked!\",\n  coalesce(holders.queues_locked, 0) as \"queues_locked!\",\n  holders.oldest_locked_at,\n  extract(epoch from now() - holders.oldest_locked_at)::float8 as oldest_lock_age_seconds,\n  registry.metadata\nfrom registry\nfull join holders on holders.worker_id = registry.worker_id\norder by registry.worker_id is null, registry.started_at, coalesce(registry.worker_id, holders.worker_id)"};

/**
 * Query generated from SQL:
 * ```
 * with locks as (
 *   select jobs.locked_by as worker_id, jobs.locked_at, 1 as job, 0 as queue
 *   from graphile_worker._private_jobs as jobs
 *   where jobs.locked_at is not null and jobs.locked_by is not null
 *   union all
 *   select queues.locked_by, queues.locked_at, 0, 1
 *   from graphile_worker._private_job_queues as queues
 *   where queues.locked_at is not null and queues.locked_by is not null
 * ),
 * holders as (
 *   select
 *     locks.worker_id,
 *     sum(locks.job)::integer as jobs_locked,
 *     sum(locks.queue)::integer as queues_locked,
 *     min(locks.locked_at) as oldest_locked_at
 *   from locks
 *   group by locks.worker_id
 * ),
 * registry as (
 *   select *
 *   from graphile_worker.list_active_workers(make_interval(secs => :thresholdSeconds!::double precision))
 * )
 * select
 *   coalesce(registry.worker_id, holders.worker_id) as "worker_id!",
 *   registry.worker_id is not null as "registered!",
 *   registry.started_at,
 *   registry.last_heartbeat_at,
 *   extract(epoch from now() - registry.last_heartbeat_at)::float8 as heartbeat_age_seconds,
 *   coalesce(
 *     registry.is_stale,
 *     holders.oldest_locked_at < now() - make_interval(secs => :thresholdSeconds!::double precision)
 *   ) as "is_stale!",
 *   coalesce(holders.jobs_locked, 0) as "jobs_locked!",
 *   coalesce(holders.queues_locked, 0) as "queues_locked!",
 *   holders.oldest_locked_at,
 *   extract(epoch from now() - holders.oldest_locked_at)::float8 as oldest_lock_age_seconds,
 *   registry.metadata
 * from registry
 * full join holders on holders.worker_id = registry.worker_id
 * order by registry.worker_id is null, registry.started_at, coalesce(registry.worker_id, holders.worker_id)
 * ```
 */
export const listWorkers = new PreparedQuery<IListWorkersParams,IListWorkersResult>(listWorkersIR);


