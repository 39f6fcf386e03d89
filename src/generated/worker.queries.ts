/** Types generated for queries found in "sql/queries/worker.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'GetJobs' parameters type */
export interface IGetJobsParams {
  batchSize: number;
  claim: string;
  completedClaims?: stringArray | null | void;
  completedJobIds?: stringArray | null | void;
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

const getJobsIR: any = {"usedParamSet":{"workerId":true,"claim":true,"taskIdentifiers":true,"batchSize":true,"forbiddenFlags":true,"now":true,"completedJobIds":true,"completedClaims":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":448,"b":457}]},{"name":"claim","required":true,"transform":{"type":"scalar"},"locs":[{"a":468,"b":474}]},{"name":"taskIdentifiers","required":true,"transform":{"type":"scalar"},"locs":[{"a":485,"b":501}]},{"name":"batchSize","required":true,"transform":{"type":"scalar"},"locs":[{"a":514,"b":524}]},{"name":"forbiddenFlags","required":false,"transform":{"type":"scalar"},"locs":[{"a":538,"b":552}]},{"name":"now","required":false,"transform":{"type":"scalar"},"locs":[{"a":565,"b":568}]},{"name":"completedJobIds","required":false,"transform":{"type":"scalar"},"locs":[{"a":586,"b":601}]},{"name":"completedClaims","required":false,"transform":{"type":"scalar"},"locs":[{"a":616,"b":631}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", extract(epoch from run_at)::float8 as \"run_at_epoch!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, extract(epoch from created_at)::float8 as \"created_at_epoch!\",\n  key, extract(epoch from locked_at)::float8 as \"locked_at_epoch!\", revision as \"revision!\", flags\nfrom graphile_worker.get_jobs_v2(\n  :workerId!::text,\n  :claim!::uuid,\n  :taskIdentifiers!::text[],\n  :batchSize!::integer,\n  :forbiddenFlags::text[],\n  :now::timestamptz,\n  :completedJobIds::bigint[],\n  :completedClaims::uuid[]\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", extract(epoch from run_at)::float8 as "run_at_epoch!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, extract(epoch from created_at)::float8 as "created_at_epoch!",
 *   key, extract(epoch from locked_at)::float8 as "locked_at_epoch!", revision as "revision!", flags
 * from graphile_worker.get_jobs_v2(
 *   :workerId!::text,
 *   :claim!::uuid,
 *   :taskIdentifiers!::text[],
 *   :batchSize!::integer,
 *   :forbiddenFlags::text[],
 *   :now::timestamptz,
 *   :completedJobIds::bigint[],
 *   :completedClaims::uuid[]
 * )
 * ```
 */
export const getJobs = new PreparedQuery<IGetJobsParams,IGetJobsResult>(getJobsIR);


/** 'CompleteWorkerJobs' parameters type */
export interface ICompleteWorkerJobsParams {
  claims: stringArray;
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

const completeWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"jobIds":true,"claims":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":64,"b":73}]},{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":82,"b":89}]},{"name":"claims","required":true,"transform":{"type":"scalar"},"locs":[{"a":102,"b":109}]}],"statement":"select id as \"id!\" from graphile_worker.worker_complete_jobs_v2(:workerId!::text, :jobIds!::bigint[], :claims!::uuid[]) as id"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!" from graphile_worker.worker_complete_jobs_v2(:workerId!::text, :jobIds!::bigint[], :claims!::uuid[]) as id
 * ```
 */
export const completeWorkerJobs = new PreparedQuery<ICompleteWorkerJobsParams,ICompleteWorkerJobsResult>(completeWorkerJobsIR);


/** 'FailWorkerJobs' parameters type */
export interface IFailWorkerJobsParams {
  claims: stringArray;
  errorMessages: stringArray;
  failedItems?: string | null | void;
  jobIds: stringArray;
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

const failWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"jobIds":true,"claims":true,"errorMessages":true,"failedItems":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":151}]},{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":162,"b":169}]},{"name":"claims","required":true,"transform":{"type":"scalar"},"locs":[{"a":184,"b":191}]},{"name":"errorMessages","required":true,"transform":{"type":"scalar"},"locs":[{"a":204,"b":218}]},{"name":"failedItems","required":false,"transform":{"type":"scalar"},"locs":[{"a":231,"b":242}]}],"statement":"select id as \"id!\", attempts as \"attempts!\", max_attempts as \"max_attempts!\", run_at as \"run_at!\"\nfrom graphile_worker.worker_fail_jobs_v2(\n  :workerId!::text,\n  :jobIds!::bigint[],\n  :claims!::uuid[],\n  :errorMessages!::text[],\n  :failedItems::json\n)"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!", attempts as "attempts!", max_attempts as "max_attempts!", run_at as "run_at!"
 * from graphile_worker.worker_fail_jobs_v2(
 *   :workerId!::text,
 *   :jobIds!::bigint[],
 *   :claims!::uuid[],
 *   :errorMessages!::text[],
 *   :failedItems::json
 * )
 * ```
 */
export const failWorkerJobs = new PreparedQuery<IFailWorkerJobsParams,IFailWorkerJobsResult>(failWorkerJobsIR);


/** 'ReturnWorkerJobs' parameters type */
export interface IReturnWorkerJobsParams {
  claims: stringArray;
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

const returnWorkerJobsIR: any = {"usedParamSet":{"workerId":true,"jobIds":true,"claims":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":62,"b":71}]},{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":80,"b":87}]},{"name":"claims","required":true,"transform":{"type":"scalar"},"locs":[{"a":100,"b":107}]}],"statement":"select id as \"id!\" from graphile_worker.worker_return_jobs_v2(:workerId!::text, :jobIds!::bigint[], :claims!::uuid[]) as id"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!" from graphile_worker.worker_return_jobs_v2(:workerId!::text, :jobIds!::bigint[], :claims!::uuid[]) as id
 * ```
 */
export const returnWorkerJobs = new PreparedQuery<IReturnWorkerJobsParams,IReturnWorkerJobsResult>(returnWorkerJobsIR);


/** 'ReturnClaim' parameters type */
export interface IReturnClaimParams {
  claim: string;
  workerId: string;
}

/** 'ReturnClaim' return type */
export interface IReturnClaimResult {
  id: string;
}

/** 'ReturnClaim' query type */
export interface IReturnClaimQuery {
  params: IReturnClaimParams;
  result: IReturnClaimResult;
}

const returnClaimIR: any = {"usedParamSet":{"workerId":true,"claim":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":60,"b":69}]},{"name":"claim","required":true,"transform":{"type":"scalar"},"locs":[{"a":78,"b":84}]}],"statement":"select id as \"id!\" from graphile_worker.worker_return_claim(:workerId!::text, :claim!::uuid) as id"};

/**
 * Query generated from SQL:
 * ```
 * select id as "id!" from graphile_worker.worker_return_claim(:workerId!::text, :claim!::uuid) as id
 * ```
 */
export const returnClaim = new PreparedQuery<IReturnClaimParams,IReturnClaimResult>(returnClaimIR);


/** 'WorkerRegister' parameters type */
export interface IWorkerRegisterParams {
  heartbeatIntervalSeconds: number;
  metadata?: string | null | void;
  workerId: string;
}

/** 'WorkerRegister' return type */
export interface IWorkerRegisterResult {
  jobs_recovered: number;
  queues_unlocked: number;
}

/** 'WorkerRegister' query type */
export interface IWorkerRegisterQuery {
  params: IWorkerRegisterParams;
  result: IWorkerRegisterResult;
}

const workerRegisterIR: any = {"usedParamSet":{"workerId":true,"heartbeatIntervalSeconds":true,"metadata":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":131}]},{"name":"heartbeatIntervalSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":164,"b":189}]},{"name":"metadata","required":false,"transform":{"type":"scalar"},"locs":[{"a":213,"b":221}]}],"statement":"select jobs_recovered as \"jobs_recovered!\", queues_unlocked as \"queues_unlocked!\"\nfrom graphile_worker.worker_register(\n  :workerId!::text,\n  make_interval(secs => :heartbeatIntervalSeconds!::double precision),\n  :metadata::jsonb\n)"};

/**
 * Query generated from SQL:
 * ```
 * select jobs_recovered as "jobs_recovered!", queues_unlocked as "queues_unlocked!"
 * from graphile_worker.worker_register(
 *   :workerId!::text,
 *   make_interval(secs => :heartbeatIntervalSeconds!::double precision),
 *   :metadata::jsonb
 * )
 * ```
 */
export const workerRegister = new PreparedQuery<IWorkerRegisterParams,IWorkerRegisterResult>(workerRegisterIR);


/** 'WorkerHeartbeat' parameters type */
export interface IWorkerHeartbeatParams {
  heartbeatIntervalSeconds: number;
  jobsCompleted: string;
  jobsFailed: string;
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

const workerHeartbeatIR: any = {"usedParamSet":{"workerId":true,"heartbeatIntervalSeconds":true,"jobsCompleted":true,"jobsFailed":true},"params":[{"name":"workerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":55}]},{"name":"heartbeatIntervalSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":88,"b":113}]},{"name":"jobsCompleted","required":true,"transform":{"type":"scalar"},"locs":[{"a":145,"b":159}]},{"name":"jobsFailed","required":true,"transform":{"type":"scalar"},"locs":[{"a":172,"b":183}]}],"statement":"select graphile_worker.worker_heartbeat_v2(\n  :workerId!::text,\n  make_interval(secs => :heartbeatIntervalSeconds!::double precision),\n  null,\n  :jobsCompleted!::bigint,\n  :jobsFailed!::bigint\n) as \"was_registered!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.worker_heartbeat_v2(
 *   :workerId!::text,
 *   make_interval(secs => :heartbeatIntervalSeconds!::double precision),
 *   null,
 *   :jobsCompleted!::bigint,
 *   :jobsFailed!::bigint
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


