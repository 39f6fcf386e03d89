/**
 * A module loaded on first use. The CLI's help, version and usage errors,
 * and every command that fails before it connects, start without the
 * database client and the query runtime (about 150 ms of a 300 ms start).
 * `load` must be a `require` of the module, typed with `typeof import(...)`.
 */
export function lazyModule<T extends object>(load: () => T): T {
  let loaded: T | undefined;
  const get = (): T => (loaded ??= load());
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(get(), key),
    has: (_target, key) => Reflect.has(get(), key),
  });
}
