// Types for the parts of postgres.mjs that TypeScript tests use.
export interface Cluster {
  url: string;
  stop(): void;
  restart(mode?: "fast" | "immediate" | "smart"): string;
}
export function startThrowawayCluster(): Promise<Cluster>;
export function ensureServer(): Promise<{ url: string; stop(): void }>;
export function databaseUrl(url: string, name: string): string;
/** The pgbouncer binary's path; installs the Debian package when missing (as root), else throws saying so. */
export function ensurePgbouncer(): string;
