/** Types generated for queries found in "sql/queries/listener.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'BackendPid' parameters type */
export type IBackendPidParams = void;

/** 'BackendPid' return type */
export interface IBackendPidResult {
  pid: number;
}

/** 'BackendPid' query type */
export interface IBackendPidQuery {
  params: IBackendPidParams;
  result: IBackendPidResult;
}

const backendPidIR: any = {"usedParamSet":{},"params":[],"statement":"select pg_backend_pid() as \"pid!\""};

/**
 * Query generated from SQL:
 * ```
 * select pg_backend_pid() as "pid!"
 * ```
 */
export const backendPid = new PreparedQuery<IBackendPidParams,IBackendPidResult>(backendPidIR);


