/** Types generated for queries found in "sql/queries/admin.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'CompleteJobs' parameters type */
export interface ICompleteJobsParams {
  jobIds: stringArray;
}

/** 'CompleteJobs' return type */
export interface ICompleteJobsResult {
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

/** 'CompleteJobs' query type */
export interface ICompleteJobsQuery {
  params: ICompleteJobsParams;
  result: ICompleteJobsResult;
}

const completeJobsIR: any = {"usedParamSet":{"jobIds":true},"params":[{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":369,"b":376}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.complete_jobs(:jobIds!::bigint[])"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.complete_jobs(:jobIds!::bigint[])
 * ```
 */
export const completeJobs = new PreparedQuery<ICompleteJobsParams,ICompleteJobsResult>(completeJobsIR);


/** 'PermanentlyFailJobs' parameters type */
export interface IPermanentlyFailJobsParams {
  jobIds: stringArray;
  reason?: string | null | void;
}

/** 'PermanentlyFailJobs' return type */
export interface IPermanentlyFailJobsResult {
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

/** 'PermanentlyFailJobs' query type */
export interface IPermanentlyFailJobsQuery {
  params: IPermanentlyFailJobsParams;
  result: IPermanentlyFailJobsResult;
}

const permanentlyFailJobsIR: any = {"usedParamSet":{"jobIds":true,"reason":true},"params":[{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":377,"b":384}]},{"name":"reason","required":false,"transform":{"type":"scalar"},"locs":[{"a":397,"b":403}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.permanently_fail_jobs(:jobIds!::bigint[], :reason::text)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.permanently_fail_jobs(:jobIds!::bigint[], :reason::text)
 * ```
 */
export const permanentlyFailJobs = new PreparedQuery<IPermanentlyFailJobsParams,IPermanentlyFailJobsResult>(permanentlyFailJobsIR);


/** 'RescheduleJobs' parameters type */
export interface IRescheduleJobsParams {
  attempts?: number | null | void;
  jobIds: stringArray;
  maxAttempts?: number | null | void;
  priority?: number | null | void;
  runAt?: DateOrString | null | void;
}

/** 'RescheduleJobs' return type */
export interface IRescheduleJobsResult {
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

/** 'RescheduleJobs' query type */
export interface IRescheduleJobsQuery {
  params: IRescheduleJobsParams;
  result: IRescheduleJobsResult;
}

const rescheduleJobsIR: any = {"usedParamSet":{"jobIds":true,"runAt":true,"priority":true,"attempts":true,"maxAttempts":true},"params":[{"name":"jobIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":374,"b":381}]},{"name":"runAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":406,"b":411}]},{"name":"priority","required":false,"transform":{"type":"scalar"},"locs":[{"a":441,"b":449}]},{"name":"attempts","required":false,"transform":{"type":"scalar"},"locs":[{"a":475,"b":483}]},{"name":"maxAttempts","required":false,"transform":{"type":"scalar"},"locs":[{"a":513,"b":524}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.reschedule_jobs(\n  :jobIds!::bigint[],\n  run_at := :runAt::timestamptz,\n  priority := :priority::integer,\n  attempts := :attempts::integer,\n  max_attempts := :maxAttempts::integer\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.reschedule_jobs(
 *   :jobIds!::bigint[],
 *   run_at := :runAt::timestamptz,
 *   priority := :priority::integer,
 *   attempts := :attempts::integer,
 *   max_attempts := :maxAttempts::integer
 * )
 * ```
 */
export const rescheduleJobs = new PreparedQuery<IRescheduleJobsParams,IRescheduleJobsResult>(rescheduleJobsIR);


/** 'ForceUnlockWorkers' parameters type */
export interface IForceUnlockWorkersParams {
  workerIds: stringArray;
}

/** 'ForceUnlockWorkers' return type */
export interface IForceUnlockWorkersResult {
  done: undefined | null;
}

/** 'ForceUnlockWorkers' query type */
export interface IForceUnlockWorkersQuery {
  params: IForceUnlockWorkersParams;
  result: IForceUnlockWorkersResult;
}

const forceUnlockWorkersIR: any = {"usedParamSet":{"workerIds":true},"params":[{"name":"workerIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":44,"b":54}]}],"statement":"select graphile_worker.force_unlock_workers(:workerIds!::text[]) as \"done\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.force_unlock_workers(:workerIds!::text[]) as "done"
 * ```
 */
export const forceUnlockWorkers = new PreparedQuery<IForceUnlockWorkersParams,IForceUnlockWorkersResult>(forceUnlockWorkersIR);


/** 'Cleanup' parameters type */
export interface ICleanupParams {
  taskIdentifiersToKeep?: stringArray | null | void;
  tasks: stringArray;
}

/** 'Cleanup' return type */
export interface ICleanupResult {
  deleted: number;
  task: string;
}

/** 'Cleanup' query type */
export interface ICleanupQuery {
  params: ICleanupParams;
  result: ICleanupResult;
}

const cleanupIR: any = {"usedParamSet":{"tasks":true,"taskIdentifiersToKeep":true},"params":[{"name":"tasks","required":true,"transform":{"type":"scalar"},"locs":[{"a":75,"b":81}]},{"name":"taskIdentifiersToKeep","required":false,"transform":{"type":"scalar"},"locs":[{"a":101,"b":122}]}],"statement":"select task as \"task!\", deleted as \"deleted!\"\nfrom graphile_worker.cleanup(:tasks!::text[], coalesce(:taskIdentifiersToKeep::text[], '{}'))"};

/**
 * Query generated from SQL:
 * ```
 * select task as "task!", deleted as "deleted!"
 * from graphile_worker.cleanup(:tasks!::text[], coalesce(:taskIdentifiersToKeep::text[], '{}'))
 * ```
 */
export const cleanup = new PreparedQuery<ICleanupParams,ICleanupResult>(cleanupIR);


/** 'AnalyzeJobs' parameters type */
export type IAnalyzeJobsParams = void;

/** 'AnalyzeJobs' return type */
export interface IAnalyzeJobsResult {
  done: undefined | null;
}

/** 'AnalyzeJobs' query type */
export interface IAnalyzeJobsQuery {
  params: IAnalyzeJobsParams;
  result: IAnalyzeJobsResult;
}

const analyzeJobsIR: any = {"usedParamSet":{},"params":[],"statement":"select graphile_worker.analyze_jobs() as \"done\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.analyze_jobs() as "done"
 * ```
 */
export const analyzeJobs = new PreparedQuery<IAnalyzeJobsParams,IAnalyzeJobsResult>(analyzeJobsIR);


/** 'ListActiveWorkers' parameters type */
export interface IListActiveWorkersParams {
  thresholdSeconds: number;
}

/** 'ListActiveWorkers' return type */
export interface IListActiveWorkersResult {
  is_stale: boolean;
  last_heartbeat_at: Date;
  metadata: unknown | null;
  started_at: Date;
  worker_id: string;
}

/** 'ListActiveWorkers' query type */
export interface IListActiveWorkersQuery {
  params: IListActiveWorkersParams;
  result: IListActiveWorkersResult;
}

const listActiveWorkersIR: any = {"usedParamSet":{"thresholdSeconds":true},"params":[{"name":"thresholdSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":207,"b":224}]}],"statement":"select\n  worker_id as \"worker_id!\", started_at as \"started_at!\", last_heartbeat_at as \"last_heartbeat_at!\",\n  metadata, is_stale as \"is_stale!\"\nfrom graphile_worker.list_active_workers(make_interval(secs => :thresholdSeconds!::double precision))"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   worker_id as "worker_id!", started_at as "started_at!", last_heartbeat_at as "last_heartbeat_at!",
 *   metadata, is_stale as "is_stale!"
 * from graphile_worker.list_active_workers(make_interval(secs => :thresholdSeconds!::double precision))
 * ```
 */
export const listActiveWorkers = new PreparedQuery<IListActiveWorkersParams,IListActiveWorkersResult>(listActiveWorkersIR);


/** 'SweepStaleWorkers' parameters type */
export interface ISweepStaleWorkersParams {
  dryRun: boolean;
  recoveryDelaySeconds: number;
  sweepThresholdSeconds: number;
}

/** 'SweepStaleWorkers' return type */
export interface ISweepStaleWorkersResult {
  another_sweep_running: boolean;
  dead_worker_ids: stringArray;
  jobs_recovered: number;
  queues_unlocked: number;
}

/** 'SweepStaleWorkers' query type */
export interface ISweepStaleWorkersQuery {
  params: ISweepStaleWorkersParams;
  result: ISweepStaleWorkersResult;
}

const sweepStaleWorkersIR: any = {"usedParamSet":{"sweepThresholdSeconds":true,"recoveryDelaySeconds":true,"dryRun":true},"params":[{"name":"sweepThresholdSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":242,"b":264}]},{"name":"recoveryDelaySeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":310,"b":331}]},{"name":"dryRun","required":true,"transform":{"type":"scalar"},"locs":[{"a":355,"b":362}]}],"statement":"select\n  dead_worker_ids as \"dead_worker_ids!\", jobs_recovered as \"jobs_recovered!\",\n  queues_unlocked as \"queues_unlocked!\", another_sweep_running as \"another_sweep_running!\"\nfrom graphile_worker.sweep_stale_workers(\n  make_interval(secs => :sweepThresholdSeconds!::double precision),\n  make_interval(secs => :recoveryDelaySeconds!::double precision),\n  :dryRun!::boolean\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   dead_worker_ids as "dead_worker_ids!", jobs_recovered as "jobs_recovered!",
 *   queues_unlocked as "queues_unlocked!", another_sweep_running as "another_sweep_running!"
 * from graphile_worker.sweep_stale_workers(
 *   make_interval(secs => :sweepThresholdSeconds!::double precision),
 *   make_interval(secs => :recoveryDelaySeconds!::double precision),
 *   :dryRun!::boolean
 * )
 * ```
 */
export const sweepStaleWorkers = new PreparedQuery<ISweepStaleWorkersParams,ISweepStaleWorkersResult>(sweepStaleWorkersIR);


/** 'PauseQueue' parameters type */
export interface IPauseQueueParams {
  queueName: string;
}

/** 'PauseQueue' return type */
export interface IPauseQueueResult {
  changed: boolean;
}

/** 'PauseQueue' query type */
export interface IPauseQueueQuery {
  params: IPauseQueueParams;
  result: IPauseQueueResult;
}

const pauseQueueIR: any = {"usedParamSet":{"queueName":true},"params":[{"name":"queueName","required":true,"transform":{"type":"scalar"},"locs":[{"a":35,"b":45}]}],"statement":"select graphile_worker.pause_queue(:queueName!::text) as \"changed!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.pause_queue(:queueName!::text) as "changed!"
 * ```
 */
export const pauseQueue = new PreparedQuery<IPauseQueueParams,IPauseQueueResult>(pauseQueueIR);


/** 'ResumeQueue' parameters type */
export interface IResumeQueueParams {
  queueName: string;
}

/** 'ResumeQueue' return type */
export interface IResumeQueueResult {
  changed: boolean;
}

/** 'ResumeQueue' query type */
export interface IResumeQueueQuery {
  params: IResumeQueueParams;
  result: IResumeQueueResult;
}

const resumeQueueIR: any = {"usedParamSet":{"queueName":true},"params":[{"name":"queueName","required":true,"transform":{"type":"scalar"},"locs":[{"a":36,"b":46}]}],"statement":"select graphile_worker.resume_queue(:queueName!::text) as \"changed!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.resume_queue(:queueName!::text) as "changed!"
 * ```
 */
export const resumeQueue = new PreparedQuery<IResumeQueueParams,IResumeQueueResult>(resumeQueueIR);


/** 'PauseTask' parameters type */
export interface IPauseTaskParams {
  taskIdentifier: string;
}

/** 'PauseTask' return type */
export interface IPauseTaskResult {
  changed: boolean;
}

/** 'PauseTask' query type */
export interface IPauseTaskQuery {
  params: IPauseTaskParams;
  result: IPauseTaskResult;
}

const pauseTaskIR: any = {"usedParamSet":{"taskIdentifier":true},"params":[{"name":"taskIdentifier","required":true,"transform":{"type":"scalar"},"locs":[{"a":34,"b":49}]}],"statement":"select graphile_worker.pause_task(:taskIdentifier!::text) as \"changed!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.pause_task(:taskIdentifier!::text) as "changed!"
 * ```
 */
export const pauseTask = new PreparedQuery<IPauseTaskParams,IPauseTaskResult>(pauseTaskIR);


/** 'ResumeTask' parameters type */
export interface IResumeTaskParams {
  taskIdentifier: string;
}

/** 'ResumeTask' return type */
export interface IResumeTaskResult {
  changed: boolean;
}

/** 'ResumeTask' query type */
export interface IResumeTaskQuery {
  params: IResumeTaskParams;
  result: IResumeTaskResult;
}

const resumeTaskIR: any = {"usedParamSet":{"taskIdentifier":true},"params":[{"name":"taskIdentifier","required":true,"transform":{"type":"scalar"},"locs":[{"a":35,"b":50}]}],"statement":"select graphile_worker.resume_task(:taskIdentifier!::text) as \"changed!\""};

/**
 * Query generated from SQL:
 * ```
 * select graphile_worker.resume_task(:taskIdentifier!::text) as "changed!"
 * ```
 */
export const resumeTask = new PreparedQuery<IResumeTaskParams,IResumeTaskResult>(resumeTaskIR);


