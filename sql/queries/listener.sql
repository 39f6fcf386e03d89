/*
  What the runner's listener asks before it LISTENs through its pool: the
  server process behind the connection. A pooler answers each connection with
  a process id of its own (BackendKeyData); when the two differ, the
  connection goes through a pooler and cannot be trusted to hold a LISTEN.
*/

/* @name BackendPid */
select pg_backend_pid() as "pid!";
