/** Types generated for queries found in "sql/queries/enqueue.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'AddJob' parameters type */
export interface IAddJobParams {
  flags?: stringArray | null | void;
  identifier: string;
  jobKey?: string | null | void;
  jobKeyMode?: string | null | void;
  maxAttempts?: number | null | void;
  payload?: string | null | void;
  priority?: number | null | void;
  queueName?: string | null | void;
  runAt?: DateOrString | null | void;
}

/** 'AddJob' return type */
export interface IAddJobResult {
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

/** 'AddJob' query type */
export interface IAddJobQuery {
  params: IAddJobParams;
  result: IAddJobResult;
}

const addJobIR: any = {"usedParamSet":{"identifier":true,"payload":true,"queueName":true,"runAt":true,"maxAttempts":true,"jobKey":true,"priority":true,"flags":true,"jobKeyMode":true},"params":[{"name":"identifier","required":true,"transform":{"type":"scalar"},"locs":[{"a":380,"b":391}]},{"name":"payload","required":false,"transform":{"type":"scalar"},"locs":[{"a":407,"b":414}]},{"name":"queueName","required":false,"transform":{"type":"scalar"},"locs":[{"a":439,"b":448}]},{"name":"runAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":463,"b":468}]},{"name":"maxAttempts","required":false,"transform":{"type":"scalar"},"locs":[{"a":489,"b":500}]},{"name":"jobKey","required":false,"transform":{"type":"scalar"},"locs":[{"a":516,"b":522}]},{"name":"priority","required":false,"transform":{"type":"scalar"},"locs":[{"a":539,"b":547}]},{"name":"flags","required":false,"transform":{"type":"scalar"},"locs":[{"a":561,"b":566}]},{"name":"jobKeyMode","required":false,"transform":{"type":"scalar"},"locs":[{"a":596,"b":606}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.add_job(\n  identifier := :identifier!,\n  payload := :payload::json,\n  queue_name := :queueName,\n  run_at := :runAt,\n  max_attempts := :maxAttempts,\n  job_key := :jobKey,\n  priority := :priority,\n  flags := :flags,\n  job_key_mode := coalesce(:jobKeyMode, 'replace')\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.add_job(
 *   identifier := :identifier!,
 *   payload := :payload::json,
 *   queue_name := :queueName,
 *   run_at := :runAt,
 *   max_attempts := :maxAttempts,
 *   job_key := :jobKey,
 *   priority := :priority,
 *   flags := :flags,
 *   job_key_mode := coalesce(:jobKeyMode, 'replace')
 * )
 * ```
 */
export const addJob = new PreparedQuery<IAddJobParams,IAddJobResult>(addJobIR);


/** 'AddJobs' parameters type */
export interface IAddJobsParams {
  jobKeyPreserveRunAt?: boolean | null | void;
  specs: string;
}

/** 'AddJobs' return type */
export interface IAddJobsResult {
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

/** 'AddJobs' query type */
export interface IAddJobsQuery {
  params: IAddJobsParams;
  result: IAddJobsResult;
}

const addJobsIR: any = {"usedParamSet":{"specs":true,"jobKeyPreserveRunAt":true},"params":[{"name":"specs","required":true,"transform":{"type":"scalar"},"locs":[{"a":436,"b":442}]},{"name":"jobKeyPreserveRunAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":464,"b":483}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.add_jobs(\n  array(select json_populate_recordset(null::graphile_worker.job_spec, :specs!::json)),\n  coalesce(:jobKeyPreserveRunAt::boolean, false)\n)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.add_jobs(
 *   array(select json_populate_recordset(null::graphile_worker.job_spec, :specs!::json)),
 *   coalesce(:jobKeyPreserveRunAt::boolean, false)
 * )
 * ```
 */
export const addJobs = new PreparedQuery<IAddJobsParams,IAddJobsResult>(addJobsIR);


/** 'RemoveJob' parameters type */
export interface IRemoveJobParams {
  jobKey: string;
}

/** 'RemoveJob' return type */
export interface IRemoveJobResult {
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

/** 'RemoveJob' query type */
export interface IRemoveJobQuery {
  params: IRemoveJobParams;
  result: IRemoveJobResult;
}

const removeJobIR: any = {"usedParamSet":{"jobKey":true},"params":[{"name":"jobKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":366,"b":373}]}],"statement":"select\n  id as \"id!\", queue_name, task_identifier as \"task_identifier!\", payload as \"payload!\",\n  priority as \"priority!\", run_at as \"run_at!\", attempts as \"attempts!\",\n  max_attempts as \"max_attempts!\", last_error, created_at as \"created_at!\",\n  updated_at as \"updated_at!\", key, locked_at, locked_by, revision as \"revision!\", flags\nfrom graphile_worker.remove_job(:jobKey!)"};

/**
 * Query generated from SQL:
 * ```
 * select
 *   id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
 *   priority as "priority!", run_at as "run_at!", attempts as "attempts!",
 *   max_attempts as "max_attempts!", last_error, created_at as "created_at!",
 *   updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
 * from graphile_worker.remove_job(:jobKey!)
 * ```
 */
export const removeJob = new PreparedQuery<IRemoveJobParams,IRemoveJobResult>(removeJobIR);


