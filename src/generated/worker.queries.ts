/** Types generated for queries found in "sql/queries/worker.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'GetJobs' parameters type */
export interface IGetJobsParams {
  batchSize: number;
  completeJobIds?: stringArray | null | void;
  forbiddenFlags?: stringArray | null | void;
  now?: DateOrString | null | void;
  taskIdentifiers: stringArray;
  workerId: string;
}

/** 'GetJobs' return type */
export interface IGetJobsResult {
  attempts: number;
  created_at_epoch: number;
  flags: unknown | null;
  id: string;
  key: string | null;
  last_error: string | null;
  locked_at_epoch: number;
  max_attempts: number;
  payload: unknown;
  priority: number;
  queue_name: string | null;
  revision: number;
  run_at_epoch: number;
  task_identifier: string;
}

/** 'GetJobs' query type */
export interface IGetJobsQuery {
  params: IGetJobsParams;
  result: IGetJobsResult;
}

const getJobsIR: any = {"usedParamSet":{"workerId":true,"taskIdentifiers":true,"batchSize":true,"forbiddenFlags":true,"now":true,"completeJobIds":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":445,"b":454}]},{"name":"taskIdentifiers","required":true,"transform":{"type":"scalar"},"locs":[{"a":465,"b":481}]},{"name":"batchSize","required":true,"transform":{"type":"scalar"},"locs":[{"a":494,"b":504}]},{"name":"forbiddenFlags","required":false,"transform":{"type":"scalar"},"locs":[{"a":518,"b":532}]},{"name":"now","required":false,"transform":{"type":"scalar"},"locs":[{"a":554,"b":557}]},{"name":"completeJobIds","required":false,"transform":{"type":"scalar"},"locs":[{"a":583,"b":597}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", extract(epoch from run_at)::float8 as \"run_at_epoch!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, extract(epoch from created_at)::float8 as \"created_at_epoch!\",\n  key, extract(epoch from locked_at)::float8 as \"locked_at_epoch!\", revision as \"revision!\", flags\nfrom graphile_worker.get_jobs(\n  :workerId!::text,\n  :taskIdentifiers!::text[],\n  :batchSize!::integer,\n  :forbiddenFlags::text[],\n  coalesce(:now::timestamptz, now()),\n  :completeJobIds::bigint[]\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", extract(epoch from run_at)::float8 as "run_at_epoch!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, extract(epoch from created_at)::float8 as "created_at_epoch!",
 *   key, extract(epoch from locked_at)::float8 as "locked_at_epoch!", revision as "revision!", flags
 * from graphile_worker.get_jobs(
 *   :workerId!::text,
 *   :taskIdentifiers!::text[],
 *   :batchSize!::integer,
 *   :forbiddenFlags::text[],
 *   coalesce(:now::timestamptz, now()),
 *   :completeJobIds::bigint[]
 * )
 * ```
 */
export const getJobs = new PreparedQuery<IGetJobsParams,IGetJobsResult>(getJobsIR);


/** 'CompleteWorkerJobs' parameters type */
export interface ICompleteWorkerJobsParams {
  jobIds: stringArray;
  workerId: string;
}

/** 'CompleteWorkerJobs' return type */
export interface ICompleteWorkerJobsResult {
  id: string;
}

/** 'CompleteWorkerJobs' query type */
export interface ICompleteWorkerJobsQuery {
  params: ICompleteWorkerJobsParams;
  result: ICompleteWorkerJobsResult;
}

const completeWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"jobIds":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":61,"b":70}]},{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":79,"b":86}]}],"statement":"select id as \"id!\" from graphile_worker.worker_complete_jobs(:workerId!::text, :jobIds!::bigint[]) as id"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!" from graphile_worker.worker_complete_jobs(:workerId!::text, :jobIds!::bigint[]) as id
 * ```
 */
export const completeWorkerJobs = new PreparedQuery<ICompleteWorkerJobsParams,ICompleteWorkerJobsResult>(completeWorkerJobsIR);


/** 'FailWorkerJobs' parameters type */
export interface IFailWorkerJobsParams {
  errorMessages: stringArray;
  jobIds: stringArray;
  replacementPayloads?: string | null | void;
  workerId: string;
}

/** 'FailWorkerJobs' return type */
export interface IFailWorkerJobsResult {
  attempts: number;
  id: string;
  max_attempts: number;
  run_at: Date;
}

/** 'FailWorkerJobs' query type */
export interface IFailWorkerJobsQuery {
  params: IFailWorkerJobsParams;
  result: IFailWorkerJobsResult;
}

const failWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"jobIds":true,"errorMessages":true,"replacementPayloads":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":139,"b":148}]},{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":159,"b":166}]},{"name":"errorMessages","required":true,"transform":{"type":"scalar"},"locs":[{"a":181,"b":195}]},{"name":"replacementPayloads","required":false,"transform":{"type":"scalar"},"locs":[{"a":316,"b":335}]}],"statement":"select id as \"id!\", attempts as \"attempts!\", max_attempts as \"max_attempts!\", run_at as \"run_at!\"\nfrom graphile_worker.worker_fail_jobs(\n  :workerId!::text,\n  :jobIds!::bigint[],\n  :errorMessages!::text[],\n  (select array_agg(nullif(entry.payload::text, 'null')::json order by entry.n)\n     from json_array_elements(:replacementPayloads::json) with ordinality as entry(payload, n))\n)"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!", attempts as "attempts!", max_attempts as "max_attempts!", run_at as "run_at!"
 * from graphile_worker.worker_fail_jobs(
 *   :workerId!::text,
 *   :jobIds!::bigint[],
 *   :errorMessages!::text[],
 *   (select array_agg(nullif(entry.payload::text, 'null')::json order by entry.n)
 *      from json_array_elements(:replacementPayloads::json) with ordinality as entry(payload, n))
 * )
 * ```
 */
export const failWorkerJobs = new PreparedQuery<IFailWorkerJobsParams,IFailWorkerJobsResult>(failWorkerJobsIR);


/** 'ReturnWorkerJobs' parameters type */
export interface IReturnWorkerJobsParams {
  jobIds: stringArray;
  workerId: string;
}

/** 'ReturnWorkerJobs' return type */
export interface IReturnWorkerJobsResult {
  id: string;
}

/** 'ReturnWorkerJobs' query type */
export interface IReturnWorkerJobsQuery {
  params: IReturnWorkerJobsParams;
  result: IReturnWorkerJobsResult;
}

const returnWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"jobIds":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":59,"b":68}]},{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":77,"b":84}]}],"statement":"select id as \"id!\" from graphile_worker.worker_return_jobs(:workerId!::text, :jobIds!::bigint[]) as id"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!" from graphile_worker.worker_return_jobs(:workerId!::text, :jobIds!::bigint[]) as id
 * ```
 */
export const returnWorkerJobs = new PreparedQuery<IReturnWorkerJobsParams,IReturnWorkerJobsResult>(returnWorkerJobsIR);


/** 'ReleaseStaleLocks' parameters type */
export type IReleaseStaleLocksParams = void;

/** 'ReleaseStaleLocks' return type */
export interface IReleaseStaleLocksResult {
  jobs_released: number;
  queues_released: number;
}

/** 'ReleaseStaleLocks' query type */
export interface IReleaseStaleLocksQuery {
  params: IReleaseStaleLocksParams;
  result: IReleaseStaleLocksResult;
}

const releaseStaleLocksIR: any = {"usedParamSet":{},"params":[],"statement":"select jobs_released as \"jobs_released!\", queues_released as \"queues_released!\"\nfrom graphile_worker.release_stale_locks()"};

/**
 * Query generated from SQL:
 * ```
 * select jobs_released as "jobs_released!", queues_released as "queues_released!"
 * from graphile_worker.release_stale_locks()
 * ```
 */
export const releaseStaleLocks = new PreparedQuery<IReleaseStaleLocksParams,IReleaseStaleLocksResult>(releaseStaleLocksIR);


/** 'WorkerHeartbeat' parameters type */
export interface IWorkerHeartbeatParams {
  heartbeatIntervalSeconds: number;
  metadata?: string | null | void;
  workerId: string;
}

/** 'WorkerHeartbeat' return type */
export interface IWorkerHeartbeatResult {
  was_registered: boolean;
}

/** 'WorkerHeartbeat' query type */
export interface IWorkerHeartbeatQuery {
  params: IWorkerHeartbeatParams;
  result: IWorkerHeartbeatResult;
}

const workerHeartbeatIR: any = {"usedParamSet":{"workerId":true,"heartbeatIntervalSeconds":true,"metadata":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":55}]},{"name":"heartbeatIntervalSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":88,"b":113}]},{"name":"metadata","required":false,"transform":{"type":"scalar"},"locs":[{"a":137,"b":145}]}],"statement":"select graphile_worker.worker_heartbeat_v2(\n  :workerId!::text,\n  make_interval(secs => :heartbeatIntervalSeconds!::double precision),\n  :metadata::jsonb\n) as \"was_registered!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.worker_heartbeat_v2(
 *   :workerId!::text,
 *   make_interval(secs => :heartbeatIntervalSeconds!::double precision),
 *   :metadata::jsonb
 * ) as "was_registered!"
 * ```
 */
export const workerHeartbeat = new PreparedQuery<IWorkerHeartbeatParams,IWorkerHeartbeatResult>(workerHeartbeatIR);


/** 'WorkerDeregister' parameters type */
export interface IWorkerDeregisterParams {
  workerId: string;
}

/** 'WorkerDeregister' return type */
export interface IWorkerDeregisterResult {
  was_registered: boolean;
}

/** 'WorkerDeregister' query type */
export interface IWorkerDeregisterQuery {
  params: IWorkerDeregisterParams;
  result: IWorkerDeregisterResult;
}

const workerDeregisterIR: any = {"usedParamSet":{"workerId":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":41,"b":50}]}],"statement":"select graphile_worker.worker_deregister(:workerId!::text) as \"was_registered!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.worker_deregister(:workerId!::text) as "was_registered!"
 * ```
 */
export const workerDeregister = new PreparedQuery<IWorkerDeregisterParams,IWorkerDeregisterResult>(workerDeregisterIR);


/** 'ReturnUnknownWorkerJobs' parameters type */
export interface IReturnUnknownWorkerJobsParams {
  knownJobIds: stringArray;
  workerId: string;
}

/** 'ReturnUnknownWorkerJobs' return type */
export interface IReturnUnknownWorkerJobsResult {
  id: string;
}

/** 'ReturnUnknownWorkerJobs' query type */
export interface IReturnUnknownWorkerJobsQuery {
  params: IReturnUnknownWorkerJobsParams;
  result: IReturnUnknownWorkerJobsResult;
}

const returnUnknownWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"knownJobIds":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":67,"b":76}]},{"name":"knownJobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":85,"b":97}]}],"statement":"select id as \"id!\" from graphile_worker.worker_return_unknown_jobs(:workerId!::text, :knownJobIds!::bigint[]) as id"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!" from graphile_worker.worker_return_unknown_jobs(:workerId!::text, :knownJobIds!::bigint[]) as id
 * ```
 */
export const returnUnknownWorkerJobs = new PreparedQuery<IReturnUnknownWorkerJobsParams,IReturnUnknownWorkerJobsResult>(returnUnknownWorkerJobsIR);


